/**
 * Figures that move with every tick, written straight into the page: React renders the elements once
 * (and again only when the structure changes — a row more or fewer, another market); a tick writes only
 * the text, attributes and styles whose value changed, with no React render between the market and the
 * screen. Each writer remembers what it last wrote, so an unchanged figure costs a string comparison.
 */

/** The text of one element (its single text node, made if React rendered the element empty). */
export class LiveText {
  private readonly node: Text;
  private shown: string;

  constructor(element: Element) {
    const first = element.firstChild;
    this.node = first instanceof Text && first === element.lastChild ? first : element.appendChild(document.createTextNode(''));
    this.shown = this.node.data;
  }

  set(text: string): void {
    if (text === this.shown) return;
    this.shown = text;
    this.node.data = text;
  }
}

/** One attribute of an element (or one inline style property, with `style:` before its name). */
export class LiveAttribute {
  private shown: string | null;

  constructor(
    private readonly element: HTMLElement | SVGElement,
    private readonly name: string,
  ) {
    this.shown = name.startsWith('style:') ? element.style.getPropertyValue(name.slice(6)) : element.getAttribute(name);
  }

  set(value: string): void {
    if (value === this.shown) return;
    this.shown = value;
    if (this.name.startsWith('style:')) this.element.style.setProperty(this.name.slice(6), value);
    else this.element.setAttribute(this.name, value);
  }
}

/** A cell's tone class (`up`, `down`, `flat`…) beside its fixed classes. */
export class LiveTone {
  private shown: string | null = null;

  constructor(private readonly element: Element) {}

  set(tone: string): void {
    if (tone === this.shown) return;
    if (this.shown) this.element.classList.remove(this.shown);
    if (tone) this.element.classList.add(tone);
    this.shown = tone;
  }
}

/** The element's descendant matching `selector`; a missing one is a programming error (the component renders it). */
export function part<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = root.querySelector<E>(selector);
  if (!found) throw new Error(`live figures: no ${selector} to write into`);
  return found;
}

/** A number shown as text, formatted only when it or its decimals changed. */
export class LiveFigure {
  private readonly text: LiveText;
  private value = Number.NaN;
  private decimals = -1;

  constructor(
    element: Element,
    private readonly format: (value: number, decimals: number) => string,
  ) {
    this.text = new LiveText(element);
  }

  set(value: number, decimals: number): void {
    if (value === this.value && decimals === this.decimals) return;
    this.value = value;
    this.decimals = decimals;
    this.text.set(this.format(value, decimals));
  }
}

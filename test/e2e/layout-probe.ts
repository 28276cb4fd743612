import type { Page } from 'playwright-core';

/** The workspace's panels (on the Trade screen): none may overlap another or leave the window. */
export const PANELS: Readonly<Record<string, string>> = {
  'top bar': 'header.top-bar',
  watchlist: 'section[aria-label="Watchlist"]',
  'market depth': 'section[aria-label="Market depth"]',
  chart: 'section.chart-panel',
  'trading panels': 'section[aria-label="Trading panels"]',
  'order ticket': 'section[aria-label="Order ticket"]',
  account: 'section[aria-label="Paper account"]',
  'status bar': 'footer.status-bar',
};

/**
 * What a trader would see as broken, measured in the page (a string script: this project's Node
 * typecheck has no DOM types): panels overlapping or outside the window; text cut off by its own box
 * or by a box around it that does not scroll; two pieces of text drawn over each other; a tab not fully
 * visible in its tab bar; a drop-down narrower than the option it shows.
 */
const PROBE = `(() => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const name = (el) => {
    const label = el.getAttribute('aria-label') || el.getAttribute('data-testid') || '';
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + (label ? '[' + label + ']' : '') + (text ? ' "' + text + '"' : '');
  };
  const hidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0 || node.classList.contains('visually-hidden') || node.hidden) return true;
      // The body of a closed <details> is not drawn, whatever its boxes say.
      const parent = node.parentElement;
      if (parent && parent.tagName === 'DETAILS' && !parent.open && node.tagName !== 'SUMMARY') return true;
    }
    return false;
  };
  const intersect = (a, b) => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  const empty = (r) => r.right - r.left < 1 || r.bottom - r.top < 1;
  // The part of an element a trader can see, and whether a non-scrolling box cut it.
  const seen = (el) => {
    const own = el.getBoundingClientRect();
    let rect = { left: own.left, top: own.top, right: own.right, bottom: own.bottom };
    let cutByFixedBox = null;
    for (let node = el.parentElement; node && node !== document.documentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const box = node.getBoundingClientRect();
      const next = intersect(rect, box);
      const scrolls = /auto|scroll/.test(style.overflowX + style.overflowY);
      if (!scrolls && !empty(next) && (next.right - next.left < rect.right - rect.left - 1 || next.bottom - next.top < rect.bottom - rect.top - 1)) cutByFixedBox = node;
      rect = next;
      if (empty(rect)) return { rect, cutByFixedBox: null };
    }
    return { rect: intersect(rect, { left: 0, top: 0, right: vw, bottom: vh }), cutByFixedBox };
  };

  const panels = document.querySelector('main.workspace') ? ${JSON.stringify(PANELS)} : {};
  const boxes = [];
  for (const [label, selector] of Object.entries(panels)) {
    const el = document.querySelector(selector);
    if (!el) { problems.push('panel missing: ' + label); continue; }
    const r = el.getBoundingClientRect();
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) problems.push('panel outside the window: ' + label);
    boxes.push({ label, r });
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const o = intersect(boxes[i].r, boxes[j].r);
    if (o.right - o.left > 1 && o.bottom - o.top > 1) problems.push('panels overlap: ' + boxes[i].label + ' / ' + boxes[j].label);
  }

  const texts = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'OPTION') continue;
    const direct = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!direct || hidden(el)) continue;
    const { rect, cutByFixedBox } = seen(el);
    if (empty(rect)) continue;
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' && style.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && !/auto|scroll/.test(style.overflowX)) problems.push('text cut off by its own box: ' + name(el));
    if (cutByFixedBox) problems.push('text cut off by ' + name(cutByFixedBox).slice(0, 60) + ': ' + name(el));
    texts.push({ el, rect });
  }
  // A column kept in view (position: sticky, like the row actions) over a table that scrolls sideways
  // covers cells only until the trader scrolls to them: that is a frozen column, not a cut-off.
  const frozen = (el) => {
    const sticky = el.closest('th, td');
    if (!sticky || getComputedStyle(sticky).position !== 'sticky') return false;
    for (let node = sticky.parentElement; node; node = node.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(node).overflowX) && node.scrollWidth > node.clientWidth) return true;
    }
    return false;
  };
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i], b = texts[j];
    if (a.el.contains(b.el) || b.el.contains(a.el) || frozen(a.el) || frozen(b.el)) continue;
    const o = intersect(a.rect, b.rect);
    if (o.right - o.left > 2 && o.bottom - o.top > 2) problems.push('text over text: ' + name(a.el) + ' / ' + name(b.el));
  }

  // Small graphics that carry meaning (sparklines) are whole or not shown at all.
  for (const graphic of document.querySelectorAll('svg.sparkline')) {
    if (hidden(graphic)) continue;
    const own = graphic.getBoundingClientRect();
    const { rect } = seen(graphic);
    if (!empty(rect) && (rect.right - rect.left < own.width - 1 || rect.bottom - rect.top < own.height - 1)) problems.push('graphic cut off: ' + name(graphic.closest('tr') || graphic));
  }

  for (const list of document.querySelectorAll('[role=tablist]')) {
    const bar = list.getBoundingClientRect();
    for (const tab of list.querySelectorAll('[role=tab]')) {
      if (hidden(tab)) continue;
      const r = tab.getBoundingClientRect();
      if (r.left < bar.left - 0.5 || r.right > bar.right + 0.5) problems.push('tab not fully visible: ' + name(tab));
    }
  }

  const canvas = document.createElement('canvas').getContext('2d');
  for (const select of document.querySelectorAll('select')) {
    if (hidden(select) || select.selectedIndex < 0) continue;
    const style = getComputedStyle(select);
    canvas.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    const text = canvas.measureText(select.options[select.selectedIndex].text).width;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
    if (text > room + 0.5) problems.push('drop-down narrower than its option: ' + (select.getAttribute('aria-label') || select.id) + ' (' + select.options[select.selectedIndex].text + ')');
  }
  return [...new Set(problems)];
})()`;

/** Everything the probe finds wrong on the page as it is now; empty when the layout holds. */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(PROBE);
}

/** Heights of the chart's panes (price pane and indicator panes), excluding the time axis. */
export function chartPaneHeights(page: Page): Promise<number[]> {
  return page.evaluate<number[]>(`(() => {
    const rows = [...document.querySelectorAll('[data-testid="chart"] table tr')];
    return rows.slice(0, -1).map((row) => Math.round(row.getBoundingClientRect().height)).filter((h) => h > 1);
  })()`);
}

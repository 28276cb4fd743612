/** Code units handed to one `String.fromCharCode` call when a text is made again (well below any argument limit). */
const CHUNK = 4_096;

/**
 * Texts that differ from row to row (a fill's id, its order's id), kept as their UTF-16 code units in one
 * growing typed array and made into strings again only when read. Kept as strings, each survived the
 * young generation's collections until the run ended: a scavenge copies every string still alive (a
 * fill id built by concatenation is three objects), and these were most of what a million-bar
 * sma-cross run's scavenges copied. Exact for any string (lone surrogates included).
 */
export class TextColumn {
  /** One byte a code unit while every text is Latin-1 (ids are), two from the first wider one on; each text followed by a NUL. */
  private units: Uint8Array | Uint16Array = new Uint8Array(4_096);
  /** Where row i's text ends in `units` (row i + 1's starts one unit later, past the NUL). */
  private ends = new Int32Array(256);
  private used = 0;
  private count = 0;
  /** No text holds a NUL itself, so the decoded column splits at its NULs into the rows. */
  private splits = true;
  /** Every text so far as one string, made when a row is first read (and again after a push). */
  private decoded: string | null = null;

  get length(): number {
    return this.count;
  }

  push(text: string): void {
    this.decoded = null;
    const length = text.length;
    const start = this.used;
    if (start + length + 1 > this.units.length) this.units = grown(this.units, start + length + 1);
    let units = this.units;
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i);
      if (unit > 0xff && units instanceof Uint8Array) units = this.widen();
      else if (unit === 0) this.splits = false;
      units[start + i] = unit;
    }
    units[start + length] = 0;
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1);
    this.used = start + length + 1;
    this.ends[this.count++] = start + length;
  }

  at(row: number): string {
    const start = row === 0 ? 0 : this.ends[row - 1]! + 1;
    this.decoded ??= this.decode();
    return this.decoded.slice(start, this.ends[row]!);
  }

  /** Every row's text, in order: one split of the decoded column (a call or a slice per row cost ~1 µs each in a cold run). */
  all(): string[] {
    this.decoded ??= this.decode();
    if (this.splits) {
      const texts = this.decoded.split('\u0000');
      texts.pop(); // after the last text's NUL
      return texts;
    }
    const texts: string[] = [];
    for (let row = 0; row < this.count; row++) texts.push(this.at(row));
    return texts;
  }

  private decode(): string {
    let text = '';
    for (let from = 0; from < this.used; from += CHUNK) {
      text += String.fromCharCode.apply(null, this.units.subarray(from, Math.min(this.used, from + CHUNK)) as unknown as number[]);
    }
    return text;
  }

  private widen(): Uint16Array {
    const wide = new Uint16Array(this.units.length);
    wide.set(this.units);
    this.units = wide;
    return wide;
  }
}

/**
 * Texts that repeat (a symbol, a strategy's reasons): each distinct text kept once, the rows hold its
 * number. The texts kept are the ones added (no copies), so a row reads back the very string it got.
 */
export class RepeatedTextColumn {
  private readonly texts = stringList();
  private readonly numbers = new Map<string, number>();
  private rows = new Int32Array(256);
  private count = 0;
  /** The last text added and its number: a symbol's column is one text throughout. */
  private lastText: string | null = null;
  private lastNumber = -1;

  get length(): number {
    return this.count;
  }

  push(text: string): void {
    let number = this.lastNumber;
    if (text !== this.lastText) {
      const known = this.numbers.get(text);
      if (known === undefined) {
        number = this.texts.length;
        this.texts.push(text);
        this.numbers.set(text, number);
      } else number = known;
      this.lastText = text;
      this.lastNumber = number;
    }
    if (this.count === this.rows.length) this.rows = grown(this.rows, this.count + 1);
    this.rows[this.count++] = number;
  }

  at(row: number): string {
    return this.texts[this.rows[row]!]!;
  }
}

/** An empty array V8 already holds as "any elements" (a fresh `[]` changes kind on its first string; see objectList). */
function stringList(): string[] {
  const list = [''];
  list.pop();
  return list;
}

/** A copy of `from` at least `needed` long (doubling). */
function grown<T extends Uint8Array | Uint16Array | Int32Array>(from: T, needed: number): T {
  let length = from.length * 2;
  while (length < needed) length *= 2;
  const to = new (from.constructor as new (length: number) => T)(length);
  to.set(from);
  return to;
}

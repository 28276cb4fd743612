import type { CandleColumns } from './candle.js';
import { csvLayout, epochMs, parseCsvRow, type CsvLayout, type RejectedRow } from './csv-row.js';

export interface ParsedCandleColumns {
  /** The accepted rows, in file order. */
  readonly columns: CandleColumns;
  /** 1-based file line of each accepted row (same index). */
  readonly lines: Uint32Array;
  readonly rejected: RejectedRow[];
}

const NEWLINE = 10;
const RETURN = 13;
const COMMA = 44;
const QUOTE = 34;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
/** Exact powers of ten: m / 10^k of two exact doubles is correctly rounded, exactly what Number(text) gives. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Digits a mantissa may have and still be an exact double (< 2^53). */
const MAX_DIGITS = 15;

/**
 * Reads a candle CSV column-wise into typed arrays, straight from the bytes: no string per line or
 * cell, no object or schema call per row. The same grammar and the same results as the row-by-row
 * reader (core/market/csv-row.ts), which it hands every row it does not read itself — ISO times,
 * quoted cells, spaces, exponents, non-ASCII bytes, anything malformed — so a bad row is rejected
 * with the same line number, field and reason. Plain decimals of up to 15 digits are read exactly:
 * the digits as an integer over a power of ten is the correctly rounded value, as Number() gives.
 */
export function parseCandleColumns(input: Uint8Array | string): ParsedCandleColumns {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  // Keep a byte-order mark in the text as readFile(…, 'utf8') does (the header's trim() removes it).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const lineText = (start: number, end: number) => decoder.decode(bytes.subarray(start, end));
  const reader = new RowReader(bytes);

  let lineNumber = 0;
  let layout: CsvLayout | null = null;
  let position = 0;
  while (layout === null) {
    if (position > bytes.length) throw new Error('the CSV file is empty');
    const end = lineEnd(bytes, position);
    lineNumber++;
    const text = lineText(position, contentEnd(bytes, position, end));
    position = end + 1;
    if (text.trim() !== '') layout = csvLayout(text, lineNumber);
  }
  reader.setLayout(layout);

  const capacity = countLines(bytes, position) + 1;
  const columns = { time: new Float64Array(capacity), open: new Float64Array(capacity), high: new Float64Array(capacity), low: new Float64Array(capacity), close: new Float64Array(capacity), volume: new Float64Array(capacity) };
  const lines = new Uint32Array(capacity);
  const rejected: RejectedRow[] = [];
  let n = 0;
  while (position <= bytes.length) {
    const end = lineEnd(bytes, position);
    const stop = contentEnd(bytes, position, end);
    lineNumber++;
    if (stop > position) {
      if (reader.read(position, stop)) {
        columns.time[n] = reader.time;
        columns.open[n] = reader.open;
        columns.high[n] = reader.high;
        columns.low[n] = reader.low;
        columns.close[n] = reader.close;
        columns.volume[n] = reader.volume;
        lines[n++] = lineNumber;
      } else {
        const raw = lineText(position, stop);
        if (raw.trim() !== '') {
          const row = parseCsvRow(raw, lineNumber, layout);
          if ('rule' in row) rejected.push(row);
          else {
            columns.time[n] = row.time;
            columns.open[n] = row.open;
            columns.high[n] = row.high;
            columns.low[n] = row.low;
            columns.close[n] = row.close;
            columns.volume[n] = row.volume;
            lines[n++] = lineNumber;
          }
        }
      }
    }
    position = end + 1;
  }
  return {
    columns: { time: columns.time.subarray(0, n), open: columns.open.subarray(0, n), high: columns.high.subarray(0, n), low: columns.low.subarray(0, n), close: columns.close.subarray(0, n), volume: columns.volume.subarray(0, n) },
    lines: lines.subarray(0, n),
    rejected,
  };
}

/** Index of the newline ending the line that starts at `from` (the length when it is the last line). */
function lineEnd(bytes: Uint8Array, from: number): number {
  const at = bytes.indexOf(NEWLINE, from);
  return at < 0 ? bytes.length : at;
}

/** The line's end without a carriage return before its newline (lines split on \r?\n, as text.split does). */
function contentEnd(bytes: Uint8Array, start: number, end: number): number {
  return end < bytes.length && end > start && bytes[end - 1] === RETURN ? end - 1 : end;
}

function countLines(bytes: Uint8Array, from: number): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE, from); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/**
 * Reads the cells of one row that the layout asks for, in place. `read` answers false for anything it
 * does not read itself; the caller then takes the row-by-row road, which decides (and words) the outcome.
 */
class RowReader {
  time = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  /** What each cell index holds: 0 time, 1–5 open…volume, -1 nothing wanted. */
  private roles: Int8Array = new Int8Array(0);
  private lastWanted = 0;
  private at = 0;
  /** The number the last integer() or decimal() read. */
  private scanned = 0;

  constructor(private readonly bytes: Uint8Array) {}

  setLayout(layout: CsvLayout): void {
    const wanted = [layout.timeIndex, ...layout.indexes];
    this.lastWanted = Math.max(...wanted);
    this.roles = new Int8Array(this.lastWanted + 1).fill(-1);
    wanted.forEach((cell, role) => (this.roles[cell] = role));
  }

  read(start: number, end: number): boolean {
    const bytes = this.bytes;
    this.at = start;
    for (let cell = 0; cell <= this.lastWanted; cell++) {
      const role = this.roles[cell]!;
      if (role < 0) {
        // A cell nobody reads: skip to the next comma (a quote anywhere changes where cells end).
        let at = this.at;
        while (at < end && bytes[at] !== COMMA) {
          if (bytes[at] === QUOTE) return false;
          at++;
        }
        this.at = at;
      } else {
        // The scanners leave the number in `scanned` and answer whether they read it: a number
        // returned from a call that is not inlined (all of them, until the JIT has warmed up) is boxed.
        if (!(role === 0 ? this.integer(end) : this.decimal(end))) return false;
        const value = this.scanned;
        if (role === 0) this.time = epochMs(value);
        else if (role === 1) this.open = value;
        else if (role === 2) this.high = value;
        else if (role === 3) this.low = value;
        else if (role === 4) this.close = value;
        else this.volume = value;
      }
      if (cell < this.lastWanted) {
        if (this.at >= end) return false; // fewer cells than the header promises
        this.at++; // the comma
      }
    }
    // The rest of the line must hold no quote (it could reopen a quoted cell before ours).
    for (let at = this.at; at < end; at++) if (bytes[at] === QUOTE) return false;
    return true;
  }

  /** Epoch digits (no sign, no fraction, at most 15 digits) up to the next comma or the end. */
  private integer(end: number): boolean {
    const bytes = this.bytes;
    let at = this.at;
    let value = 0;
    const first = at;
    while (at < end && bytes[at] !== COMMA) {
      const b = bytes[at]!;
      if (b < ZERO || b > NINE) return false;
      value = value * 10 + (b - ZERO);
      at++;
    }
    const digits = at - first;
    if (digits === 0 || digits > MAX_DIGITS) return false;
    this.at = at;
    this.scanned = value;
    return true;
  }

  /** `-?\d+(\.\d+)?` with at most 15 significant digits, up to the next comma or the end; exact. */
  private decimal(end: number): boolean {
    const bytes = this.bytes;
    let at = this.at;
    const negative = at < end && bytes[at] === MINUS;
    if (negative) at++;
    let mantissa = 0;
    let significant = 0;
    let integerDigits = 0;
    while (at < end && bytes[at]! >= ZERO && bytes[at]! <= NINE) {
      mantissa = mantissa * 10 + (bytes[at]! - ZERO);
      if (mantissa > 0) significant++;
      integerDigits++;
      at++;
    }
    if (integerDigits === 0) return false;
    let scale = 0;
    if (at < end && bytes[at] === DOT) {
      at++;
      while (at < end && bytes[at]! >= ZERO && bytes[at]! <= NINE) {
        mantissa = mantissa * 10 + (bytes[at]! - ZERO);
        if (mantissa > 0) significant++;
        scale++;
        at++;
      }
      if (scale === 0 || scale >= POW10.length) return false;
    }
    if (significant > MAX_DIGITS || (at < end && bytes[at] !== COMMA)) return false;
    this.at = at;
    const value = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    this.scanned = negative ? -value : value;
    return true;
  }
}

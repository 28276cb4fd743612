import type { CandleColumns } from './candle.js';
import { csvLayout, parseCsvRow, type CsvLayout, type RejectedRow } from './csv-row.js';

export interface ParsedCandleColumns {
  /** The accepted rows, in file order. */
  readonly columns: CandleColumns;
  /** 1-based file line of each accepted row (same index). */
  readonly lines: Uint32Array;
  readonly rejected: RejectedRow[];
  /** What the fast scan saw of the rows, when it read every accepted row itself (null when some came row by row). */
  readonly scan: ScanSummary | null;
}

/**
 * The checks a backtest makes of a file's rows, made by the fast scan while each row's numbers are at
 * hand (core/backtest/csv-source.ts skips its own loops when these settle them): the smallest and the
 * largest gap between consecutive times, and how many rows fail firstInvalidBar's price, OHLC or volume
 * comparisons (core/market/validation.ts).
 */
export interface ScanSummary {
  readonly smallestGap: number;
  readonly largestGap: number;
  readonly badBars: number;
}

const NEWLINE = 10;
const RETURN = 13;
const COMMA = 44;
const QUOTE = 34;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;
/** Exact powers of ten: m / 10^k of two exact doubles is correctly rounded, exactly what Number(text) gives. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Digits a mantissa may have and still be an exact double (< 2^53). */
const MAX_DIGITS = 15;
/** 10^MAX_DIGITS: a mantissa below it has at most MAX_DIGITS significant digits. */
const SIGNIFICANT_LIMIT = 10 ** MAX_DIGITS;
/** Rows the first columns are sized for when nothing better is known (they grow as needed). */
const MIN_CAPACITY = 16;

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
  const reader = new CandleColumnsReader(bytes.length);
  reader.read(bytes, 0, bytes.length, true);
  return reader.finish();
}

/**
 * parseCandleColumns fed piece by piece (a file read in small chunks needs no buffer the size of the
 * file: on this kind of machine the fresh memory alone costs about as much as reading it). Each call
 * to `read` gets whole lines; the last one also the file's last line, newline or not.
 */
export class CandleColumnsReader {
  private layout: CsvLayout | null = null;
  /** What each cell index holds: 0 time, 1–5 open…volume, -1 nothing wanted. */
  private roles = new Int8Array(0);
  private lastWanted = 0;
  private lineNumber = 0;
  private n = 0;
  /** The columns by role (time, open, high, low, close, volume); none until the header is read. */
  private columnList: Float64Array[] = [];
  private lines = new Uint32Array(0);
  private readonly rejected: RejectedRow[] = [];
  /** The scan's summary (see ScanSummary), while every accepted row came through the scan (`scannedOnly`). */
  private lastTime = Number.NaN;
  private smallestGap = Number.POSITIVE_INFINITY;
  private largestGap = Number.NEGATIVE_INFINITY;
  private badBars = 0;
  private scannedOnly = true;
  // Keep a byte-order mark in the text as readFile(…, 'utf8') does (the header's trim() removes it).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** `totalBytes`: the whole input's size, from which the columns are sized once (a guess; they grow if it falls short). */
  constructor(private readonly totalBytes: number) {}

  /**
   * Reads the lines of bytes[start, end): every line there ends with a newline, but for the input's
   * last line when `last` is set. Rows the fast scan does not take go to the row-by-row reader.
   */
  read(bytes: Uint8Array, start: number, end: number, last: boolean): void {
    let position = start;
    while (this.layout === null) {
      if (position > end || (position === end && !last)) {
        if (last) throw new Error('the CSV file is empty');
        return;
      }
      const lineEnd = this.lineEnd(bytes, position, end);
      this.lineNumber++;
      const text = this.decoder.decode(bytes.subarray(position, contentEnd(bytes, position, lineEnd, end)));
      position = lineEnd + 1;
      if (text.trim() !== '') this.setLayout(csvLayout(text, this.lineNumber));
    }
    if (this.columnList.length === 0) this.allocate(this.estimateRows(bytes, position, end));
    // A file's last line without a newline ends at `end`; otherwise every line ends at a newline before it.
    const stop = last ? end + 1 : end;
    while (position < stop) {
      position = this.scanRows(bytes, position, end, stop);
      if (position >= stop) break;
      if (this.n === this.lines.length) this.grow();
      else position = this.slowRow(bytes, position, end);
    }
  }

  /**
   * The fast scan: reads plain rows from `position` into the columns until it meets a row it does not
   * take, full columns, or `stop`, and returns where it stopped. Kept small and free of rarely taken
   * paths (a path V8 has no feedback for costs a deoptimisation and another optimising compile).
   */
  private scanRows(bytes: Uint8Array, position: number, end: number, stop: number): number {
    const roles = this.roles;
    const lastWanted = this.lastWanted;
    const columns = this.columnList;
    // By index, not destructured (an array pattern goes through an iterator).
    const times = columns[0]!;
    const opens = columns[1]!;
    const highs = columns[2]!;
    const lows = columns[3]!;
    const closes = columns[4]!;
    const volumes = columns[5]!;
    const lines = this.lines;
    const capacity = lines.length;
    let n = this.n;
    let lineNumber = this.lineNumber;
    let lastTime = this.lastTime;
    let smallestGap = this.smallestGap;
    let largestGap = this.largestGap;
    let badBars = this.badBars;
    let at = position;
    while (position < stop && n < capacity) {
      at = position;
      let ok = true;
      for (let cell = 0; ok; cell++) {
        const role = roles[cell]!;
        let b = 0;
        if (role < 0) {
          // A cell nobody reads: skip to the next comma (a quote anywhere changes where cells end).
          while (at < end && (b = bytes[at]!) !== COMMA && b !== NEWLINE && b !== QUOTE) at++;
          ok = b !== QUOTE || at === end;
        } else {
          // -?\d+(\.\d+)? with at most 15 significant digits (the time: 15 digits, no sign or fraction).
          let sign = 1;
          if (role > 0 && at < end && bytes[at] === MINUS) {
            sign = -1;
            at++;
          }
          // The digits are counted by where they end, not one by one (this loop is most of a file's read).
          let mantissa = 0;
          const digitsFrom = at;
          while (at < end && (b = bytes[at]! - ZERO) >= 0 && b <= 9) {
            mantissa = mantissa * 10 + b;
            at++;
          }
          const digits = at - digitsFrom;
          let scale = 0;
          if (role > 0 && at < end && bytes[at] === DOT) {
            const fractionFrom = ++at;
            while (at < end && (b = bytes[at]! - ZERO) >= 0 && b <= 9) {
              mantissa = mantissa * 10 + b;
              at++;
            }
            scale = at - fractionFrom;
            ok = scale > 0 && scale < POW10.length;
          }
          // A mantissa of k significant digits (from its first non-zero one) lies in [10^(k−1), 10^k), so
          // at most MAX_DIGITS of them is a mantissa below SIGNIFICANT_LIMIT (rounding, past 2^53, cannot
          // bring a larger one back under it); the time counts its leading zeros too.
          ok = ok && digits > 0 && (role === 0 ? digits <= MAX_DIGITS : mantissa < SIGNIFICANT_LIMIT);
          // The time as epoch ms (epochMs: seconds below 1e11); a price or volume with its sign.
          const value = role === 0 ? mantissa * (mantissa < 1e11 ? 1000 : 1) : (mantissa / POW10[scale]!) * sign;
          columns[role]![n] = value;
          // The cell must end here: a comma or the line's end (a carriage return only right before it).
          b = at < end ? bytes[at]! : NEWLINE;
          if (b === RETURN && at + 1 < end && bytes[at + 1] === NEWLINE) at++;
          else ok = ok && (b === COMMA || b === NEWLINE);
        }
        if (cell === lastWanted) break;
        // Fewer cells than the header promises when this is not a comma.
        ok = ok && at < end && bytes[at] === COMMA;
        at++;
      }
      if (!ok) break;
      // The rest of the line must hold no quote (it could reopen a quoted cell before ours).
      let b = 0;
      while (at < end && (b = bytes[at]!) !== NEWLINE && b !== QUOTE) at++;
      if (b === QUOTE && at < end) break;
      // The row's checks (ScanSummary): the gap from the row before (NaN for the first: no comparison
      // holds), and firstInvalidBar's comparisons but the grid's, counted without a branch of their own.
      // The scan's numbers are finite (at most 15 digits), so these few comparisons are theirs: a low
      // above zero and at most the open and the close, which the high is at least; no negative volume.
      const time = times[n]!;
      const gap = time - lastTime;
      if (gap < smallestGap) smallestGap = gap;
      if (gap > largestGap) largestGap = gap;
      lastTime = time;
      const low = lows[n]!;
      const high = highs[n]!;
      const open = opens[n]!;
      const close = closes[n]!;
      badBars += low > 0 && low <= open && low <= close && high >= open && high >= close && volumes[n]! >= 0 ? 0 : 1;
      lines[n++] = ++lineNumber;
      // Stored row by row, not after the loop: V8 optimises the scan while the loop runs, and code after
      // the loop that had not run yet would cost a deoptimisation and another compile at the first exit.
      this.n = n;
      this.lineNumber = lineNumber;
      this.lastTime = lastTime;
      this.smallestGap = smallestGap;
      this.largestGap = largestGap;
      this.badBars = badBars;
      position = at + 1;
    }
    return position;
  }

  /** A row the fast scan did not take, through the row-by-row reader: a candle, a rejection, or a blank line. Returns the next line's start. */
  private slowRow(bytes: Uint8Array, position: number, end: number): number {
    const lineNumber = ++this.lineNumber;
    const lineEnd = this.lineEnd(bytes, position, end);
    const stop = contentEnd(bytes, position, lineEnd, end);
    const raw = stop > position ? this.decoder.decode(bytes.subarray(position, stop)) : '';
    if (raw.trim() !== '') {
      const row = parseCsvRow(raw, lineNumber, this.layout!);
      if ('rule' in row) this.rejected.push(row);
      else {
        const n = this.n++;
        const [time, open, high, low, close, volume] = this.columnList as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
        time[n] = row.time;
        open[n] = row.open;
        high[n] = row.high;
        low[n] = row.low;
        close[n] = row.close;
        volume[n] = row.volume;
        this.lines[n] = lineNumber;
        this.scannedOnly = false;
      }
    }
    return lineEnd + 1;
  }

  finish(): ParsedCandleColumns {
    const n = this.n;
    if (this.columnList.length === 0) this.allocate(0);
    const [time, open, high, low, close, volume] = this.columnList.map((column) => column.subarray(0, n)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    return {
      columns: { time, open, high, low, close, volume },
      lines: this.lines.subarray(0, n),
      rejected: this.rejected,
      scan: this.scannedOnly ? { smallestGap: this.smallestGap, largestGap: this.largestGap, badBars: this.badBars } : null,
    };
  }

  private setLayout(layout: CsvLayout): void {
    const wanted = [layout.timeIndex, ...layout.indexes];
    this.layout = layout;
    this.lastWanted = Math.max(...wanted);
    this.roles = new Int8Array(this.lastWanted + 1).fill(-1);
    wanted.forEach((cell, role) => (this.roles[cell] = role));
  }

  /** Index of the newline ending the line that starts at `from` (`end` when it is the input's last line). */
  private lineEnd(bytes: Uint8Array, from: number, end: number): number {
    const at = bytes.subarray(0, end).indexOf(NEWLINE, from);
    return at < 0 ? end : at;
  }

  /**
   * Rows in the whole input, judged by the newlines in (up to) the first 64 kB of this piece, with 5 %
   * to spare; too small a piece to judge by (a header alone) gives a start the columns grow from.
   */
  private estimateRows(bytes: Uint8Array, from: number, end: number): number {
    const sample = Math.min(end, from + 65_536);
    const rest = this.totalBytes - from;
    if (sample - from < 4096 && rest > end - from) return MIN_CAPACITY;
    let newlines = 1;
    for (let at = bytes.indexOf(NEWLINE, from); at >= 0 && at < sample; at = bytes.indexOf(NEWLINE, at + 1)) newlines++;
    return Math.max(MIN_CAPACITY, Math.ceil(((newlines * rest) / Math.max(sample - from, 1)) * 1.05));
  }

  /** Columns (and line numbers) for `capacity` rows, keeping the rows read so far. */
  private allocate(capacity: number): void {
    const n = this.n;
    const old = this.columnList;
    this.columnList = Array.from({ length: 6 }, (_, role) => {
      const column = new Float64Array(capacity);
      if (old.length > 0) column.set(old[role]!.subarray(0, n));
      return column;
    });
    const lines = new Uint32Array(capacity);
    lines.set(this.lines.subarray(0, n));
    this.lines = lines;
  }

  private grow(): void {
    this.allocate(Math.max(MIN_CAPACITY, Math.ceil(this.n * 1.5)));
  }
}

/**
 * The line's end without a carriage return before its newline (lines split on \r?\n, as text.split
 * does); `end` is the input's end, where the last line keeps a carriage return it ends with.
 */
function contentEnd(bytes: Uint8Array, start: number, lineEnd: number, end: number): number {
  return lineEnd < end && lineEnd > start && bytes[lineEnd - 1] === RETURN ? lineEnd - 1 : lineEnd;
}

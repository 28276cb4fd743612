import { open } from 'node:fs/promises';
import { TIMEFRAMES, timeframeMs, type Candle, type CandleColumns, type Timeframe } from '../market/candle.js';
import { columnsToCandles } from '../market/candle.js';
import { CandleColumnsReader, parseCandleColumns, type ParsedCandleColumns } from '../market/csv-columns.js';
import { checkBar, firstInvalidBar } from '../market/validation.js';

export interface LoadedCandles {
  /** The bars, column-wise (what the backtest reads). */
  readonly columns: CandleColumns;
  /** The bar spacing found in the file. */
  readonly timeframe: Timeframe;
  /** The same bars as objects, built on first read (for callers that want them one by one). */
  readonly candles: Candle[];
}

/** A candle file that cannot be backtested; the message names the file and line. */
export class CandleFileError extends Error {
  override readonly name = 'CandleFileError';
}

/**
 * Reads a candle CSV for a backtest. Any row that is not a valid bar — unparsable, OHLC
 * inconsistent, negative volume, off the timeframe grid, a duplicate time — stops the run with an
 * error naming its line: a backtest on silently repaired data would predict nothing.
 */
export async function loadCandleCsv(path: string, expected?: Timeframe): Promise<LoadedCandles> {
  let parsed: ParsedCandleColumns;
  try {
    parsed = await readCandleColumns(path);
  } catch (error) {
    if (error instanceof CandleFileError) throw error;
    throw new CandleFileError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return checkedCandles(parsed, path, expected);
}

/** Bytes read at a time: a small buffer used again and again costs far less than fresh memory the file's size. */
const CHUNK_BYTES = 256 * 1024;

/** The file read in chunks of whole lines into the column reader (a line longer than a chunk gets a larger buffer). */
async function readCandleColumns(path: string): Promise<ParsedCandleColumns> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new CandleFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const reader = new CandleColumnsReader((await readOrSay(path, file.stat())).size);
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2);
      const { bytesRead } = await readOrSay(path, file.read(buffer, filled, buffer.length - filled, null));
      if (bytesRead === 0) {
        reader.read(buffer, 0, filled, true);
        return reader.finish();
      }
      filled += bytesRead;
      const whole = buffer.lastIndexOf(10, filled - 1) + 1; // up to the last newline read so far
      if (whole === 0) continue;
      reader.read(buffer, 0, whole, false);
      buffer.copyWithin(0, whole, filled);
      filled -= whole;
    }
  } finally {
    await file.close();
  }
}

/** A failed read as the error that names the file (the column reader's own errors name the line). */
async function readOrSay<T>(path: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    throw new CandleFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The checks of loadCandleCsv on a file's text or bytes, column by column (no object per row). */
export function parseBacktestCsv(data: string | Uint8Array, label: string, expected?: Timeframe): LoadedCandles {
  let parsed;
  try {
    parsed = parseCandleColumns(data);
  } catch (error) {
    throw new CandleFileError(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return checkedCandles(parsed, label, expected);
}

/** Every row a bar, in time order, on one timeframe's grid — or an error naming the line. */
function checkedCandles(parsed: ParsedCandleColumns, label: string, expected?: Timeframe): LoadedCandles {
  const firstRejected = parsed.rejected[0];
  if (firstRejected !== undefined) {
    const more = parsed.rejected.length > 1 ? ` (and ${parsed.rejected.length - 1} more bad ${parsed.rejected.length === 2 ? 'row' : 'rows'})` : '';
    throw new CandleFileError(`${label} line ${firstRejected.line}: ${firstRejected.rule} — ${firstRejected.detail}${more}`);
  }
  const { columns, lines } = parsed;
  const { time, open, high, low, close, volume } = columns;
  const n = time.length;
  if (n < 2) throw new CandleFileError(`${label}: need at least 2 candles, found ${n}`);
  // The scan's summary settles the checks of a file whose rows it read itself: all in order (every gap
  // positive) gives the smallest gap; bars that passed the comparisons, every gap one step and the first
  // time on the grid put every time on it. Otherwise — and for every error — the loops below, as ever.
  const scan = parsed.scan;
  // One pass for the order and the spacing: a negative answer -i is row i, not later than the one before.
  const orderOrStep = scan !== null && scan.smallestGap > 0 ? scan.smallestGap : orderAndSmallestStep(time);
  if (orderOrStep < 0) {
    const i = -orderOrStep;
    const what = time[i] === time[i - 1] ? 'repeats the time of' : 'is earlier than';
    throw new CandleFileError(`${label} line ${lines[i]}: ${new Date(time[i]!).toISOString()} ${what} line ${lines[i - 1]} (rows must be in time order, once each)`);
  }
  const timeframe = expected ?? timeframeOfStep(orderOrStep, label);
  const stepMs = timeframeMs(timeframe);
  const settled = scan !== null && scan.badBars === 0 && scan.smallestGap === stepMs && scan.largestGap === stepMs && time[0]! % stepMs === 0;
  for (let i = settled ? -1 : firstInvalidBar(columns, 0, stepMs); i >= 0; i = firstInvalidBar(columns, i + 1, stepMs)) {
    const issue = checkBar(time[i]!, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, timeframe);
    if (issue) throw new CandleFileError(`${label} line ${lines[i]}: ${issue.rule} — ${issue.detail}`);
  }
  let candles: Candle[] | undefined;
  return {
    columns,
    timeframe,
    get candles() {
      return (candles ??= columnsToCandles(columns));
    },
  };
}

/*
 * The checks' loops each sit in a function of their own that returns what it found: V8 optimises such a
 * loop while it runs, and code after it that had not run yet (the error, the next loop) would cost a
 * deoptimisation and another optimising compile on a file's first read.
 */

/**
 * -i for the first row i not later than the one before it; otherwise the smallest spacing between
 * consecutive rows (Infinity for one row). One loop over the times, as few as a file's first read can have.
 */
function orderAndSmallestStep(time: Float64Array): number {
  let step = Infinity;
  for (let i = 1; i < time.length; i++) {
    const current = time[i]!;
    const previous = time[i - 1]!;
    if (current <= previous) return -i;
    const gap = current - previous;
    if (gap < step) step = gap;
  }
  return step;
}

/** The timeframe whose length is `step`, the smallest spacing between the file's rows. */
function timeframeOfStep(step: number, label: string): Timeframe {
  const match = TIMEFRAMES.find((tf) => timeframeMs(tf) === step);
  if (match === undefined) throw new CandleFileError(`${label}: rows are ${step / 60_000} minutes apart, which is not one of ${TIMEFRAMES.join(', ')}`);
  return match;
}

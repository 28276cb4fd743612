import { readFile } from 'node:fs/promises';
import { TIMEFRAMES, timeframeMs, type Candle, type CandleColumns, type Timeframe } from '../market/candle.js';
import { columnsToCandles } from '../market/candle.js';
import { parseCandleColumns } from '../market/csv-columns.js';
import { checkBar, columnBarIsValid } from '../market/validation.js';

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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CandleFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseBacktestCsv(bytes, path, expected);
}

/** The checks of loadCandleCsv on a file's text or bytes, column by column (no object per row). */
export function parseBacktestCsv(data: string | Uint8Array, label: string, expected?: Timeframe): LoadedCandles {
  let parsed;
  try {
    parsed = parseCandleColumns(data);
  } catch (error) {
    throw new CandleFileError(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const firstRejected = parsed.rejected[0];
  if (firstRejected !== undefined) {
    const more = parsed.rejected.length > 1 ? ` (and ${parsed.rejected.length - 1} more bad row(s))` : '';
    throw new CandleFileError(`${label} line ${firstRejected.line}: ${firstRejected.rule} — ${firstRejected.detail}${more}`);
  }
  const { columns, lines } = parsed;
  const { time, open, high, low, close, volume } = columns;
  const n = time.length;
  if (n < 2) throw new CandleFileError(`${label}: need at least 2 candles, found ${n}`);
  for (let i = 1; i < n; i++) {
    if (time[i]! <= time[i - 1]!) {
      const what = time[i] === time[i - 1] ? 'repeats the time of' : 'is earlier than';
      throw new CandleFileError(`${label} line ${lines[i]}: ${new Date(time[i]!).toISOString()} ${what} line ${lines[i - 1]} (rows must be in time order, once each)`);
    }
  }
  const timeframe = expected ?? detectTimeframe(time, label);
  const stepMs = timeframeMs(timeframe);
  for (let i = 0; i < n; i++) {
    if (columnBarIsValid(columns, i, stepMs)) continue;
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

/** The smallest spacing between consecutive rows, which must be one of Halyard's timeframes. */
function detectTimeframe(time: Float64Array, label: string): Timeframe {
  let step = Infinity;
  for (let i = 1; i < time.length; i++) {
    const gap = time[i]! - time[i - 1]!;
    if (gap > 0 && gap < step) step = gap;
  }
  const match = TIMEFRAMES.find((tf) => timeframeMs(tf) === step);
  if (match === undefined) throw new CandleFileError(`${label}: rows are ${step / 60_000} minutes apart, which is not one of ${TIMEFRAMES.join(', ')}`);
  return match;
}

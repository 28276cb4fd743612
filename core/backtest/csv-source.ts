import { readFile } from 'node:fs/promises';
import { TIMEFRAMES, timeframeMs, type Candle, type Timeframe } from '../market/candle.js';
import { parseCandleCsv } from '../market/csv.js';
import { checkCandle } from '../market/validation.js';

export interface LoadedCandles {
  readonly candles: Candle[];
  /** The bar spacing found in the file. */
  readonly timeframe: Timeframe;
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CandleFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseBacktestCsv(text, path, expected);
}

export function parseBacktestCsv(text: string, label: string, expected?: Timeframe): LoadedCandles {
  let parsed;
  try {
    parsed = parseCandleCsv(text);
  } catch (error) {
    throw new CandleFileError(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const firstRejected = parsed.rejected[0];
  if (firstRejected !== undefined) {
    const more = parsed.rejected.length > 1 ? ` (and ${parsed.rejected.length - 1} more bad row(s))` : '';
    throw new CandleFileError(`${label} line ${firstRejected.line}: ${firstRejected.rule} — ${firstRejected.detail}${more}`);
  }
  const { candles } = parsed;
  if (candles.length < 2) throw new CandleFileError(`${label}: need at least 2 candles, found ${candles.length}`);
  const lines = acceptedLineNumbers(text, new Set(parsed.rejected.map((row) => row.line)));
  for (let i = 1; i < candles.length; i++) {
    if (candles[i]!.time <= candles[i - 1]!.time) {
      const what = candles[i]!.time === candles[i - 1]!.time ? 'repeats the time of' : 'is earlier than';
      throw new CandleFileError(`${label} line ${lines[i]}: ${new Date(candles[i]!.time).toISOString()} ${what} line ${lines[i - 1]} (rows must be in time order, once each)`);
    }
  }
  const timeframe = expected ?? detectTimeframe(candles, label);
  for (let i = 0; i < candles.length; i++) {
    const issue = checkCandle(candles[i]!, timeframe);
    if (issue) throw new CandleFileError(`${label} line ${lines[i]}: ${issue.rule} — ${issue.detail}`);
  }
  return { candles, timeframe };
}

/** The smallest spacing between consecutive rows, which must be one of Halyard's timeframes. */
function detectTimeframe(candles: readonly Candle[], label: string): Timeframe {
  let step = Infinity;
  for (let i = 1; i < candles.length; i++) {
    const gap = candles[i]!.time - candles[i - 1]!.time;
    if (gap > 0 && gap < step) step = gap;
  }
  const match = TIMEFRAMES.find((tf) => timeframeMs(tf) === step);
  if (match === undefined) throw new CandleFileError(`${label}: rows are ${step / 60_000} minutes apart, which is not one of ${TIMEFRAMES.join(', ')}`);
  return match;
}

/** File line of each accepted candle: parseCandleCsv skips blank lines and returns rejected ones separately. */
function acceptedLineNumbers(text: string, rejected: ReadonlySet<number>): number[] {
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((line) => line.trim() !== '');
  const out: number[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '' || rejected.has(i + 1)) continue;
    out.push(i + 1);
  }
  return out;
}

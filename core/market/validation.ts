import { timeframeMs, type Candle, type CandleColumns, type Timeframe } from './candle.js';

/**
 * Checks candles before they are stored. Broken bars are rejected with the rule they broke;
 * suspicious bars (a spike of more than 50 % versus BOTH neighbours) are accepted but flagged,
 * so they are kept and visible yet held out of strategy input until confirmed — never silently
 * used, never silently dropped.
 */
export type CandleRule = 'price' | 'ohlc' | 'volume' | 'alignment' | 'duplicate';

export interface CandleIssue {
  /** Position in the input array (callers map it back to a file line). */
  readonly index: number;
  readonly time: number;
  readonly rule: CandleRule;
  readonly detail: string;
}

export interface SpikeFlag {
  readonly time: number;
  /** Smallest deviation versus the neighbours, as a fraction (0.62 = 62 %). */
  readonly move: number;
  readonly detail: string;
}

export interface ValidatedCandles {
  /** Valid candles (flagged ones included), ascending by time. */
  readonly accepted: Candle[];
  readonly rejected: CandleIssue[];
  readonly flagged: SpikeFlag[];
}

export interface ValidationOptions {
  /** Fractional move versus neighbours that counts as a spike; default 0.5. */
  readonly spikeThreshold?: number;
  /** Already-stored bars just before/after the batch, so its edges have neighbours too. */
  readonly before?: Candle | null;
  readonly after?: Candle | null;
}

export const DEFAULT_SPIKE_THRESHOLD = 0.5;

/** The first rule a single candle breaks, or null. */
export function checkCandle(candle: Candle, timeframe: Timeframe): Omit<CandleIssue, 'index'> | null {
  return checkBar(candle.time, candle.open, candle.high, candle.low, candle.close, candle.volume, timeframe);
}

/** checkCandle on a bar's six numbers (columns need no object per bar); nothing is allocated for a valid bar. */
export function checkBar(time: number, open: number, high: number, low: number, close: number, volume: number, timeframe: Timeframe): Omit<CandleIssue, 'index'> | null {
  const issue = (rule: CandleRule, detail: string) => ({ time, rule, detail });
  if (!(positive(open) && positive(high) && positive(low) && positive(close))) return issue('price', `prices must be positive numbers (open ${open}, high ${high}, low ${low}, close ${close})`);
  if (low > high) return issue('ohlc', `low ${low} is above high ${high}`);
  if (low > Math.min(open, close)) return issue('ohlc', `low ${low} is above ${open < close ? `open ${open}` : `close ${close}`}`);
  if (high < Math.max(open, close)) return issue('ohlc', `high ${high} is below ${open > close ? `open ${open}` : `close ${close}`}`);
  if (!Number.isFinite(volume) || volume < 0) return issue('volume', `volume ${volume} is negative`);
  const step = timeframeMs(timeframe);
  if (time % step !== 0) return issue('alignment', `time ${new Date(time).toISOString()} is not on the ${timeframe} grid`);
  return null;
}

/**
 * The first bar from `from` on that checkBar finds something wrong with, or -1: the same comparisons,
 * read in place from the columns (a file's bars are checked with this, and checkBar words what failed).
 * One loop over local arrays, no call per bar: a file is read once per process, mostly before V8 has
 * optimised anything, and handing a bar's six numbers to a call boxes each of them until it has.
 */
export function firstInvalidBar(columns: CandleColumns, from: number, stepMs: number): number {
  const { time, open, high, low, close, volume } = columns;
  for (let i = from; i < time.length; i++) {
    const o = open[i]!;
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    const v = volume[i]!;
    // `x > 0 && x < Infinity` is positive(x): NaN fails both comparisons.
    if (!(o > 0 && o < Infinity && h > 0 && h < Infinity && l > 0 && l < Infinity && c > 0 && c < Infinity)) return i;
    if (l > h || l > Math.min(o, c) || h < Math.max(o, c)) return i;
    if (!(v >= 0 && v < Infinity)) return i;
    if (time[i]! % stepMs !== 0) return i;
  }
  return -1;
}

function positive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

export function validateCandles(candles: readonly Candle[], timeframe: Timeframe, options: ValidationOptions = {}): ValidatedCandles {
  const rejected: CandleIssue[] = [];
  const byTime = new Map<number, { candle: Candle; index: number }>();
  candles.forEach((candle, index) => {
    const issue = checkCandle(candle, timeframe);
    if (issue) return rejected.push({ index, ...issue });
    const seen = byTime.get(candle.time);
    if (seen) {
      const how = sameCandle(seen.candle, candle) ? 'the same bar' : 'a different bar';
      rejected.push({ index, time: candle.time, rule: 'duplicate', detail: `${how} for ${new Date(candle.time).toISOString()} appeared earlier (input position ${seen.index + 1})` });
    } else byTime.set(candle.time, { candle, index });
  });
  const accepted = [...byTime.values()].map((entry) => entry.candle).sort((a, b) => a.time - b.time);
  const flagged = detectSpikes(accepted, options);
  return { accepted, rejected, flagged };
}

/**
 * A bar is a spike when its farthest price is more than `threshold` away from the previous bar's
 * close AND from the next bar's open (where those exist). A genuine level change (the next bar
 * stays up) is therefore not flagged; a one-bar wick that comes straight back is.
 */
export function detectSpikes(sorted: readonly Candle[], options: ValidationOptions = {}): SpikeFlag[] {
  const threshold = options.spikeThreshold ?? DEFAULT_SPIKE_THRESHOLD;
  const flags: SpikeFlag[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const candle = sorted[i]!;
    const previous = i > 0 ? sorted[i - 1]! : (options.before ?? null);
    const next = i < sorted.length - 1 ? sorted[i + 1]! : (options.after ?? null);
    const references = [previous?.close, next?.open].filter((v): v is number => typeof v === 'number' && v > 0);
    if (references.length === 0) continue;
    const moves = references.map((ref) => Math.max(candle.high / ref - 1, 1 - candle.low / ref));
    const move = Math.min(...moves);
    if (move > threshold) {
      flags.push({ time: candle.time, move, detail: `moves ${(move * 100).toFixed(1)} % versus its neighbours (high ${candle.high}, low ${candle.low}; neighbours ${references.join(', ')})` });
    }
  }
  return flags;
}

function sameCandle(a: Candle, b: Candle): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

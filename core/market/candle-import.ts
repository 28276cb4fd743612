import { TIMEFRAMES, timeframeMs, type Candle, type MarketSymbol, type Timeframe } from './candle.js';
import type { CandleStore, SeriesKey } from './candle-store.js';
import { parseCandleCsv } from './csv.js';
import type { SpikeGate } from './spike-gate.js';
import { validateCandles } from './validation.js';

/**
 * Imports a candle CSV into the store: every row is parsed, validated and either stored or
 * reported with its file line number and the rule it broke. Only bars that are new or differ
 * from what is stored are written, so importing the same file twice changes nothing.
 */
export interface ImportIssue {
  readonly line: number;
  readonly rule: string;
  readonly detail: string;
}

export interface CandleImportReport {
  readonly key: SeriesKey;
  /** Data rows in the file (header and blank lines excluded). */
  readonly rows: number;
  /** Bars written: new, or different from the stored ones. */
  readonly imported: number;
  /** Bars already stored with identical values. */
  readonly unchanged: number;
  readonly rejected: readonly ImportIssue[];
  /** Written now and held out of strategy input until confirmed. */
  readonly flagged: readonly ImportIssue[];
}

export interface CandleImportTarget {
  readonly exchange: string;
  readonly symbol: MarketSymbol;
  /** Detected from the spacing of the rows when omitted. */
  readonly timeframe?: Timeframe;
}

export function importCandleCsv(text: string, target: CandleImportTarget, store: CandleStore, spikes?: SpikeGate): CandleImportReport {
  const parsed = parseCandleCsv(text);
  const timeframe = target.timeframe ?? detectTimeframe(parsed.candles);
  const key: SeriesKey = { exchange: target.exchange, symbol: target.symbol, timeframe };
  const rejected: ImportIssue[] = parsed.rejected.map((row) => ({ line: row.line, rule: row.rule, detail: row.detail }));
  const lineOf = (index: number) => parsed.lines[index] ?? 0;
  const lineByTime = new Map<number, number>();
  parsed.candles.forEach((candle, index) => {
    if (!lineByTime.has(candle.time)) lineByTime.set(candle.time, lineOf(index));
  });

  const step = timeframeMs(timeframe);
  const times = parsed.candles.map((c) => c.time);
  // reduce, not Math.min(...times): a year of 1m rows would overflow the call stack.
  const first = times.length > 0 ? times.reduce((a, b) => Math.min(a, b)) : 0;
  const last = times.length > 0 ? times.reduce((a, b) => Math.max(a, b)) : 0;
  const neighbour = (from: number, to: number) => {
    const columns = store.range(key, from, to);
    const i = columns.time.length - 1;
    return i < 0 ? null : { time: columns.time[i]!, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! };
  };
  const result = validateCandles(parsed.candles, timeframe, { before: neighbour(first - step, first), after: neighbour(last + step, last + 2 * step) });
  for (const issue of result.rejected) rejected.push({ line: lineOf(issue.index), rule: issue.rule, detail: issue.detail });
  rejected.sort((a, b) => a.line - b.line);

  const stored = indexByTime(store, key, first, last + step);
  const changed = result.accepted.filter((candle) => {
    const existing = stored.get(candle.time);
    return !existing || !sameValues(existing, candle);
  });
  const imported = changed.length > 0 ? store.upsert(key, changed) : 0;
  // Only bars written now are (re)flagged: re-importing a file must not undo a trader's confirmation.
  const written = new Set(changed.map((candle) => candle.time));
  const flagged = result.flagged.filter((flag) => written.has(flag.time));
  spikes?.flag(key, flagged);
  return {
    key,
    rows: parsed.candles.length + parsed.rejected.length,
    imported,
    unchanged: result.accepted.length - changed.length,
    rejected,
    flagged: flagged.map((flag) => ({ line: lineByTime.get(flag.time) ?? 0, rule: 'spike', detail: flag.detail })),
  };
}

/**
 * The timeframe of a file: the most common spacing between consecutive rows (so one misaligned
 * or missing row cannot fool it; that row is then rejected by the alignment rule).
 */
export function detectTimeframe(candles: readonly Candle[]): Timeframe {
  const sorted = candles.map((c) => c.time).sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  if (counts.size === 0) return '1m';
  const [spacing] = [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0]) ? entry : best));
  const match = TIMEFRAMES.find((tf) => timeframeMs(tf) === spacing);
  if (!match) throw new Error(`rows are mostly ${spacing / 60_000} minutes apart, which is not one of ${TIMEFRAMES.join(', ')}; pass --timeframe`);
  return match;
}

function indexByTime(store: CandleStore, key: SeriesKey, from: number, to: number): Map<number, Candle> {
  const columns = store.range(key, from, to);
  const map = new Map<number, Candle>();
  for (let i = 0; i < columns.time.length; i++) {
    map.set(columns.time[i]!, { time: columns.time[i]!, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! });
  }
  return map;
}

function sameValues(a: Candle, b: Candle): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

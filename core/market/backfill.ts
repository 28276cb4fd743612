import { timeframeMs, type Candle } from './candle.js';
import type { CandleStore, SeriesKey } from './candle-store.js';
import type { CandleFetcher } from './candle-source.js';
import { findGaps, mergeGaps, newestFirst, totalBars, type Gap } from './gaps.js';
import type { SpikeGate } from './spike-gate.js';
import { validateCandles, type CandleIssue, type SpikeFlag } from './validation.js';

/**
 * Backfill of one series over [from, to): finds what the store lacks, fetches it page by page
 * (most recent first, so the chart's right edge fills in first), validates and stores each page
 * as it arrives. Resumable by construction: the store is the bookmark, so an interrupted run
 * simply finds smaller gaps next time. Bars the venue does not have are reported, not invented.
 */
export interface BackfillOptions {
  readonly key: SeriesKey;
  readonly from: number;
  readonly to: number;
  readonly source: CandleFetcher;
  readonly store: CandleStore;
  readonly spikes?: SpikeGate;
  readonly onProgress?: (progress: BackfillProgress) => void;
  readonly signal?: AbortSignal;
  /** Bars per request; default and maximum: the source's maxCandlesPerRequest. */
  readonly pageLimit?: number;
}

export interface BackfillProgress {
  /** Bars missing when the run started. */
  readonly totalBars: number;
  /** Of those, how many have been asked for so far (fetched or found unavailable). */
  readonly doneBars: number;
  readonly storedBars: number;
  readonly pages: number;
  readonly current: Gap | null;
}

export interface BackfillReport {
  readonly key: SeriesKey;
  readonly from: number;
  readonly to: number;
  readonly alreadyStored: number;
  readonly missingAtStart: readonly Gap[];
  readonly stored: number;
  readonly rejected: readonly CandleIssue[];
  readonly flagged: readonly SpikeFlag[];
  /** Ranges the venue returned nothing for, newest first. */
  readonly unfillable: readonly Gap[];
  readonly pages: number;
  readonly aborted: boolean;
}

export async function backfill(options: BackfillOptions): Promise<BackfillReport> {
  const { key, source, store } = options;
  const step = timeframeMs(key.timeframe);
  const from = Math.ceil(options.from / step) * step;
  const to = Math.floor(options.to / step) * step;
  const pageLimit = Math.max(1, Math.min(options.pageLimit ?? source.maxCandlesPerRequest, source.maxCandlesPerRequest));

  const existing = to > from ? store.range(key, from, to).time : new Float64Array(0);
  const missing = to > from ? findGaps(existing, from, to, step) : [];
  const total = totalBars(missing);
  const rejected: CandleIssue[] = [];
  const flagged: SpikeFlag[] = [];
  const unfillable: Gap[] = [];
  let stored = 0;
  let done = 0;
  let pages = 0;
  let aborted = false;
  const progress = (current: Gap | null) => options.onProgress?.({ totalBars: total, doneBars: done, storedBars: stored, pages, current });
  progress(null);

  outer: for (const gap of newestFirst(missing)) {
    // Pages walk backwards through the gap: newest bars first.
    for (let pageEnd = gap.to; pageEnd > gap.from; pageEnd -= pageLimit * step) {
      if (options.signal?.aborted) {
        aborted = true;
        break outer;
      }
      const pageStart = Math.max(gap.from, pageEnd - pageLimit * step);
      const window: Gap = { from: pageStart, to: pageEnd, bars: (pageEnd - pageStart) / step };
      const fetched = await source.fetchCandles(key.symbol, key.timeframe, pageStart, window.bars);
      pages++;
      const inWindow = fetched.filter((c) => c.time >= pageStart && c.time < pageEnd);
      const result = validateCandles(inWindow, key.timeframe, { before: neighbour(store, key, pageStart - step, pageStart), after: neighbour(store, key, pageEnd, pageEnd + step) });
      rejected.push(...result.rejected);
      flagged.push(...result.flagged);
      options.spikes?.flag(key, result.flagged);
      if (result.accepted.length > 0) stored += store.upsert(key, result.accepted);
      unfillable.push(...findGaps(result.accepted.map((c) => c.time), pageStart, pageEnd, step));
      done += window.bars;
      progress(window);
    }
  }
  progress(null);
  return {
    key,
    from,
    to,
    alreadyStored: existing.length,
    missingAtStart: missing,
    stored,
    rejected,
    flagged,
    unfillable: newestFirst(mergeGaps(unfillable, step)),
    pages,
    aborted,
  };
}

function neighbour(store: CandleStore, key: SeriesKey, from: number, to: number): Candle | null {
  const columns = store.range(key, from, to);
  if (columns.time.length === 0) return null;
  return { time: columns.time[0]!, open: columns.open[0]!, high: columns.high[0]!, low: columns.low[0]!, close: columns.close[0]!, volume: columns.volume[0]! };
}

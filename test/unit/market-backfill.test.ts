import { describe, expect, it } from 'vitest';
import { backfill, type BackfillProgress } from '../../core/market/backfill.js';
import type { Candle, MarketSymbol, Timeframe } from '../../core/market/candle.js';
import type { CandleFetcher } from '../../core/market/candle-source.js';
import { SpikeGate } from '../../core/market/spike-gate.js';
import { MemoryCandleStore } from '../helpers/memory-candle-store.js';

const MINUTE = 60_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');
const KEY = { exchange: 'fakex', symbol: 'BTC/USDT', timeframe: '1m' } as const;

function bar(i: number, price = 100 + (i % 7)): Candle {
  return { time: T0 + i * MINUTE, open: price, high: price + 1, low: price - 1, close: price + 0.5, volume: 10 };
}

/** A venue holding 1m bars with some minutes it simply does not have; logs every request. */
class FakeVenue implements CandleFetcher {
  readonly maxCandlesPerRequest = 1000;
  readonly requests: { since: number | undefined; limit: number }[] = [];
  constructor(readonly bars: Candle[]) {}

  async fetchCandles(_symbol: MarketSymbol, _timeframe: Timeframe, since: number | undefined, limit: number): Promise<Candle[]> {
    this.requests.push({ since, limit });
    return this.bars.filter((c) => since === undefined || c.time >= since).slice(0, Math.min(limit, this.maxCandlesPerRequest));
  }
}

const HOLES = new Set([500, 501, 502, 2100]);
const venueBars = () => Array.from({ length: 2500 }, (_, i) => i).filter((i) => !HOLES.has(i)).map((i) => bar(i));

describe('backfill', () => {
  it('pages through the range newest first, stores what it gets and reports what the venue lacks', async () => {
    const venue = new FakeVenue(venueBars());
    const store = new MemoryCandleStore();
    const progress: BackfillProgress[] = [];
    const report = await backfill({ key: KEY, from: T0, to: T0 + 2500 * MINUTE, source: venue, store, onProgress: (p) => progress.push(p) });

    expect(venue.requests.map((r) => (r.since! - T0) / MINUTE)).toEqual([1500, 500, 0]);
    expect(venue.requests.map((r) => r.limit)).toEqual([1000, 1000, 500]);
    expect(report.stored).toBe(2500 - HOLES.size);
    expect(store.all(KEY)).toHaveLength(2500 - HOLES.size);
    expect(report.unfillable).toEqual([
      { from: T0 + 2100 * MINUTE, to: T0 + 2101 * MINUTE, bars: 1 },
      { from: T0 + 500 * MINUTE, to: T0 + 503 * MINUTE, bars: 3 },
    ]);
    expect(report.missingAtStart).toEqual([{ from: T0, to: T0 + 2500 * MINUTE, bars: 2500 }]);
    expect(progress.every((p) => p.totalBars === 2500)).toBe(true);
    const done = progress.map((p) => p.doneBars);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(2500);
    expect(report.aborted).toBe(false);
  });

  it('resumes where an interrupted run stopped, fetching only what is still missing', async () => {
    const venue = new FakeVenue(venueBars());
    const store = new MemoryCandleStore();
    const controller = new AbortController();
    const first = await backfill({ key: KEY, from: T0, to: T0 + 2500 * MINUTE, source: venue, store, signal: controller.signal, onProgress: (p) => p.pages === 1 && controller.abort() });
    expect(first).toMatchObject({ aborted: true, pages: 1, stored: 999 });

    venue.requests.length = 0;
    const second = await backfill({ key: KEY, from: T0, to: T0 + 2500 * MINUTE, source: venue, store });
    expect(second.alreadyStored).toBe(999);
    // The hole at 2100 is retried (the venue still lacks it); the stored page is not refetched.
    expect(second.missingAtStart).toEqual([
      { from: T0, to: T0 + 1500 * MINUTE, bars: 1500 },
      { from: T0 + 2100 * MINUTE, to: T0 + 2101 * MINUTE, bars: 1 },
    ]);
    expect(venue.requests.map((r) => [(r.since! - T0) / MINUTE, r.limit])).toEqual([
      [2100, 1],
      [500, 1000],
      [0, 500],
    ]);
    expect(store.all(KEY)).toHaveLength(2500 - HOLES.size);
  });

  it('fills only the gaps inside an existing series, most recent gap first', async () => {
    const venue = new FakeVenue(Array.from({ length: 300 }, (_, i) => bar(i)));
    const store = new MemoryCandleStore();
    store.upsert(KEY, Array.from({ length: 300 }, (_, i) => i).filter((i) => !(i >= 100 && i < 150) && !(i >= 250 && i < 260)).map((i) => bar(i)));
    const report = await backfill({ key: KEY, from: T0, to: T0 + 300 * MINUTE, source: venue, store });
    expect(venue.requests.map((r) => [(r.since! - T0) / MINUTE, r.limit])).toEqual([
      [250, 10],
      [100, 50],
    ]);
    expect(report).toMatchObject({ stored: 60, unfillable: [] });
    expect(store.all(KEY)).toHaveLength(300);
  });

  it('rejects broken bars from the venue and flags spikes, which stay out of strategy input', async () => {
    const bars = Array.from({ length: 10 }, (_, i) => bar(i, 100));
    bars[3] = { ...bars[3]!, low: 120 }; // low above high: broken
    bars[6] = { ...bars[6]!, high: 180, close: 100 }; // a one-bar wick of +80 %
    const venue = new FakeVenue(bars);
    const store = new MemoryCandleStore();
    const spikes = new SpikeGate();
    const report = await backfill({ key: KEY, from: T0, to: T0 + 10 * MINUTE, source: venue, store, spikes });
    expect(report.rejected).toEqual([expect.objectContaining({ time: T0 + 3 * MINUTE, rule: 'ohlc' })]);
    expect(report.flagged).toEqual([expect.objectContaining({ time: T0 + 6 * MINUTE })]);
    expect(report.unfillable).toEqual([{ from: T0 + 3 * MINUTE, to: T0 + 4 * MINUTE, bars: 1 }]);
    const stored = store.all(KEY);
    expect(stored.map((c) => c.time)).toContain(T0 + 6 * MINUTE);
    const input = spikes.strategyInput(KEY, stored);
    expect(input.candles.map((c) => c.time)).not.toContain(T0 + 6 * MINUTE);
    expect(input.held.map((f) => f.time)).toEqual([T0 + 6 * MINUTE]);
    expect(spikes.confirm(KEY, T0 + 6 * MINUTE)).toBe(true);
    expect(spikes.strategyInput(KEY, stored).candles).toHaveLength(stored.length);
  });

  it('aligns the range to the timeframe and does nothing for an empty range', async () => {
    const venue = new FakeVenue(Array.from({ length: 10 }, (_, i) => bar(i)));
    const store = new MemoryCandleStore();
    const report = await backfill({ key: KEY, from: T0 + 30_000, to: T0 + 5 * MINUTE + 1, source: venue, store });
    expect(report).toMatchObject({ from: T0 + MINUTE, to: T0 + 5 * MINUTE, stored: 4 });
    const empty = await backfill({ key: KEY, from: T0 + 5 * MINUTE, to: T0 + 5 * MINUTE, source: venue, store });
    expect(empty).toMatchObject({ stored: 0, pages: 0, missingAtStart: [] });
  });
});

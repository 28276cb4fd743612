import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { backfill } from '../../core/market/backfill.js';
import { importCandleCsv } from '../../core/market/candle-import.js';
import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../../core/market/candle.js';
import type { CandleFetcher } from '../../core/market/candle-source.js';
import type { SeriesKey } from '../../core/market/candle-store.js';
import { parseCandleCsv } from '../../core/market/csv.js';
import { internalGaps, totalBars } from '../../core/market/gaps.js';
import { rollupCandles } from '../../core/market/rollup.js';
import { detectSpikes } from '../../core/market/validation.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import { refdataFile } from './refdata-dir.js';

/**
 * Real market data through the import, validation, gap detection and rollup code paths, into the
 * real candle repository (SQLite, in memory). Expected gap counts come from ../shared/data/README.md.
 */
const store = openMemoryStore();
afterAll(() => store.close());

function readCandles(...path: string[]): Candle[] {
  const parsed = parseCandleCsv(readFileSync(refdataFile(...path), 'utf8'));
  expect(parsed.rejected).toEqual([]);
  return parsed.candles.sort((a, b) => a.time - b.time);
}

function stored(key: SeriesKey): Candle[] {
  const c = store.candles.range(key, 0, Number.MAX_SAFE_INTEGER);
  return Array.from(c.time, (time, i) => ({ time, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! }));
}

function expectSameBars(actual: readonly Candle[], expected: readonly Candle[]): void {
  expect(actual.map((c) => c.time)).toEqual(expected.map((c) => c.time));
  const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  let worst = 0;
  actual.forEach((c, i) => {
    const e = expected[i]!;
    worst = Math.max(worst, relative(c.open, e.open), relative(c.high, e.high), relative(c.low, e.low), relative(c.close, e.close), relative(c.volume, e.volume));
  });
  // Prices are copied, volumes are float sums: equal to rounding.
  expect(worst).toBeLessThan(1e-9);
}

describe('Binance klines import', () => {
  it('imports three contiguous months of FILUSDT 1m with nothing rejected, no gap, and no false spike on a −34 % hour', () => {
    const key = { exchange: 'binance-futures', symbol: 'FIL/USDT', timeframe: '1m' } as const;
    let rows = 0;
    for (const month of ['2023-04', '2023-05', '2023-06']) {
      const report = importCandleCsv(readFileSync(refdataFile('candles', 'binance-futures', `FILUSDT-1m-${month}.csv`), 'utf8'), key, store.candles);
      expect(report.rejected).toEqual([]);
      expect(report.flagged).toEqual([]);
      expect(report.imported).toBe(report.rows);
      rows += report.rows;
    }
    expect(rows).toBe(131_040);
    const bars = stored(key);
    expect(bars).toHaveLength(131_040);
    expect(internalGaps(bars.map((c) => c.time), 60_000)).toEqual([]);
  });

  it('finds no spike in the four −21..−26 % one-minute falls of 2025-02-03, nor in the March 2020 crash', () => {
    for (const asset of ['ALGO', 'AVAX', 'NEAR', 'FIL']) {
      expect(detectSpikes(readCandles('candles', 'binance-futures', `${asset}USDT-1m-2025-02.csv`))).toEqual([]);
    }
    expect(detectSpikes(readCandles('candles', 'binance-futures', 'BTCUSDT-1m-2020-03-12T00_2020-03-13T04.csv'))).toEqual([]);
  });

  it('reads Binance.US ISO timestamps with a space and an offset, contiguous', () => {
    const key = { exchange: 'binanceus', symbol: 'BTC/USDC', timeframe: '1m' } as const;
    const report = importCandleCsv(readFileSync(refdataFile('candles', 'binanceus', 'BTCUSDC_1m_20230301_20230321.csv'), 'utf8'), key, store.candles);
    expect(report).toMatchObject({ rows: 30_240, imported: 30_240, rejected: [] });
    expect(stored(key)[0]!.time).toBe(Date.parse('2023-03-01T00:00:00Z'));
    expect(internalGaps(stored(key).map((c) => c.time), 60_000)).toEqual([]);
  });

  it('changes nothing when the same file is imported twice', () => {
    const key = { exchange: 'binance-futures', symbol: 'BTC/USDT', timeframe: '1m' } as const;
    const text = readFileSync(refdataFile('candles', 'binance-futures', 'BTCUSDT-1m-2021-05-19T12_2021-05-19T16.csv'), 'utf8');
    expect(importCandleCsv(text, key, store.candles)).toMatchObject({ imported: 240, unchanged: 0 });
    expect(importCandleCsv(text, key, store.candles)).toMatchObject({ imported: 0, unchanged: 240 });
  });
});

describe('gap detection on real gappy files', () => {
  it.each([
    ['UNITTEST_BTC-1m.csv', 538],
    ['XRP_ETH-1m.csv', 676],
  ])('freqtrade %s has %i gaps', (file, gapCount) => {
    const bars = readCandles('candles', 'freqtrade', file);
    const gaps = internalGaps(bars.map((c) => c.time), 60_000);
    expect(gaps).toHaveLength(gapCount);
    // Present bars plus missing bars fill the whole span exactly.
    const span = (bars.at(-1)!.time - bars[0]!.time) / 60_000 + 1;
    expect(bars.length + totalBars(gaps)).toBe(span);
  });

  it('reads the header-less Kraken sparse file (epoch seconds) and finds its 26,746 gaps', () => {
    const raw = readFileSync(refdataFile('candles', 'kraken', 'BTCUSDC_1m_20230101_20230331_gappy.csv'), 'utf8');
    const key = { exchange: 'kraken', symbol: 'BTC/USDC', timeframe: '1m' } as const;
    // The import needs a header row (the CLI contract); this file has none, so we name its columns.
    const report = importCandleCsv(`time,open,high,low,close,volume,count\n${raw}`, key, store.candles);
    expect(report.rejected).toEqual([]);
    expect(report.imported).toBe(56_717);
    const bars = stored(key);
    expect(bars[0]!.time).toBe(Date.parse('2023-01-01T00:00:00Z'));
    expect(internalGaps(bars.map((c) => c.time), 60_000)).toHaveLength(26_746);
  });

  it('backfill over a venue that lacks the freqtrade minutes reports exactly those gaps, newest first', async () => {
    const bars = readCandles('candles', 'freqtrade', 'UNITTEST_BTC-1m.csv');
    const venue: CandleFetcher = {
      maxCandlesPerRequest: 1000,
      fetchCandles: async (_s: MarketSymbol, _t: Timeframe, since: number | undefined, limit: number) => bars.filter((c) => since === undefined || c.time >= since).slice(0, limit),
    };
    const key = { exchange: 'freqtrade', symbol: 'UNITTEST/BTC', timeframe: '1m' } as const;
    const report = await backfill({ key, from: bars[0]!.time, to: bars.at(-1)!.time + 60_000, source: venue, store: store.candles });
    expect(report.stored).toBe(bars.length);
    expect(report.unfillable).toHaveLength(538);
    expect(report.unfillable[0]!.from).toBeGreaterThan(report.unfillable.at(-1)!.from);
    expect(report.unfillable.map((g) => g.from).reverse()).toEqual(internalGaps(bars.map((c) => c.time), 60_000).map((g) => g.from));
  });
});

describe('rollups equal what the exchange reported for the higher timeframe', () => {
  it('freqtrade XRP/ETH: 1m rolled up to 5m equals the shipped 5m file, bar for bar (706 bars, gaps included)', () => {
    const minutes = readCandles('candles', 'freqtrade', 'XRP_ETH-1m.csv');
    const reported = readCandles('candles', 'freqtrade', 'XRP_ETH-5m.csv');
    const rolled = rollupCandles(minutes, '5m').candles;
    expect(rolled).toHaveLength(706);
    expectSameBars(rolled, reported);
  });

  it('jesse: 4h rolled up to 1d equals the shipped daily candles on every day both cover', () => {
    const fourHours = readCandles('candles', 'jesse', 'test_candles_10.csv');
    const daily = readCandles('candles', 'jesse', 'test_candles_19.csv');
    const perDay = timeframeMs('1d') / timeframeMs('4h');
    const counts = new Map<number, number>();
    for (const bar of fourHours) counts.set(bar.time - (bar.time % timeframeMs('1d')), (counts.get(bar.time - (bar.time % timeframeMs('1d'))) ?? 0) + 1);
    const rolled = rollupCandles(fourHours, '1d').candles.filter((bar) => counts.get(bar.time) === perDay);
    const reported = daily.filter((bar) => rolled.some((r) => r.time === bar.time));
    expect(rolled.length).toBeGreaterThanOrEqual(30);
    expectSameBars(rolled, reported);
  });
});

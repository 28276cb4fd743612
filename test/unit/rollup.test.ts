import { describe, expect, it } from 'vitest';
import { TIMEFRAMES, timeframeMs, type Candle } from '../../core/market/candle.js';
import { rollupCandles } from '../../core/market/rollup.js';

const M = 60_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');

describe('rollup of 1m candles', () => {
  it('builds a 5m bar from hand-picked minutes: first open, extremes, last close, summed volume', () => {
    const minutes: Candle[] = [
      { time: T0, open: 10, high: 12, low: 9, close: 11, volume: 1 },
      { time: T0 + M, open: 11, high: 15, low: 10, close: 14, volume: 2 },
      { time: T0 + 2 * M, open: 14, high: 14, low: 7, close: 8, volume: 3 },
      { time: T0 + 3 * M, open: 8, high: 9, low: 8, close: 9, volume: 4 },
      { time: T0 + 4 * M, open: 9, high: 10, low: 8.5, close: 9.5, volume: 5 },
      { time: T0 + 5 * M, open: 9.5, high: 9.6, low: 9.4, close: 9.5, volume: 6 },
    ];
    const { candles, lastClosed } = rollupCandles(minutes, '5m');
    expect(candles).toEqual([
      { time: T0, open: 10, high: 15, low: 7, close: 9.5, volume: 15 },
      { time: T0 + 5 * M, open: 9.5, high: 9.6, low: 9.4, close: 9.5, volume: 6 },
    ]);
    expect(lastClosed).toBe(false);
  });

  it('marks the last bucket closed only when its last minute is present', () => {
    const minutes = Array.from({ length: 15 }, (_, i) => ({ time: T0 + i * M, open: 1, high: 1, low: 1, close: 1, volume: 1 }));
    expect(rollupCandles(minutes, '15m')).toMatchObject({ lastClosed: true, candles: [{ time: T0, volume: 15 }] });
    expect(rollupCandles(minutes.slice(0, 14), '15m').lastClosed).toBe(false);
  });

  it('aligns buckets to UTC boundaries and keeps a missing minute missing (no invented bar)', () => {
    const start = Date.parse('2024-03-01T03:57:00Z');
    const minutes = [0, 1, 2, 3, 4, 9].map((i) => ({ time: start + i * M, open: i, high: i + 1, low: i, close: i + 0.5, volume: 1 }));
    const { candles } = rollupCandles(minutes, '5m');
    expect(candles.map((c) => new Date(c.time).toISOString())).toEqual(['2024-03-01T03:55:00.000Z', '2024-03-01T04:00:00.000Z', '2024-03-01T04:05:00.000Z']);
    expect(rollupCandles(minutes, '4h').candles.map((c) => new Date(c.time).toISOString())).toEqual(['2024-03-01T00:00:00.000Z', '2024-03-01T04:00:00.000Z']);
  });

  it('gives the same bars whether it rolls 1m directly or through the intermediate timeframes', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let price = 100;
    const minutes: Candle[] = Array.from({ length: 3 * 1440 }, (_, i) => {
      const open = price;
      const close = Math.max(1, open * (1 + (random() - 0.5) * 0.01));
      price = close;
      return { time: T0 + i * M, open, high: Math.max(open, close) * (1 + random() * 0.002), low: Math.min(open, close) * (1 - random() * 0.002), close, volume: Math.round(random() * 1000) / 10 };
    });
    for (let i = 2; i < TIMEFRAMES.length; i++) {
      const target = TIMEFRAMES[i]!;
      const previous = TIMEFRAMES[i - 1]!;
      if (timeframeMs(target) % timeframeMs(previous) !== 0) continue;
      const direct = rollupCandles(minutes, target).candles;
      const stepped = rollupCandles(rollupCandles(minutes, previous).candles, target).candles;
      expect(stepped.map((c) => [c.time, c.open, c.high, c.low, c.close])).toEqual(direct.map((c) => [c.time, c.open, c.high, c.low, c.close]));
      stepped.forEach((c, k) => expect(c.volume).toBeCloseTo(direct[k]!.volume, 6));
    }
    expect(rollupCandles(minutes, '1d').candles).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { PriceWindows, type PriceWindowKind } from '../../../core/risk/support/price-windows.js';
import { MIN, T0 } from './helpers.js';
import { walk, windowStart } from './walks.js';

/** The window by definition: the closes of the bars at most `windowMs` old (and the newest). */
function brute(candles: readonly Candle[], index: number, windowMs: number, kind: PriceWindowKind): number {
  const inside = candles.slice(windowStart(candles, index, windowMs), index + 1).map((c) => c.close);
  if (kind === 'oldest') return inside[0]!;
  return kind === 'max' ? Math.max(...inside) : Math.min(...inside);
}

describe('price windows (the regime bounds)', () => {
  const specs: readonly [number, PriceWindowKind][] = [
    [7 * MIN, 'max'],
    [60 * MIN, 'max'],
    [60 * MIN, 'min'],
    [240 * MIN, 'max'],
    [100 * MIN, 'oldest'],
    [1_440 * MIN, 'oldest'],
  ];

  it('bounds every window on every bar, and measures it exactly whenever asked (asked every bar, then with pauses)', () => {
    const candles = walk(4_000, 7);
    const windows = new PriceWindows('close');
    const ids = specs.map(([ms, kind]) => windows.window(ms, kind));
    for (let i = 0; i < candles.length; i++) {
      windows.push(candles[i]!);
      specs.forEach(([ms, kind], k) => {
        const w = ids[k]!;
        const exact = brute(candles, i, ms, kind);
        const block = windows.blockBounds[w]!;
        if (kind === 'max') expect(Math.max(block, windows.currentMax)).toBeGreaterThanOrEqual(exact);
        if (kind === 'min') expect(Math.min(block, windows.currentMin)).toBeLessThanOrEqual(exact);
        if (kind === 'oldest') expect(block).toBeGreaterThanOrEqual(exact);
        // Asked on every bar for the first 1,500, then on two bars of every 97: queues kept, let go and rebuilt.
        if (i < 1_500 || i % 97 < 2) {
          windows.measure(w);
          expect(windows.exactValues[w]).toBe(exact);
        }
      });
    }
  });

  it('follows the highs in max windows and the lows in min windows, and locates the latest bar at the extreme', () => {
    const candles = walk(3_000, 9);
    const windows = new PriceWindows('high', 'low');
    const ranges: readonly [number, PriceWindowKind][] = [
      [45 * MIN, 'max'],
      [45 * MIN, 'min'],
      [300 * MIN, 'max'],
      [300 * MIN, 'min'],
      [200 * MIN, 'oldest'],
    ];
    const ids = ranges.map(([ms, kind]) => windows.window(ms, kind));
    for (let i = 0; i < candles.length; i++) {
      windows.push(candles[i]!);
      ranges.forEach(([ms, kind], k) => {
        const w = ids[k]!;
        const inside = candles.slice(windowStart(candles, i, ms), i + 1);
        const prices = inside.map((c) => (kind === 'min' ? c.low : c.high));
        const exact = kind === 'oldest' ? prices[0]! : kind === 'max' ? Math.max(...prices) : Math.min(...prices);
        if (kind === 'max') expect(Math.max(windows.blockBounds[w]!, windows.currentMax)).toBeGreaterThanOrEqual(exact);
        if (kind === 'min') expect(Math.min(windows.blockBounds[w]!, windows.currentMin)).toBeLessThanOrEqual(exact);
        if (kind === 'oldest') expect(windows.blockBounds[w]!).toBeGreaterThanOrEqual(exact);
        if (i % 7 < 3) {
          windows.measure(w, i % 2 === 0);
          expect(windows.exactValues[w]).toBe(exact);
          if (i % 2 === 0) expect(windows.exactTimes[w]).toBe(inside[kind === 'oldest' ? 0 : prices.lastIndexOf(exact)]!.time);
        }
      });
    }
  });

  it('shares equal windows and refuses new ones after the first candle', () => {
    const windows = new PriceWindows('close');
    expect(windows.window(60 * MIN, 'max')).toBe(windows.window(60 * MIN, 'max'));
    expect(windows.window(60 * MIN, 'min')).not.toBe(windows.window(60 * MIN, 'max'));
    windows.push({ time: T0, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    expect(() => windows.window(30 * MIN, 'max')).toThrow(/before the first candle/);
  });
});

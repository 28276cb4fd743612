import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { BLOCK, PriceWindows, type PriceWindowKind } from '../../../core/risk/support/price-windows.js';
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
        if (kind === 'oldest') {
          expect(block).toBeGreaterThanOrEqual(exact);
          expect(windows.oldestLows[w]).toBeLessThanOrEqual(exact);
        }
        // Asked on every bar for the first 1,500, then on two bars of every 97: queues kept, let go and rebuilt.
        if (i < 1_500 || i % 97 < 2) {
          windows.measure(w);
          expect(windows.exactValues[w]).toBe(exact);
        }
      });
    }
  });

  it('follows the highs in max windows and the lows in min windows, bounded from inside as well', () => {
    const candles = walk(3_000, 9);
    const windows = new PriceWindows('high', 'low');
    const ranges: readonly [number, PriceWindowKind][] = [
      [45 * MIN, 'max'],
      [45 * MIN, 'min'],
      [300 * MIN, 'max'],
      [300 * MIN, 'min'],
    ];
    const ids = ranges.map(([ms, kind]) => windows.window(ms, kind));
    expect(() => windows.window(200 * MIN, 'oldest')).toThrow(/single price field/);
    let tight = 0;
    for (let i = 0; i < candles.length; i++) {
      windows.push(candles[i]!);
      ranges.forEach(([ms, kind], k) => {
        const w = ids[k]!;
        const inside = candles.slice(windowStart(candles, i, ms), i + 1);
        const prices = inside.map((c) => (kind === 'min' ? c.low : c.high));
        const exact = kind === 'max' ? Math.max(...prices) : Math.min(...prices);
        if (kind === 'max') expect(Math.max(windows.blockBounds[w]!, windows.currentMax)).toBeGreaterThanOrEqual(exact);
        if (kind === 'min') expect(Math.min(windows.blockBounds[w]!, windows.currentMin)).toBeLessThanOrEqual(exact);
        if (i % 3 === 0) {
          windows.inner(w);
          const inner = windows.innerValues[w]!;
          // A price of a bar inside the window, on the near side of the extreme.
          expect(prices).toContain(inner);
          expect(kind === 'max' ? inner <= exact : inner >= exact).toBe(true);
          if (inner === exact) tight++;
        }
        if (i % 7 < 3) {
          windows.measure(w);
          expect(windows.exactValues[w]).toBe(exact);
        }
      });
    }
    // Unless the extreme is in the block the window starts in, the inner bound is the extreme itself.
    expect(tight).toBeGreaterThan(4_000 * 0.5);
  });

  it('bounds from inside with the extreme of the bars from the first block that starts inside the window, asked on every bar or now and then', () => {
    const candles = walk(5_000, 13);
    const ranges: readonly [number, PriceWindowKind][] = [
      [5 * MIN, 'max'],
      [45 * MIN, 'min'],
      [300 * MIN, 'max'],
      [1_440 * MIN, 'min'],
    ];
    // One instance asked on every bar, one on a few bars of every 61 (its kept parts go stale between asks).
    for (const every of [true, false]) {
      const windows = new PriceWindows('high', 'low');
      const ids = ranges.map(([ms, kind]) => windows.window(ms, kind));
      let asked = 0;
      for (let i = 0; i < candles.length; i++) {
        windows.push(candles[i]!);
        if (!every && i % 61 > 2) continue;
        ranges.forEach(([ms, kind], k) => {
          const w = ids[k]!;
          // Bars are numbered from 0 in blocks of BLOCK; the newest is always inside.
          const from = (Math.floor(windowStart(candles, i, ms) / BLOCK) + 1) * BLOCK;
          const prices = candles.slice(Math.min(from, i), i + 1).map((c) => (kind === 'min' ? c.low : c.high));
          windows.inner(w);
          expect(windows.innerValues[w]).toBe(kind === 'max' ? Math.max(...prices) : Math.min(...prices));
          asked++;
        });
      }
      expect(asked).toBeGreaterThan(every ? 19_000 : 300);
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

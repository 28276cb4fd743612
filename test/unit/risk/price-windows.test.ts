import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { PriceWindows, type PriceWindowKind } from '../../../core/risk/support/price-windows.js';
import { MIN, T0 } from './helpers.js';

/** A seeded random walk of 1m closes with gaps (missing minutes), and now and then a run of one direction. */
function walk(count: number, seed: number): Candle[] {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
  const candles: Candle[] = [];
  let time = T0;
  let close = 100;
  let trend = 0;
  for (let i = 0; i < count; i++) {
    time += random() < 0.05 ? Math.ceil(random() * 90) * MIN : MIN;
    if (random() < 0.01) trend = (random() - 0.5) * 0.01;
    close *= 1 + trend + (random() - 0.5) * 0.004;
    candles.push({ time, open: close, high: close, low: close, close, volume: 1 });
  }
  return candles;
}

/** The window by definition: the closes of the bars at most `windowMs` old (and the newest). */
function brute(candles: readonly Candle[], index: number, windowMs: number, kind: PriceWindowKind): number {
  const now = candles[index]!.time;
  const inside = candles.slice(0, index + 1).filter((c, i) => i === index || c.time >= now - windowMs).map((c) => c.close);
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

  it('shares equal windows and refuses new ones after the first candle', () => {
    const windows = new PriceWindows('close');
    expect(windows.window(60 * MIN, 'max')).toBe(windows.window(60 * MIN, 'max'));
    expect(windows.window(60 * MIN, 'min')).not.toBe(windows.window(60 * MIN, 'max'));
    windows.push({ time: T0, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    expect(() => windows.window(30 * MIN, 'max')).toThrow(/before the first candle/);
  });
});

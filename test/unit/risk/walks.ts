import type { Candle } from '../../../core/market/candle.js';
import { MIN, T0 } from './helpers.js';

/**
 * A seeded random walk of 1m candles for checks against brute force: gaps (missing minutes), runs of
 * one direction (bleeds, rallies) and now and then a crash or a spike, so every regime and switch
 * comes and goes many times. Highs and lows straddle the close; prices sit on a 0.01 grid, so equal
 * prices (ties for an extreme) are common.
 */
export function walk(count: number, seed: number, step = 0.004): Candle[] {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
  const candles: Candle[] = [];
  let time = T0;
  let close = 100;
  let trend = 0;
  for (let i = 0; i < count; i++) {
    time += random() < 0.05 ? Math.ceil(random() * 90) * MIN : MIN;
    if (random() < 0.01) trend = (random() - 0.5) * step * 2;
    const shock = random() < 0.002 ? (random() - 0.6) * 0.12 : 0;
    const open = close;
    close = Math.max(0.01, Math.round(close * (1 + trend + shock + (random() - 0.5) * step) * 100) / 100);
    const high = Math.round(Math.max(open, close) * (1 + random() * step) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - random() * step) * 100) / 100;
    candles.push({ time, open, high, low, close, volume: 1 });
  }
  return candles;
}

/** The indexes of the candles inside the window of `windowMs` ending at candle `index` (at least `index` itself). */
export function windowStart(candles: readonly Candle[], index: number, windowMs: number): number {
  const oldest = candles[index]!.time - windowMs;
  let start = index;
  while (start > 0 && candles[start - 1]!.time >= oldest) start--;
  return start;
}

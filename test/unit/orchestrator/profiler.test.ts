import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { setupFeatures } from '../../../core/orchestrator/features.js';
import { efficiencyRatio, estimatedSpreadBps, liquidityTierOf, profileSymbol } from '../../../core/orchestrator/profiler.js';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

/** 1m bars from a list of closes; each bar spans ±`range` around its close. */
function bars(closes: readonly number[], volume = 10, range = 0): Candle[] {
  return closes.map((close, i) => ({ time: T0 + i * MINUTE, open: close, high: close * (1 + range), low: close * (1 - range), close, volume }));
}

describe('the symbol profiler', () => {
  it('tiers liquidity by 24 h quote volume', () => {
    expect([2e9, 1e9, 5e8, 2e7, 1e6].map(liquidityTierOf)).toEqual(['large', 'large', 'mid', 'small', 'meme']);
  });

  it('measures trend persistence: 1 for a straight line, near 0 back and forth', () => {
    expect(efficiencyRatio(bars(Array.from({ length: 600 }, (_, i) => 100 + i)))).toBeCloseTo(1, 10);
    expect(efficiencyRatio(bars(Array.from({ length: 600 }, (_, i) => (Math.floor(i / 60) % 2 === 0 ? 100 : 101))))).toBeLessThan(0.15);
  });

  it('estimates the spread from bars (Abdi & Ranaldo): zero when closes sit mid-range, positive when they bounce between the edges', () => {
    expect(estimatedSpreadBps(bars(Array.from({ length: 200 }, () => 100), 10, 0.001))).toBeLessThan(0.05);
    const bouncing = Array.from({ length: 200 }, (_, i) => ({ time: T0 + i * MINUTE, open: 100, high: 100.1, low: 99.9, close: i % 2 === 0 ? 100.1 : 99.9, volume: 10 }));
    // Closes at the bar's edges, alternating: (c − η_t)(c − η_{t+1}) ≈ 0.001², so s ≈ 2 × 10 bps.
    expect(estimatedSpreadBps(bouncing)).toBeCloseTo(20, 0);
  });

  it('profiles a symbol from closed bars up to a time only, and its volatility against the week before', () => {
    const closes = Array.from({ length: 3 * 1_440 }, (_, i) => 100 * Math.exp(0.001 * Math.sin(i) * (i < 2 * 1_440 ? 1 : 3)));
    const profile = profileSymbol('BTC/USDT', bars(closes, 10), T0 + 3 * 1_440 * MINUTE)!;
    expect(profile.bars).toBe(3 * 1_440);
    expect(profile.volatilityChange).toBeGreaterThan(2.5);
    // About 100 × 10 a minute: 1.44 million a day, the thinnest tier.
    expect(profile.quoteVolume24h).toBeCloseTo(1_440_000, -3);
    expect(profile.liquidityTier).toBe('meme');
    expect(profile.asOf).toBe(T0 + 3 * 1_440 * MINUTE);
    // Asked as of an earlier time, it sees nothing after it.
    expect(profileSymbol('BTC/USDT', bars(closes, 1_000), T0 + 60 * MINUTE)!.bars).toBe(60);
  });

  it('features of a setup read only bars closed by the decision, and say when each was read', () => {
    const history = bars(Array.from({ length: 400 }, (_, i) => 100 + i * 0.1));
    const decision = T0 + 300 * MINUTE;
    const features = setupFeatures('BTC/USDT', history, decision, 72);
    expect(features.values.rule_score).toBe(72);
    expect(features.values.ret_1h).toBeCloseTo(((100 + 299 * 0.1) / (100 + 239 * 0.1) - 1) * 100, 8);
    expect(Math.max(...Object.values(features.times))).toBe(decision);
    expect(features.times.ret_1h).toBe(decision);
  });
});

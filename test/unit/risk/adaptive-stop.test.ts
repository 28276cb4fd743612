import { describe, expect, it } from 'vitest';
import { adaptiveStop, longStopPrice, volatilityFactor } from '../../../core/risk/adaptive-stop.js';
import { DEFAULT_RISK_CONFIG } from '../../../core/risk/config.js';

const stops = DEFAULT_RISK_CONFIG.stops;

describe('adaptive stops', () => {
  it('keeps the base stop in a NORMAL, calm market', () => {
    expect(adaptiveStop({ basePct: 3, regime: 'NORMAL', volatilityPct: 4, tier: 'large' }, stops)).toEqual({
      pct: 3,
      basePct: 3,
      regimeMultiplier: 1,
      volatilityFactor: 1, // 4 / 5 = 0.8, clamped up to 1
      capPct: 10,
      capped: false,
    });
  });

  it('multiplies by the regime and the volatility factor: 4 % × 1.3 (CAUTION) × 7.5/5 = 7.8 %', () => {
    const stop = adaptiveStop({ basePct: 4, regime: 'CAUTION', volatilityPct: 7.5, tier: 'large' }, stops);
    expect(stop.pct).toBeCloseTo(7.8, 10);
    expect(stop).toMatchObject({ regimeMultiplier: 1.3, volatilityFactor: 1.5, capped: false });
  });

  it('uses 1.2 in EUPHORIA and 1.5 in PANIC', () => {
    expect(adaptiveStop({ basePct: 2, regime: 'EUPHORIA', volatilityPct: null, tier: 'mid' }, stops).pct).toBeCloseTo(2.4, 10);
    expect(adaptiveStop({ basePct: 2, regime: 'PANIC', volatilityPct: null, tier: 'mid' }, stops).pct).toBeCloseTo(3, 10);
  });

  it('caps by tier: 4 % × 1.5 × 2 = 12 % is cut to 10 % for large caps, allowed for mid (cap 12 %)', () => {
    // Volatility 14 % → factor 2.8, clamped to the maximum 2.
    expect(adaptiveStop({ basePct: 4, regime: 'PANIC', volatilityPct: 14, tier: 'large' }, stops)).toMatchObject({ pct: 10, capPct: 10, capped: true, volatilityFactor: 2 });
    expect(adaptiveStop({ basePct: 4, regime: 'PANIC', volatilityPct: 14, tier: 'mid' }, stops)).toMatchObject({ pct: 12, capPct: 12, capped: false });
    expect(adaptiveStop({ basePct: 9, regime: 'PANIC', volatilityPct: 14, tier: 'meme' }, stops)).toMatchObject({ pct: 15, capped: true });
    expect(adaptiveStop({ basePct: 9, regime: 'PANIC', volatilityPct: 14, tier: 'small' }, stops)).toMatchObject({ pct: 15, capped: true });
  });

  it('clamps the volatility factor to [min, max] and treats unknown volatility as 1', () => {
    expect(volatilityFactor(null, stops.volatility)).toBe(1);
    expect(volatilityFactor(2.5, stops.volatility)).toBe(1);
    expect(volatilityFactor(6, stops.volatility)).toBeCloseTo(1.2, 12);
    expect(volatilityFactor(50, stops.volatility)).toBe(2);
  });

  it('turns the distance into a long stop price and refuses a non-positive base', () => {
    expect(longStopPrice(50_000, 7.8)).toBeCloseTo(46_100, 8);
    expect(() => adaptiveStop({ basePct: 0, regime: 'NORMAL', volatilityPct: null, tier: 'large' }, stops)).toThrow(/positive/);
  });
});

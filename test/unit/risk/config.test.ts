import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_CONFIG, parseRiskConfig } from '../../../core/risk/config.js';

describe('risk configuration', () => {
  it('carries the spec defaults', () => {
    const c = DEFAULT_RISK_CONFIG;
    expect(c.limits).toMatchObject({ maxOpenPositionsPerStrategy: 50, maxExposurePerSymbolPct: 20 });
    expect(c.stopCooldown).toEqual({ stops: 3, hoursByTier: { large: 4, mid: 6, small: 12, meme: 24 } });
    expect(c.tradeCooldownMinutes).toBe(15);
    expect(c.regime.panic).toEqual([{ minutes: 60, pct: 5 }, { minutes: 240, pct: 10 }]);
    expect(c.regime.caution).toEqual([{ minutes: 60, pct: 3 }]);
    expect(c.regime.bleed).toEqual([{ minutes: 1440, pct: 3 }, { minutes: 2880, pct: 5 }]);
    expect(c.regime.euphoria).toEqual([{ minutes: 60, pct: 5 }]);
    expect(c.regime.sizeMultiplier).toEqual({ PANIC: 0, CAUTION: 0.5, EUPHORIA: 0.7, NORMAL: 1 });
    expect(c.stops.regimeMultiplier).toEqual({ PANIC: 1.5, CAUTION: 1.3, EUPHORIA: 1.2, NORMAL: 1 });
    expect(c.stops.capPctByTier).toEqual({ large: 10, mid: 12, small: 15, meme: 15 });
    expect(c.volatility.strategies).toEqual({ channel: { offAbovePct: 8, onBelowPct: 6 } });
  });

  it('fills what a partial configuration leaves out', () => {
    const c = parseRiskConfig({ stopCooldown: { hoursByTier: { meme: 48 } }, limits: { maxOrderNotional: 500 } });
    expect(c.stopCooldown.hoursByTier).toEqual({ large: 4, mid: 6, small: 12, meme: 48 });
    expect(c.limits).toMatchObject({ maxOrderNotional: 500, maxOpenPositionsPerStrategy: 50 });
  });

  it('rejects nonsense with the field named', () => {
    expect(() => parseRiskConfig({ limits: { maxExposurePerSymbolPct: 0 } })).toThrow(/maxExposurePerSymbolPct/);
    expect(() => parseRiskConfig({ limits: { maxOrderNotinal: 5 } })).toThrow(/maxOrderNotinal/);
    expect(() => parseRiskConfig({ volatility: { strategies: { channel: { offAbovePct: 6, onBelowPct: 8 } } } })).toThrow(/onBelowPct \(8\) must be below offAbovePct \(6\)/);
    expect(() => parseRiskConfig({ regime: { caution: [{ minutes: 60, pct: 6 }] } })).toThrow(/CAUTION drop \(6 %\) must be smaller than the smallest PANIC drop \(5 %\)/);
    expect(() => parseRiskConfig({ stops: { volatility: { minFactor: 3, maxFactor: 2 } } })).toThrow(/minFactor/);
  });
});

import { describe, expect, it } from 'vitest';
import { riskLimitFields, type RiskLimitKey } from '../../../core/api/contract/risk-limits.js';
import { DEFAULT_RISK_CONFIG, parseRiskConfig } from '../../../core/risk/config.js';

/** The Risk limits form reads and writes these places of the risk configuration with these schemas. */
describe('the risk limits the Risk tab edits', () => {
  const keys = Object.keys(riskLimitFields) as RiskLimitKey[];

  it('names seven limits that exist in the stored configuration where the form looks for them', () => {
    expect([...keys].sort()).toEqual(['dailyLossPct', 'maxExposurePerSymbolPct', 'maxExposureTotalPct', 'maxOpenPositionsPerStrategy', 'maxOpenPositionsTotal', 'maxOrderNotional', 'maxSlippagePct']);
    for (const key of keys) {
      const section = DEFAULT_RISK_CONFIG[riskLimitFields[key].section] as Record<string, unknown>;
      expect(section[key], key).toBeTypeOf('number');
    }
  });

  it('accepts exactly what the whole configuration accepts for each limit', () => {
    const cases: Record<RiskLimitKey, { good: number; bad: number[] }> = {
      maxOrderNotional: { good: 2_500, bad: [0, -1] },
      maxExposurePerSymbolPct: { good: 100, bad: [0, 100.01] },
      maxExposureTotalPct: { good: 1_000, bad: [0, 1_000.5] },
      maxOpenPositionsTotal: { good: 12, bad: [0, 2.5] },
      maxOpenPositionsPerStrategy: { good: 1, bad: [0, 1.5] },
      dailyLossPct: { good: 3.5, bad: [0, 101] },
      maxSlippagePct: { good: 0.25, bad: [0, 20.5] },
    };
    for (const key of keys) {
      const { section, schema } = riskLimitFields[key];
      const whole = (value: number) => () => parseRiskConfig({ [section]: { [key]: value } });
      expect(schema.safeParse(cases[key].good).success, `${key} ${cases[key].good}`).toBe(true);
      expect(whole(cases[key].good), `${key} ${cases[key].good}`).not.toThrow();
      for (const value of cases[key].bad) {
        expect(schema.safeParse(value).success, `${key} ${value}`).toBe(false);
        expect(whole(value), `${key} ${value}`).toThrow();
      }
    }
  });
});

import { limitsConfigSchema, riskConfigSchema } from '../../risk/config.js';

/**
 * The limits a trader sets in the Risk tab's "Risk limits" form: where each sits in the risk
 * configuration that `risk.config.get` answers and `risk.config.set` takes, and the core's own
 * schema for it, so the form's bounds, whole-number rule and default cannot drift from what the
 * core accepts.
 */
const breaker = riskConfigSchema.shape.breaker.unwrap();

export const riskLimitFields = {
  maxOrderNotional: { section: 'limits', schema: limitsConfigSchema.shape.maxOrderNotional },
  maxExposurePerSymbolPct: { section: 'limits', schema: limitsConfigSchema.shape.maxExposurePerSymbolPct },
  maxExposureTotalPct: { section: 'limits', schema: limitsConfigSchema.shape.maxExposureTotalPct },
  maxOpenPositionsTotal: { section: 'limits', schema: limitsConfigSchema.shape.maxOpenPositionsTotal },
  maxOpenPositionsPerStrategy: { section: 'limits', schema: limitsConfigSchema.shape.maxOpenPositionsPerStrategy },
  maxSlippagePct: { section: 'limits', schema: limitsConfigSchema.shape.maxSlippagePct },
  dailyLossPct: { section: 'breaker', schema: breaker.shape.dailyLossPct },
} as const;

export type RiskLimitKey = keyof typeof riskLimitFields;
export type RiskLimitSection = (typeof riskLimitFields)[RiskLimitKey]['section'];

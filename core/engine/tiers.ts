import type { LiquidityTier } from '../exchange/port.js';
import type { ExitPlan, TierExitDefaults } from '../strategies/contract.js';

/**
 * Default exits by liquidity tier, in percent of the entry price: thinner markets move more, so
 * their stops and targets sit further away. Strategies read them from `context.tierDefaults` when
 * their own parameters do not set exits; nothing here is applied behind a strategy's back.
 */
export const TIER_EXIT_DEFAULTS: Readonly<Record<LiquidityTier, TierExitDefaults>> = {
  large: { takeProfitPct: 3, stopLossPct: 2, trailingActivationPct: 1.5, trailingDistancePct: 1 },
  mid: { takeProfitPct: 4, stopLossPct: 3, trailingActivationPct: 2, trailingDistancePct: 1.5 },
  small: { takeProfitPct: 6, stopLossPct: 4, trailingActivationPct: 3, trailingDistancePct: 2 },
  meme: { takeProfitPct: 10, stopLossPct: 6, trailingActivationPct: 5, trailingDistancePct: 3 },
};

/** A full exit plan around an entry price from a tier's defaults (take profit, stop, trailing). */
export function tierExitPlan(defaults: TierExitDefaults, entryPrice: number, maxHoldMs?: number): ExitPlan {
  return {
    stopLoss: entryPrice * (1 - defaults.stopLossPct / 100),
    takeProfits: [{ price: entryPrice * (1 + defaults.takeProfitPct / 100), fraction: 1 }],
    trailing: { activationPrice: entryPrice * (1 + defaults.trailingActivationPct / 100), distancePct: defaults.trailingDistancePct },
    ...(maxHoldMs !== undefined ? { maxHoldMs } : {}),
  };
}

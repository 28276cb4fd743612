import type { LiquidityTier } from '../exchange/port.js';
import type { Regime, RiskConfig } from './config.js';

/**
 * Adaptive stop distance: base stop × regime multiplier (PANIC 1.5, CAUTION 1.3, EUPHORIA 1.2,
 * NORMAL 1.0) × volatility factor, capped by the liquidity tier (10/12/15/15 %). Wider stops in
 * turbulent markets keep noise from stopping a position out; the cap keeps the loss bounded.
 */

export interface AdaptiveStopInput {
  /** The strategy's base stop distance, in % below the entry (long). */
  readonly basePct: number;
  readonly regime: Regime;
  /** The symbol's current volatility (see VolatilityMonitor), in %; null when unknown → factor 1 clamped. */
  readonly volatilityPct: number | null;
  readonly tier: LiquidityTier;
}

export interface AdaptiveStop {
  /** Final stop distance in %. */
  readonly pct: number;
  readonly basePct: number;
  readonly regimeMultiplier: number;
  readonly volatilityFactor: number;
  readonly capPct: number;
  readonly capped: boolean;
}

export function volatilityFactor(volatilityPct: number | null, config: RiskConfig['stops']['volatility']): number {
  const raw = volatilityPct === null || !Number.isFinite(volatilityPct) ? 1 : volatilityPct / config.referencePct;
  return Math.min(config.maxFactor, Math.max(config.minFactor, raw));
}

export function adaptiveStop(input: AdaptiveStopInput, config: RiskConfig['stops']): AdaptiveStop {
  if (!(input.basePct > 0)) throw new RangeError(`base stop must be a positive %, got ${input.basePct}`);
  const regimeMultiplier = config.regimeMultiplier[input.regime];
  const factor = volatilityFactor(input.volatilityPct, config.volatility);
  const capPct = config.capPctByTier[input.tier];
  const wanted = input.basePct * regimeMultiplier * factor;
  const capped = wanted > capPct;
  return { pct: capped ? capPct : wanted, basePct: input.basePct, regimeMultiplier, volatilityFactor: factor, capPct, capped };
}

/** The stop price of a long entered at `entryPrice`, `stopPct` % below it. */
export function longStopPrice(entryPrice: number, stopPct: number): number {
  return entryPrice * (1 - stopPct / 100);
}

import { z } from 'zod';
import type { LiquidityTier } from './port.js';

/** Slippage of market (taker) fills by liquidity tier, from the product spec. */
export const DEFAULT_SLIPPAGE_BY_TIER: Readonly<Record<LiquidityTier, number>> = {
  large: 0.0015,
  mid: 0.0025,
  small: 0.005,
  meme: 0.01,
};

const rate = z.number().min(0).max(0.5);

/**
 * How the paper exchange simulates fills. Fees default to each market's own maker/taker rates;
 * `fees` overrides them for every market (a backtest's `--fee`).
 */
export const paperConfigSchema = z.object({
  fees: z.object({ maker: rate, taker: rate }).optional(),
  /** Slippage per tier; 0 is allowed (the reference backtests use none). */
  slippageByTier: z
    .object({ large: rate, mid: rate, small: rate, meme: rate })
    .default({ ...DEFAULT_SLIPPAGE_BY_TIER }),
  /** One slippage for every market, overriding the tier table (a backtest's `--slippage`). */
  slippage: rate.optional(),
  /**
   * Participation rule: in one bar, resting limit and stop-limit orders on a symbol together fill at
   * most this fraction of the bar's volume (1 = the whole bar), in the order they were placed.
   */
  participation: z.number().gt(0).max(1).default(1),
});
export type PaperConfig = z.infer<typeof paperConfigSchema>;
export type PaperConfigInput = z.input<typeof paperConfigSchema>;

export function slippageFor(config: PaperConfig, tier: LiquidityTier): number {
  return config.slippage ?? config.slippageByTier[tier];
}

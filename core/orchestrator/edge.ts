import { z } from 'zod';
import { round } from './format.js';

/** One closed trade of a configuration on a symbol: its net P&L against what it cost. */
export interface TradeReturn {
  readonly closedAt: number;
  readonly pnl: number;
  readonly cost: number;
}

export const edgeSettingsSchema = z
  .object({
    /** Closed trades a configuration needs on a symbol before Kelly sizes its entries there. */
    minSample: z.number().int().min(5).max(1_000).default(30),
    /** The share of the Kelly fraction used (0.5 = half Kelly). */
    kellyMultiplier: z.number().min(0.05).max(1).default(0.5),
    /** Most of the configuration's budget one position may take, whatever Kelly says. */
    cap: z.number().min(0.01).max(1).default(0.25),
    /** Trades in the rolling expected value watched for decay. */
    rollingWindow: z.number().int().min(5).max(500).default(20),
    /** Decay alert when the rolling EV falls below the earlier EV by more than this share. */
    decayShare: z.number().min(0.05).max(1).default(0.5),
  })
  .strict();
export type EdgeSettings = z.infer<typeof edgeSettingsSchema>;
export const EDGE_DEFAULTS: EdgeSettings = edgeSettingsSchema.parse({});

export interface EdgeStats {
  readonly trades: number;
  readonly wins: number;
  readonly winRate: number;
  /** Mean return of winners and losers (fractions of cost; losses negative). */
  readonly averageWin: number;
  readonly averageLoss: number;
  /** Expected value per trade: the mean return (fraction of cost) and the mean net P&L (quote). */
  readonly expectedReturn: number;
  readonly expectedPnl: number;
  /** Average win ÷ average loss; null without a loss. */
  readonly payoff: number | null;
  /** Full Kelly fraction W − (1 − W) / R (W alone without a loss); may be negative. */
  readonly kelly: number;
  /** The share of the budget a position may take: max(0, Kelly × multiplier), at most the cap. */
  readonly sizeFraction: number;
  /** True once the sample is large enough for sizing to use it. */
  readonly inUse: boolean;
  /** Mean return of the last `rollingWindow` trades, and of the trades before them (null while too few). */
  readonly rollingExpectedReturn: number | null;
  readonly earlierExpectedReturn: number | null;
  /** `negative`: the rolling EV turned below zero; `fell`: it fell by more than the set share. */
  readonly decay: 'negative' | 'fell' | null;
}

/** Full Kelly for a win rate and a payoff ratio (average win ÷ average loss); W when nothing lost. */
export function kellyFraction(winRate: number, payoff: number | null): number {
  if (payoff === null) return winRate;
  if (!(payoff > 0)) return -1;
  return winRate - (1 - winRate) / payoff;
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/** Expected value, Kelly sizing and edge decay from a configuration's own closed trades on one symbol (oldest first). */
export function edgeStats(trades: readonly TradeReturn[], settings: EdgeSettings = EDGE_DEFAULTS): EdgeStats {
  const returns = trades.map((trade) => (trade.cost > 0 ? trade.pnl / trade.cost : 0));
  const wins = returns.filter((r) => r > 0);
  const losses = returns.filter((r) => r <= 0);
  const winRate = returns.length === 0 ? 0 : wins.length / returns.length;
  const averageWin = mean(wins);
  const averageLoss = mean(losses);
  const payoff = losses.length === 0 || averageLoss === 0 ? null : averageWin / Math.abs(averageLoss);
  const kelly = returns.length === 0 ? 0 : kellyFraction(winRate, payoff);
  const sizeFraction = Math.min(settings.cap, Math.max(0, kelly * settings.kellyMultiplier));
  const window = settings.rollingWindow;
  const rolling = returns.length >= window ? mean(returns.slice(-window)) : null;
  const earlier = returns.length >= window * 2 ? mean(returns.slice(0, -window)) : null;
  let decay: EdgeStats['decay'] = null;
  if (rolling !== null && rolling < 0 && (earlier === null || earlier >= 0)) decay = 'negative';
  else if (rolling !== null && earlier !== null && earlier > 0 && rolling < earlier * (1 - settings.decayShare)) decay = 'fell';
  return {
    trades: returns.length,
    wins: wins.length,
    winRate: round(winRate),
    averageWin: round(averageWin),
    averageLoss: round(averageLoss),
    expectedReturn: round(mean(returns)),
    expectedPnl: round(mean(trades.map((trade) => trade.pnl)), 8),
    payoff: payoff === null ? null : round(payoff),
    kelly: round(kelly),
    sizeFraction: round(sizeFraction),
    inUse: returns.length >= settings.minSample,
    rollingExpectedReturn: rolling === null ? null : round(rolling),
    earlierExpectedReturn: earlier === null ? null : round(earlier),
    decay,
  };
}

import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

/**
 * The orchestrator: capital allocation per account, the decision log, the threshold manager driven by
 * shadows, sizing from the edge (EV, Kelly), symbol profiles and the learned setup filter.
 */

const configName = z.string().trim().min(1).max(40);
const account = z.string().trim().min(1).max(140).default('paper');

const capitalUseSchema = z.object({ positions: z.number(), working: z.number(), total: z.number() });

export const budgetLineSchema = z.object({
  config: z.string(),
  strategy: z.string(),
  /** `seed`: the default plan's share of its family (DCA 40 %, Swing 30 %, Channel 30 % of deployable); else as set. */
  kind: z.enum(['percent', 'amount', 'seed']),
  /** As set: % of equity or an amount; for `seed`, the % of equity it comes to. */
  value: z.number(),
  /** The budget in quote currency at the current equity. */
  budget: z.number(),
  percentOfEquity: z.number(),
  /** Open positions at cost plus working entry orders. */
  used: capitalUseSchema,
  free: z.number(),
  /** Present when the budget is below what is in use (it was lowered): by how much. New entries are refused until it is back under. */
  overBy: z.number().optional(),
});

export const allocationViewSchema = z.object({
  account: z.string(),
  quote: z.string(),
  /** False while the account's equity is not known (a live account not connected): amounts read 0. */
  known: z.boolean(),
  equity: z.number(),
  reservePct: z.number(),
  reserve: z.number(),
  /** Equity less the reserve: what all strategies together may commit. */
  deployable: z.number(),
  /** True while the seed's default plan applies (no plan of the trader's). */
  seed: z.boolean(),
  used: z.number(),
  budgets: z.array(budgetLineSchema),
});
export type AllocationView = z.infer<typeof allocationViewSchema>;

export const policyViewSchema = z.object({
  name: z.string(),
  tuning: z.enum(['propose', 'auto']),
  allowStacking: z.boolean(),
  kellySizing: z.boolean(),
  filterWeight: z.number(),
  filterMinScore: z.number(),
});
export type PolicyView = z.infer<typeof policyViewSchema>;

export const decisionViewSchema = z.object({
  id: z.number().int(),
  time: z.number(),
  account: z.string(),
  config: z.string(),
  strategy: z.string(),
  version: z.number().int(),
  symbol: symbolSchema,
  source: z.enum(['live', 'paper', 'shadow', 'backtest']),
  verdict: z.enum(['entered', 'skipped', 'refused', 'near_miss']),
  reason: z.string(),
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  modelScore: z.number().nullable(),
  features: z.record(z.string(), z.number()),
  outcomeReturn: z.number().nullable(),
  closedAt: z.number().nullable(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

const windowSchema = z.object({
  window: z.enum(['24h', '3d', '7d', '30d']),
  championTrades: z.number().int(),
  variantTrades: z.number().int(),
  championMean: z.number().nullable(),
  variantMean: z.number().nullable(),
  pValue: z.number().nullable(),
  qualifies: z.boolean(),
  better: z.boolean(),
  worse: z.boolean(),
});

export const adjustmentViewSchema = z.object({
  id: z.number().int(),
  config: z.string(),
  createdAt: z.number(),
  status: z.enum(['proposed', 'applied', 'declined', 'rolled_back', 'reverted', 'superseded']),
  mode: z.enum(['propose', 'auto']),
  variant: z.string(),
  confidence: z.enum(['HIGH', 'MEDIUM', 'LOW']),
  /** One-sided p of Welch's t-test on the mean return per trade (variant against champion). */
  pValue: z.number(),
  fromVersion: z.number().int(),
  toVersion: z.number().int().nullable(),
  changes: z.array(z.object({ param: z.string(), from: z.number(), to: z.number(), original: z.number(), variantValue: z.number(), bound: z.number() })),
  windows: z.array(windowSchema),
  why: z.string(),
  appliedAt: z.number().nullable(),
  decidedAt: z.number().nullable(),
  decidedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** The shadow variant still running the replaced parameters. */
  keptAs: z.string().nullable(),
});
export type AdjustmentView = z.infer<typeof adjustmentViewSchema>;

export const tuningViewSchema = z.object({
  name: z.string(),
  mode: z.enum(['propose', 'auto']),
  dailyLimit: z.number().int(),
  appliedToday: z.number().int(),
  /** The last reading of the shadows: when, and what it concluded. */
  lastEvaluation: z.object({ at: z.number(), why: z.string() }).nullable(),
  adjustments: z.array(adjustmentViewSchema),
});
export type TuningView = z.infer<typeof tuningViewSchema>;

export const edgeRowSchema = z.object({
  symbol: symbolSchema,
  /** The strategy whose closed trades these figures count (the one the configuration runs now); absent when unscoped. */
  strategy: z.string().optional(),
  trades: z.number().int(),
  wins: z.number().int(),
  winRate: z.number(),
  averageWin: z.number(),
  averageLoss: z.number(),
  /** Expected value per trade: mean return on cost, and mean net P&L in quote. */
  expectedReturn: z.number(),
  expectedPnl: z.number(),
  /** The quote currency of its market, which `expectedPnl` is in (the budget and `allowance` are in the account's `quote`). */
  quote: z.string().optional(),
  /** Decimals `expectedPnl` reads to in that quote, as a backtest's `moneyDecimals` (8 for BTC: satoshis). */
  moneyDecimals: z.number().int().optional(),
  payoff: z.number().nullable(),
  kelly: z.number(),
  /** Share of the budget a position may take (fractional Kelly, capped). */
  sizeFraction: z.number(),
  /** That share in quote at the current budget; null until the sample is large enough. */
  allowance: z.number().nullable(),
  inUse: z.boolean(),
  rollingExpectedReturn: z.number().nullable(),
  earlierExpectedReturn: z.number().nullable(),
  decay: z.enum(['negative', 'fell']).nullable(),
});

export const edgeViewSchema = z.object({
  name: z.string(),
  quote: z.string(),
  budget: z.number().nullable(),
  kellySizing: z.boolean(),
  settings: z.object({ minSample: z.number().int(), kellyMultiplier: z.number(), cap: z.number(), rollingWindow: z.number().int(), decayShare: z.number() }),
  symbols: z.array(edgeRowSchema),
});
export type EdgeView = z.infer<typeof edgeViewSchema>;

export const symbolProfileViewSchema = z.object({
  symbol: symbolSchema,
  asOf: z.number(),
  bars: z.number().int(),
  volatilityPct: z.number(),
  volatilityChange: z.number().nullable(),
  quoteVolume24h: z.number(),
  liquidityTier: z.enum(['large', 'mid', 'small', 'meme']),
  trendPersistence: z.number(),
  spreadBps: z.number(),
});
export type SymbolProfileView = z.infer<typeof symbolProfileViewSchema>;

const foldSchema = z.object({ from: z.number(), to: z.number(), train: z.number().int(), test: z.number().int(), kept: z.number().int(), baselineReturn: z.number(), filteredReturn: z.number() });
const outOfSampleSchema = z.object({
  examples: z.number().int(),
  kept: z.number().int(),
  baselineReturn: z.number(),
  filteredReturn: z.number(),
  baselineWinRate: z.number(),
  filteredWinRate: z.number(),
  logLoss: z.number(),
  brier: z.number(),
});

export const modelVersionViewSchema = z.object({
  version: z.number().int(),
  createdAt: z.number(),
  trigger: z.enum(['manual', 'schedule']),
  active: z.boolean(),
  status: z.string(),
  features: z.array(z.string()),
  samples: z.record(z.string(), z.number()),
  folds: z.array(foldSchema),
  outOfSample: outOfSampleSchema.nullable(),
});

export const modelCardViewSchema = z.object({
  name: z.string(),
  /** The model's share of the setup score, and the score setups need. */
  weight: z.number(),
  minScore: z.number(),
  active: modelVersionViewSchema.nullable(),
  versions: z.array(modelVersionViewSchema),
  /** Why the last training failed (e.g. leakage); null after a success. */
  failure: z.string().nullable(),
  nextScheduledAt: z.number().nullable(),
  /** Closed setups available to train on, by source. */
  examples: z.record(z.string(), z.number()),
});
export type ModelCardView = z.infer<typeof modelCardViewSchema>;

const policyChange = z
  .object({
    name: configName,
    tuning: z.enum(['propose', 'auto']).optional(),
    allowStacking: z.boolean().optional(),
    kellySizing: z.boolean().optional(),
    filterWeight: z.number().min(0).max(1).optional(),
    filterMinScore: z.number().min(0).max(100).optional(),
  })
  .strict();

export const orchestratorCommands = {
  'allocation.get': command(z.object({ account }).strict(), allocationViewSchema),
  /** Refused (naming the field, with the numbers) when the budgets add up to more than 100 % − reserve. */
  'allocation.set': command(
    z
      .object({
        account,
        reservePct: z.number().min(0).max(100),
        budgets: z.array(z.object({ config: configName, kind: z.enum(['percent', 'amount']), value: z.number().min(0).max(1e12) }).strict()).max(200),
      })
      .strict(),
    allocationViewSchema,
  ),
  /** Back to the seed's default plan. */
  'allocation.reset': command(z.object({ account }).strict(), allocationViewSchema),
  'orchestrator.policy': command(z.object({ name: configName }).strict(), policyViewSchema),
  'orchestrator.setPolicy': command(policyChange, policyViewSchema),
  'orchestrator.decisions': command(
    z.object({ name: configName.optional(), verdict: z.enum(['entered', 'skipped', 'refused', 'near_miss']).optional(), symbol: symbolSchema.optional(), limit: z.number().int().min(1).max(1_000).default(100) }).strict(),
    z.array(decisionViewSchema),
  ),
  'tuning.list': command(z.object({ name: configName }).strict(), tuningViewSchema),
  /** Reads the shadows now; answers what it concluded and the proposal (applied at once in auto mode). */
  'tuning.evaluate': command(z.object({ name: configName }).strict(), z.object({ why: z.string(), adjustment: adjustmentViewSchema.nullable() })),
  'tuning.accept': command(z.object({ id: z.number().int().positive() }).strict(), adjustmentViewSchema),
  'tuning.decline': command(z.object({ id: z.number().int().positive() }).strict(), adjustmentViewSchema),
  'tuning.revert': command(z.object({ id: z.number().int().positive() }).strict(), adjustmentViewSchema),
  'edge.stats': command(z.object({ name: configName }).strict(), edgeViewSchema),
  /** Volatility, liquidity tier, trend persistence and spread per symbol (default: every symbol of the market). */
  'profiles.list': command(z.object({ symbols: z.array(symbolSchema).max(200).optional() }).strict(), z.array(symbolProfileViewSchema)),
  'filter.card': command(z.object({ name: configName }).strict(), modelCardViewSchema),
  /** Trains a new version now (in a worker); answers the card with it. */
  'filter.retrain': command(z.object({ name: configName }).strict(), modelCardViewSchema),
} as const;

export const orchestratorEvents = {
  /** A configuration's tuning, edge, decisions or model changed (`config`), or an account's allocation (`account`). */
  'orchestrator.updated': z.object({ config: z.string().nullable(), account: z.string().nullable() }),
} as const;

import { z } from 'zod';
import { symbolSchema, timeframeSchema } from '../../market/candle.js';
import { command } from './define.js';

/** Strategies (built-in and the trader's files) and backtests: list, run with progress, cancel, shadow-compare. */

export const strategyInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  /** The trader's file for strategies from `<data-dir>/strategies`; null for built-ins. */
  file: z.string().nullable(),
  /** False for a file not read yet: its description and parameters are known once `strategies.describe` read it (in its sandbox). */
  described: z.boolean(),
  timeframes: z.array(timeframeSchema),
  warmupBars: z.number().int(),
  /** JSON Schema (input side) of the parameters: the UI builds its form from it. */
  paramsSchema: z.unknown(),
  defaults: z.unknown(),
});
export type StrategyInfo = z.infer<typeof strategyInfoSchema>;

const rate = z.number().min(0).max(0.5);
export const runIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'runId: letters, digits, _ and - only');

/** Where the candles of a backtest come from. */
export const backtestSourceSchema = z.discriminatedUnion('kind', [
  /** A candle CSV in `<data-dir>/imports` (header row; timestamp, open, high, low, close, volume): a name there, or a path that resolves inside it. */
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }),
  /** Candles already in the store for (exchange, symbol, timeframe), optionally a time range. */
  z.object({
    kind: z.literal('stored'),
    exchange: z.string().min(1),
    /** Timeframe of the stored bars to read (the strategy's own timeframes are rolled up from them). */
    timeframe: timeframeSchema.default('1m'),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
  }),
  /** The built-in simulated market, deterministic per seed. */
  z.object({ kind: z.literal('simulated'), seed: z.number().int().default(42), bars: z.number().int().min(100).max(5_000_000).default(100_000) }),
]);

/** A name from `strategies.list`: a built-in or a file in `<data-dir>/strategies` — never a path. */
export const strategyNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'a strategy name from strategies.list (2–40 lowercase letters, digits or dashes), not a path');

export const backtestSettings = {
  strategy: strategyNameSchema,
  /** Default: from the file name (BTCUSDT-1m-….csv → BTC/USDT), or BTC/USDT for simulated data. */
  symbol: symbolSchema.optional(),
  /** The timeframe the strategy runs on, for strategies with a `timeframe` parameter (like the CLI's --timeframe). */
  timeframe: timeframeSchema.optional(),
  /** Commission rate on every fill, both sides. */
  fee: rate.default(0.001),
  /** Market-order slippage; default: the symbol's liquidity tier. */
  slippage: rate.optional(),
  cash: z.number().positive().max(1e12).default(10_000),
  tier: z.enum(['large', 'mid', 'small', 'meme']).optional(),
  source: backtestSourceSchema,
  /** false = no risk gate (the CLI's --no-risk); default: the same gate as paper and live, with the stored risk config. */
  risk: z.boolean().optional(),
  /** A candle CSV in `<data-dir>/imports` whose series drives the market regime (the CLI's --benchmark); default: the backtested series. */
  benchmark: z.string().min(1).optional(),
};

export const backtestTradeSchema = z.object({
  id: z.string(),
  symbol: symbolSchema,
  side: z.literal('long'),
  entryTime: z.number(),
  exitTime: z.number(),
  qty: z.number(),
  entryPrice: z.number(),
  exitPrice: z.number(),
  fees: z.number(),
  pnl: z.number(),
  reason: z.enum(['take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual']),
});

export const backtestFillSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  tradeId: z.string(),
  symbol: symbolSchema,
  side: z.enum(['buy', 'sell']),
  time: z.number(),
  price: z.number(),
  qty: z.number(),
  fee: z.number(),
  liquidity: z.enum(['maker', 'taker']),
  reason: z.string(),
});

/** Ratios are fractions (0.05 = 5 %); conventions in core/backtest/metrics.ts. */
export const backtestMetricsSchema = z.object({
  trades: z.number().int(),
  winRate: z.number(),
  profitFactor: z.number().nullable(),
  totalReturn: z.number(),
  maxDrawdown: z.number(),
  sharpe: z.number(),
  /**
   * Present when the run has fewer than 30 daily returns (a month of days): why its Sharpe is shown as "—".
   * `sharpe` is then the same figure as before, but a few days' returns ×√365 say nothing about a year.
   */
  sharpeNote: z.string().optional(),
  fees: z.number(),
  finalValue: z.number(),
  netProfit: z.number(),
  weightedReturn: z.number(),
  exits: z.number().int(),
  exposure: z.number(),
});

export const backtestRiskEventSchema = z.object({ time: z.number(), kind: z.string(), detail: z.string() });

export const backtestResultSchema = z.object({
  runId: z.string(),
  strategy: z.string(),
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  bars: z.number().int(),
  params: z.unknown(),
  trades: z.array(backtestTradeSchema),
  fills: z.array(backtestFillSchema),
  metrics: backtestMetricsSchema,
  riskEvents: z.array(backtestRiskEventSchema),
  /** Equity at bar closes, thinned to at most ~2 000 points for the chart; drawdown as a fraction below the running peak. */
  equity: z.object({ time: z.array(z.number()), value: z.array(z.number()), drawdown: z.array(z.number()) }),
  openPosition: z.object({ tradeId: z.string(), qty: z.number(), averageEntry: z.number(), openedAt: z.number() }).nullable(),
  /** The trade list as CSV, ready to save ("export trades"). */
  tradesCsv: z.string(),
  /** Why a run made no trade, with the limit and what to change; null when it traded. */
  noTradesReason: z.string().nullable(),
  /** Decimals of its money (P&L, fees, final value) in the quote currency: 2 for USD, its stablecoins, EUR and GBP; 8 for a coin quote (ETH/BTC), as the CLI prints them. */
  moneyDecimals: z.number().int().optional(),
});
export type BacktestResultView = z.infer<typeof backtestResultSchema>;

export const shadowRowSchema = z.object({
  id: z.string(),
  champion: z.boolean(),
  params: z.unknown(),
  metrics: backtestMetricsSchema,
  trades: z.array(backtestTradeSchema),
  /** What the variant's own risk gate did: regime changes, blocked entries, cooldowns, breaker trips. */
  riskEvents: z.array(backtestRiskEventSchema),
});

export const strategyCommands = {
  'strategies.list': command(
    z.object({}).strict(),
    z.object({ strategies: z.array(strategyInfoSchema), failures: z.array(z.object({ file: z.string(), error: z.string() })) }),
  ),
  /** Reads a listed strategy file in its sandbox (the trader picked it in a form): its description and parameter form. */
  'strategies.describe': command(z.object({ name: strategyNameSchema }).strict(), strategyInfoSchema),
  /** Runs a backtest; `backtest.progress` events carry its runId while it runs. */
  'backtest.run': command(
    z
      .object({
        /** Client-chosen id to match progress events and to cancel; generated when absent. */
        runId: runIdSchema.optional(),
        params: z.record(z.string(), z.unknown()).default({}),
        ...backtestSettings,
      })
      .strict(),
    backtestResultSchema,
  ),
  'backtest.cancel': command(z.object({ runId: runIdSchema }).strict(), z.object({ canceled: z.boolean() })),
  /** Champion and variants side by side on the same bars, no orders sent anywhere; compare, then promote in the UI. */
  'backtest.shadow': command(
    z
      .object({
        runId: runIdSchema.optional(),
        champion: z.record(z.string(), z.unknown()).default({}),
        variants: z
          .array(z.object({ id: z.string().min(1).max(40), params: z.record(z.string(), z.unknown()) }))
          .min(1)
          .max(50)
          // Each run is told apart by its name in the comparison: a repeated one (or the champion's) would be ambiguous.
          .superRefine((variants, ctx) => {
            const taken = new Set(['champion']);
            variants.forEach((variant, index) => {
              if (taken.has(variant.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: variant.id === 'champion' ? '"champion" names the parameters on the left; give this variant another name' : `another variant is already named "${variant.id}"` });
              taken.add(variant.id);
            });
          }),
        ...backtestSettings,
      })
      .strict(),
    z.object({ runId: z.string(), rows: z.array(shadowRowSchema) }),
  ),
} as const;

export const strategyEvents = {
  'backtest.progress': z.object({ runId: z.string(), done: z.number().int(), total: z.number().int() }),
} as const;

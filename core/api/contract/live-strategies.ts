import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

/** A configured strategy as the Strategies tab shows it: what runs, on what, and how close it is to acting. */
export const strategyConfigViewSchema = z.object({
  name: z.string(),
  strategy: z.string(),
  version: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(symbolSchema),
  enabled: z.boolean(),
  /** The account it trades on: `paper`, or a live account's key `<exchange>:<label>` (which must be armed to run). */
  account: z.string(),
  /**
   * `running`, `warming up`, `halted`, `stopped`, or `error: <why>` when it cannot run: it could not start, or
   * the engine stopped it on every symbol (a fatal error such as a file over its budget, or 20 errors in a row).
   * Stopped on some of its symbols while the others trade, the state names each after the others' state:
   * `running · BTC/USDT stopped: <why>` (`stoppedSymbols` has them).
   */
  state: z.string(),
  /**
   * The symbols its run stopped on while it was started, each with why: its strategy stopped there (a fatal
   * error, or 20 errors in a row: the last one), or no market data for it. Absent when none.
   */
  stoppedSymbols: z.record(z.string(), z.string()).optional(),
  /**
   * Its run's latest strategy error (`time`: epoch ms when Halyard heard of it), kept until the configuration
   * is switched off and on or saved again. A strategy keeps trading after an error it recovers from: `state`
   * stays `running` and this says what went wrong. Absent when its run has had no error.
   */
  lastError: z.object({ time: z.number(), message: z.string() }).optional(),
  /** 0–100 per symbol; null before the strategy has seen enough bars. */
  readiness: z.record(z.string(), z.number().nullable()),
  /**
   * Per symbol still short of the history the strategy requires: `have` of the `need` bars of `timeframe`
   * (its slowest) it has seen, e.g. ema-trend on 1h with a 333 base EMA: `{ have: 50, need: 333, timeframe: '1h' }`.
   * Its readiness stays what the strategy says (often 0) until then. Absent when every symbol has its history.
   */
  warmup: z.record(z.string(), z.object({ have: z.number().int(), need: z.number().int(), timeframe: z.string() })).optional(),
  openPositions: z.number().int(),
  /**
   * True while it runs a strategy file that was edited (or removed) since the run loaded it: a run keeps
   * the code it loaded; switching it off and on (or saving a new version) runs the file as it is now.
   */
  fileChanged: z.boolean().optional(),
  /**
   * Realized P&L after fees (its closed trades' entry and exit fees taken off), over everything the
   * configuration traded on its account, across restarts: on paper the P&L tab's all-time `realizedNet`
   * of its `bySource` row (since the last paper reset); live, the sum of its trades' `pnl` in `trades.list`.
   */
  realizedPnl: z.number(),
  /** The quote currency its money (`realizedPnl`, its shadow variants' fees and P&L) is in: its markets' one quote; absent when they are quoted in several. */
  quote: z.string().optional(),
  /**
   * Decimals its money reads to in that quote, as a backtest's `moneyDecimals`: 2 (cents) for a USD-like quote,
   * the euro and the pound, 8 (satoshis) for a coin such as BTC; the finest of its markets' when they mix quotes.
   */
  moneyDecimals: z.number().int().optional(),
});
export type StrategyConfigView = z.infer<typeof strategyConfigViewSchema>;

export const signalViewSchema = z.object({
  id: z.number().int(),
  time: z.number(),
  strategy: z.string(),
  symbol: symbolSchema,
  kind: z.string(),
  score: z.number().nullable(),
  components: z.record(z.string(), z.number()),
  reason: z.string(),
  outcome: z.string().nullable(),
});

/** A price a running strategy plans around on a symbol (grid level, Fibonacci level, its exits), for the chart. */
export const strategyLevelViewSchema = z.object({
  /** The configuration's name (what fills and positions show as their source). */
  config: z.string(),
  /** The strategy it runs (`dca-grid`, `fibonacci`, a trader's file). */
  strategy: z.string(),
  price: z.number().positive(),
  label: z.string(),
});
export type StrategyLevelView = z.infer<typeof strategyLevelViewSchema>;

const configName = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9 _.-]+$/, 'name may use letters, digits, space, _ . -')
  .refine((name) => name.toLowerCase() !== 'manual', 'the name "manual" is kept for your own orders; choose another');

export const liveStrategyCommands = {
  'strategies.configs': command(z.object({}).strict(), z.array(strategyConfigViewSchema)),
  /** Saves a new version (params validated by the strategy's own schema); running instances restart with it. */
  'strategies.save': command(
    z
      .object({
        name: configName,
        strategy: z.string().min(1).max(200),
        params: z.record(z.string(), z.unknown()).default({}),
        symbols: z.array(symbolSchema).min(1).max(50),
        enabled: z.boolean().default(false),
        /** `paper` (default) or an armed live account's key `<exchange>:<label>`. */
        account: z.string().trim().min(1).max(140).default('paper'),
        /** A new configuration (New strategy…): refused when the name is taken, instead of becoming that configuration's next version. */
        create: z.boolean().optional(),
      })
      .strict(),
    strategyConfigViewSchema,
  ),
  'strategies.setEnabled': command(z.object({ name: configName, enabled: z.boolean() }).strict(), strategyConfigViewSchema),
  'strategies.signals': command(
    z.object({ name: configName.optional(), limit: z.number().int().min(1).max(1_000).default(100) }).strict(),
    z.array(signalViewSchema),
  ),
  /** Current levels of the enabled strategies on a symbol (empty while none plans any). */
  'strategies.levels': command(z.object({ symbol: symbolSchema }).strict(), z.array(strategyLevelViewSchema)),
} as const;

export const liveStrategyEvents = {
  'strategies.updated': z.object({ configs: z.array(strategyConfigViewSchema) }),
  /** A symbol's strategy levels changed (a grid was set up, filled, expired; a strategy stopped). */
  'strategies.levels': z.object({ symbol: symbolSchema, levels: z.array(strategyLevelViewSchema) }),
} as const;

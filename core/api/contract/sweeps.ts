import { z } from 'zod';
import { symbolSchema, timeframeSchema } from '../../market/candle.js';
import { command } from './define.js';
import { backtestMetricsSchema, backtestSettings, runIdSchema } from './strategies.js';

/** Parameter sweeps over stored, file or simulated candles: every variant a full backtest, on worker threads. */

/** Per swept parameter: `[from, to, step]` (both ends included) or `{ "values": [...] }`. */
export const sweepRangeSchema = z.union([z.tuple([z.number(), z.number(), z.number()]), z.object({ values: z.array(z.union([z.number(), z.string(), z.boolean()])).min(1).max(10_000) }).strict()]);

/** What a walk-forward fold picks its best variant by, on its train span. */
export const foldMetricSchema = z.enum(['totalReturn', 'sharpe', 'maxDrawdown', 'profitFactor', 'winRate', 'trades']);

/** A stretch of a variant's run: a fold's train or test span, or all the test spans together. */
export const spanFiguresSchema = backtestMetricsSchema.pick({ trades: true, winRate: true, profitFactor: true, totalReturn: true, maxDrawdown: true, sharpe: true });

export const sweepRowSchema = z.object({
  /** `fast=10 slow=50` */
  id: z.string(),
  /** The swept values. */
  values: z.record(z.string(), z.unknown()),
  /** All parameters, validated: what "promote" saves and "add as shadow variant" runs. */
  params: z.record(z.string(), z.unknown()),
  metrics: backtestMetricsSchema,
  /** Walk-forward only: the figures over all the test spans together. */
  outOfSample: spanFiguresSchema.nullable(),
});
export type SweepRowView = z.infer<typeof sweepRowSchema>;

export const sweepResultSchema = z.object({
  runId: z.string(),
  strategy: z.string(),
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  bars: z.number().int(),
  workers: z.number().int(),
  /** The swept parameters, in the order given. */
  names: z.array(z.string()),
  gridSize: z.number().int(),
  /** Combinations the strategy refuses as a whole (e.g. fast not shorter than slow), and why. */
  skipped: z.number().int(),
  skipReason: z.string().nullable(),
  rows: z.array(sweepRowSchema),
  walkForward: z
    .object({
      trainMs: z.number(),
      testMs: z.number(),
      selectBy: foldMetricSchema,
      folds: z.array(z.object({ trainFrom: z.number(), trainTo: z.number(), testTo: z.number(), chosen: z.string(), train: spanFiguresSchema, test: spanFiguresSchema })),
      /** The chosen variants' test-span returns, compounded. */
      outOfSampleReturn: z.number(),
      /** How long each span's run warmed up on the bars before it (orders refused). */
      warmUpMs: z.number(),
    })
    .nullable(),
  elapsedMs: z.number(),
  /** Decimals of its money (net profit, fees) in the quote currency, as a backtest's `moneyDecimals`. */
  moneyDecimals: z.number().int().optional(),
});
export type SweepResultView = z.infer<typeof sweepResultSchema>;

export const sweepCommands = {
  /**
   * Runs every combination of `sweep` (or `random` of them) as a backtest; every range is checked first
   * (a bad one is a bad_request naming `sweep.<parameter>`). Progress: `backtest.sweepProgress`; stop it
   * with `backtest.cancel` and its runId.
   */
  'backtest.sweep': command(
    z
      .object({
        runId: runIdSchema.optional(),
        /** Parameters that are not swept. */
        params: z.record(z.string(), z.unknown()).default({}),
        sweep: z.record(z.string(), sweepRangeSchema),
        random: z.number().int().min(1).max(100_000).optional(),
        /** Seed of the `random` draw; without `random` it is a bad_request (path `seed`), as the CLI refuses --seed without --random. */
        seed: z.number().int().optional(),
        walkForward: z.object({ trainDays: z.number().positive().max(3_650), testDays: z.number().positive().max(3_650) }).strict().optional(),
        selectBy: foldMetricSchema.optional(),
        /**
         * Worker threads; default every core. More than the machine holds — 4 per core, and as many as half its
         * free memory holds at ~32 MB + 100 B per bar each — is a bad_request `Workers: …` (path `workers`) before any starts.
         */
        workers: z.number().int().min(1).max(256).optional(),
        ...backtestSettings,
      })
      .strict(),
    sweepResultSchema,
  ),
} as const;

export const sweepEvents = {
  'backtest.sweepProgress': z.object({ runId: z.string(), done: z.number().int(), total: z.number().int(), elapsedMs: z.number(), etaMs: z.number().nullable() }),
} as const;

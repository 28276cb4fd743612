import { z } from 'zod';
import { exchangeIdSchema } from './accounts.js';
import { venueBaseUrlSchema } from './base-url.js';
import { symbolSchema, timeframeSchema } from '../../market/candle.js';
import { DATE_INPUT_HINT, parseDateInput } from '../../market/date-input.js';
import { command } from './define.js';

/**
 * `data.*`: the candle store's history — backfill from an exchange as a background job the UI can
 * follow (`data.progress`) and cancel, and what is stored already (`data.coverage`).
 */

/** A date as typed (YYYY-MM-DD, ISO 8601, epoch s/ms) or epoch milliseconds; parsed to epoch ms. */
const dateInputSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const time = parseDateInput(value);
  if (time === null) {
    ctx.addIssue({ code: 'custom', message: `not a date (${DATE_INPUT_HINT})` });
    return z.NEVER;
  }
  return time;
});

export const backfillRequestSchema = z
  .object({
    exchange: exchangeIdSchema,
    symbol: symbolSchema,
    timeframe: timeframeSchema.default('1m'),
    from: dateInputSchema,
    /** Default: now. */
    to: dateInputSchema.optional(),
    /** The venue's testnet (ccxt setSandboxMode). */
    sandbox: z.boolean().default(false),
    /** A self-hosted proxy or a test stub. */
    baseUrl: venueBaseUrlSchema.optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.to !== undefined && request.to <= request.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

export const gapSchema = z.object({
  /** First missing bar's open time (epoch ms). */
  from: z.number(),
  /** End of the gap, exclusive: the open time of the next bar that exists. */
  to: z.number(),
  bars: z.number().int(),
});

/** Bar ranges the exchange returned nothing for: counted in full, listed newest first up to a limit. */
export const gapSummarySchema = z.object({
  count: z.number().int(),
  bars: z.number().int(),
  /** Newest first; at most GAP_LIST_LIMIT entries (see `count` for the total). */
  list: z.array(gapSchema),
});
export const GAP_LIST_LIMIT = 50;

export const backfillStateSchema = z.enum(['running', 'done', 'canceled', 'failed']);

/** One backfill job; also the payload of every `data.progress` event. */
export const backfillJobSchema = z.object({
  jobId: z.string(),
  exchange: z.string(),
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  /** The requested range, aligned to the timeframe: [from, to) in epoch ms. */
  from: z.number(),
  to: z.number(),
  state: backfillStateSchema,
  /** Bars asked for so far, of `total` missing when the job started (0 / 0 until the markets are loaded). */
  done: z.number().int(),
  total: z.number().int(),
  /** Candles written to the store so far. */
  stored: z.number().int(),
  /** Requests made so far. */
  pages: z.number().int(),
  /** Remaining time at the rate so far; null until the first page is in, 0 when finished. */
  etaMs: z.number().nullable(),
  /** One line for the trader: what is happening, or how it ended and why. */
  message: z.string(),
  /** Unfillable gaps; filled in when the job ends (done or canceled). */
  gaps: gapSummarySchema,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type BackfillJob = z.infer<typeof backfillJobSchema>;

export const coverageSchema = z.object({
  exchange: z.string(),
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  /** Open time of the oldest and newest stored bar; null when nothing is stored. */
  first: z.number().nullable(),
  last: z.number().nullable(),
  count: z.number().int(),
  /** Runs of missing bars between first and last, and how many bars they add up to. */
  gaps: z.number().int(),
  missingBars: z.number().int(),
});
export type Coverage = z.infer<typeof coverageSchema>;

export const dataCommands = {
  /** Starts a backfill in the background and answers at once; follow it with `data.progress`. */
  'data.backfill': command(backfillRequestSchema, z.object({ jobId: z.string() })),
  /** `canceled` is false when the job had already finished. */
  'data.cancel': command(z.object({ jobId: z.string().min(1) }).strict(), z.object({ canceled: z.boolean() })),
  /** Running and recently finished jobs, newest first. */
  'data.jobs': command(z.object({}).strict(), z.array(backfillJobSchema)),
  'data.coverage': command(z.object({ exchange: exchangeIdSchema, symbol: symbolSchema, timeframe: timeframeSchema.default('1m') }).strict(), coverageSchema),
} as const;

export const dataEvents = {
  /** After every page and on every state change of a backfill job. */
  'data.progress': backfillJobSchema,
} as const;

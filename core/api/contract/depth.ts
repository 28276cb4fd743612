import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';
import { decimalStringSchema } from './trading.js';

/** A book level with the amount at it and at every better price (the depth chart's step). */
export const depthLevelSchema = z.object({ price: z.number(), amount: z.number(), total: z.number() });

/** A trade on the market's tape; `side` is the taker's (a buy lifted an ask). */
export const marketTradeSchema = z.object({ id: z.string(), time: z.number(), price: z.number(), amount: z.number(), side: z.enum(['buy', 'sell']) });

/** Tick multiples the ladder can group by. */
export const DEPTH_GROUPINGS = [1, 10, 100, 1000] as const;

/** One symbol's depth as the order book ladder, the depth chart and the trade tape show it. */
export const depthViewSchema = z.object({
  symbol: symbolSchema,
  time: z.number(),
  /** Price levels are grouped by this many ticks. */
  grouping: z.number().int().positive(),
  /** The width of one group (ticks × the market's price step). */
  groupStep: z.number(),
  priceDecimals: z.number().int().min(0).max(12),
  /** Best first: highest bid, lowest ask. */
  bids: z.array(depthLevelSchema),
  asks: z.array(depthLevelSchema),
  spread: z.number().nullable(),
  spreadPct: z.number().nullable(),
  last: z.number().nullable(),
  /** The newest trades first. */
  trades: z.array(marketTradeSchema),
  /** `simulated` (the simulated or replayed market's own book), the venue's `websocket`, or REST `polling`. */
  transport: z.enum(['simulated', 'websocket', 'polling']),
  /** Why there is no book, in words; null when there is one. */
  problem: z.string().nullable(),
});
export type DepthView = z.infer<typeof depthViewSchema>;

/** What a market order of that size would get from the book now, and whether the order road would let it go. */
export const fillEstimateSchema = z.object({
  symbol: symbolSchema,
  side: z.enum(['buy', 'sell']),
  amount: z.number(),
  /** What the book holds of it. */
  filled: z.number(),
  expectedPrice: z.number().nullable(),
  worstPrice: z.number().nullable(),
  last: z.number().nullable(),
  spreadPct: z.number().nullable(),
  /** Average fill vs the last price, in percent. */
  slippagePct: z.number().nullable(),
  /** The trader's max slippage (risk configuration), in percent. */
  maxSlippagePct: z.number(),
  /** False when the order road would refuse it for slippage or depth; `message` says why, with the numbers. */
  allowed: z.boolean(),
  message: z.string().nullable(),
});
export type FillEstimateView = z.infer<typeof fillEstimateSchema>;

export const depthCommands = {
  /** The symbol's depth now; the `market.depth` event then streams it (one symbol at a time: the last asked for). */
  'market.depth': command(
    z
      .object({
        symbol: symbolSchema,
        grouping: z.literal(DEPTH_GROUPINGS).default(1),
        levels: z.number().int().min(1).max(50).default(20),
      })
      .strict(),
    depthViewSchema,
  ),
  /**
   * A market order's expected fill from the book, spread and slippage vs last — the check every market entry
   * passes. `account` (optional; default the paper account): a live account is estimated on its own exchange's book.
   */
  'market.fillEstimate': command(z.object({ symbol: symbolSchema, side: z.enum(['buy', 'sell']), amount: decimalStringSchema, account: z.string().min(1).max(100).optional() }).strict(), fillEstimateSchema),
} as const;

export const depthEvents = {
  'market.depth': depthViewSchema,
} as const;

import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';
import { exitReasonSchema } from './trading.js';

/** Trade review: each trade (all entries and exits of one position) with its averages, P&L, fees, duration and R. */
export const tradeViewSchema = z.object({
  /** The trade id fills carry (`fills.list`'s `tradeId`). */
  id: z.string(),
  account: z.string(),
  symbol: symbolSchema,
  /** `manual`, or the strategy configuration's name. */
  source: z.string(),
  /** `partial` = still open with part of it sold. */
  status: z.enum(['open', 'partial', 'closed']),
  /** Share of the bought quantity sold so far, in percent. */
  closedPct: z.number(),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  durationMs: z.number(),
  entries: z.number().int(),
  exits: z.number().int(),
  entryQuantity: z.number(),
  entryAverage: z.number(),
  exitQuantity: z.number(),
  exitAverage: z.number().nullable(),
  openQuantity: z.number(),
  /** Realized on the part sold, net of every fee of that part, in quote. */
  pnl: z.number(),
  /** `pnl` over the cost of the part sold, in percent; null before the first exit. */
  pnlPct: z.number().nullable(),
  /** Every fee the trade's fills paid (entries and exits), in quote. */
  fees: z.number(),
  /** The stop the trade was first given; null without one. */
  initialStop: z.number().nullable(),
  /** `pnl` in units of the risk taken: (entry average − first stop) × quantity sold; null without a stop. */
  rMultiple: z.number().nullable(),
  exitReasons: z.array(exitReasonSchema),
  /** Decimal places of the market's prices. */
  priceDecimals: z.number().int().min(0).max(12),
  /** Decimals its money (`pnl`, `fees`) reads to in the market's quote, as a backtest's `moneyDecimals`: 8 (satoshis) for ETH/BTC. */
  moneyDecimals: z.number().int().optional(),
});
export type TradeView = z.infer<typeof tradeViewSchema>;

export const tradeCommands = {
  /** Newest activity first. */
  'trades.list': command(
    z.object({ account: z.string().optional(), symbol: symbolSchema.optional(), limit: z.number().int().min(1).max(10_000).default(1_000) }).strict(),
    z.array(tradeViewSchema),
  ),
} as const;

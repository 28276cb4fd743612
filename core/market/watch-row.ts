import { z } from 'zod';
import { symbolSchema } from './candle.js';

/** One row of the watchlist: the market's last price, its 24 h change and a sparkline. */
export const watchRowSchema = z.object({
  symbol: symbolSchema,
  last: z.number().nullable(),
  /** Change over the last 24 h of market time, in percent. */
  changePct: z.number().nullable(),
  /** Recent closes for the sparkline, oldest first. */
  sparkline: z.array(z.number()),
  /** Decimal places to show prices with (from the market's price step). */
  priceDecimals: z.number().int().min(0).max(12),
});
export type WatchRow = z.infer<typeof watchRowSchema>;

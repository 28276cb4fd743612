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
  /** The exchange the row's prices come from (null: the simulated or replayed market). */
  exchange: z.string().nullable().optional(),
  /** True for a symbol of another exchange than the chart's: watched only (the chart stays on its market). */
  elsewhere: z.boolean().optional(),
});
export type WatchRow = z.infer<typeof watchRowSchema>;

/** A watched symbol of another exchange than the chart's ("BTC/USDT · Kraken"). */
export const elsewhereEntrySchema = z.object({ exchange: z.string().regex(/^[a-z0-9]{2,30}$/, 'not a ccxt exchange id such as kraken'), symbol: symbolSchema }).strict();
export type ElsewhereEntry = z.infer<typeof elsewhereEntrySchema>;

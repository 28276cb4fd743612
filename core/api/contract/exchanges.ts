import { z } from 'zod';
import { command } from './define.js';

/** One exchange the trader can pick (for live market data or an account). */
export const exchangeListingSchema = z.object({
  /** ccxt id, e.g. `binance`. */
  id: z.string(),
  /** Display name; the id itself for venues without a curated name. */
  name: z.string(),
  /** Binance, Kraken, Coinbase, Bybit and OKX: listed first. */
  featured: z.boolean(),
  /** Live candles can stream over a websocket (otherwise REST polling). */
  websocket: z.boolean(),
});
export type ExchangeListingView = z.infer<typeof exchangeListingSchema>;

export const exchangeCommands = {
  'exchanges.list': command(z.object({}).strict(), z.array(exchangeListingSchema)),
} as const;

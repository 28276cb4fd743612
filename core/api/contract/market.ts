import { z } from 'zod';
import { exchangeIdSchema } from './accounts.js';
import { venueBaseUrlSchema } from './base-url.js';
import { candleUpdateSchema, symbolSchema, timeframeSchema } from '../../market/candle.js';
import { command } from './define.js';

export const candleColumnsSchema = z.object({
  time: z.array(z.number()),
  open: z.array(z.number()),
  high: z.array(z.number()),
  low: z.array(z.number()),
  close: z.array(z.number()),
  volume: z.array(z.number()),
});

export { watchRowSchema, type WatchRow } from '../../market/watch-row.js';
import { elsewhereEntrySchema, watchRowSchema } from '../../market/watch-row.js';

export { candleUpdateSchema, type CandleUpdate } from '../../market/candle.js';

export const marketCommands = {
  'market.watchlist': command(z.object({}).strict(), z.array(watchRowSchema)),
  'market.history': command(
    z
      .object({
        symbol: symbolSchema,
        timeframe: timeframeSchema.default('1m'),
        limit: z.number().int().min(1).max(500_000).default(1_000),
      })
      .strict(),
    z.object({ symbol: symbolSchema, timeframe: timeframeSchema, candles: candleColumnsSchema }),
  ),
} as const;

export const watchlistCommands = {
  /** The source's markets matching `query` (the watchlist's search), those already watched marked. */
  'market.markets': command(
    z.object({ query: z.string().max(30).default(''), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(z.object({ symbol: symbolSchema, watched: z.boolean() })),
  ),
  /**
   * The whole watchlist in the trader's order (add, remove, reorder); kept per source across restarts.
   * `elsewhere` (optional; absent: unchanged) lists symbols of other exchanges than the chart's, watched
   * from their venue's own feed; the answer lists the chart's rows, then those (`elsewhere: true`).
   */
  'market.watchlist.set': command(z.object({ symbols: z.array(symbolSchema).min(1).max(50), elsewhere: z.array(elsewhereEntrySchema).max(20).optional() }).strict(), z.array(watchRowSchema)),
} as const;

export const marketEvents = {
  /** Coalesced: at most one entry per (symbol, timeframe, bar) per flush. */
  'market.candles': z.object({ updates: z.array(candleUpdateSchema()) }),
  'market.watchlist': z.object({ rows: z.array(watchRowSchema) }),
} as const;

/** Where the terminal's market data comes from; switching is `market.setSource`. */
export const marketSourceRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z
    .object({
      kind: z.literal('exchange'),
      exchange: exchangeIdSchema,
      /** Unified symbols to watch; defaults to BTC/USDT, ETH/USDT, SOL/USDT. */
      symbols: z.array(symbolSchema).min(1).max(30).optional(),
      sandbox: z.boolean().default(false),
      /** A self-hosted proxy or a test stub. */
      baseUrl: venueBaseUrlSchema.optional(),
    })
    .strict(),
]);

const sourceSwitchSchema = z.object({
  kind: z.enum(['simulated', 'replay', 'exchange']),
  label: z.string(),
  /** Set when the requested exchange could not be reached and the terminal fell back to the simulated market. */
  fallback: z.string().nullable(),
});

export const marketSourceCommands = {
  'market.setSource': command(marketSourceRequestSchema, sourceSwitchSchema),
  /**
   * Charts a watchlist row of another exchange ("BTC/USDT · Kraken"): the chart (and paper account) switch
   * to that exchange's shared feed, reached as the row is (its account's base URL); refused like
   * `market.setSource` while paper positions or working orders are open.
   */
  'market.chartElsewhere': command(z.object({ exchange: z.string().regex(/^[a-z0-9]{2,30}$/, 'not a ccxt exchange id such as kraken'), symbol: symbolSchema }).strict(), sourceSwitchSchema),
} as const;

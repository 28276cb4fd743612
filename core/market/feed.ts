import { z } from 'zod';
import type { Candle, CandleUpdate, MarketSymbol, Timeframe } from './candle.js';
import type { DepthSource } from './depth-source.js';

export const dataSourceSchema = z.object({
  kind: z.enum(['simulated', 'replay', 'exchange']),
  /** Human label shown in the status bar, e.g. "Simulated market" or "Binance". */
  label: z.string(),
  exchange: z.string().nullable(),
});

export const connectionSchema = z.object({
  state: z.enum(['connected', 'connecting', 'reconnecting', 'disconnected']),
  transport: z.enum(['simulated', 'replay', 'websocket', 'polling']),
  lastUpdate: z.number().nullable(),
  message: z.string().nullable(),
});


export type FeedConnection = z.infer<typeof connectionSchema>;
export type FeedSource = z.infer<typeof dataSourceSchema>;

/**
 * A market-data source: the simulated market, a replayed file, or an exchange's live stream.
 * Emits 1m candle updates (forming and closed); higher timeframes are rolled up from them.
 */
/** A market the source offers (whether it is streamed yet or not). */
export interface MarketListing {
  readonly symbol: MarketSymbol;
  readonly priceStep: number;
}

export interface MarketFeed {
  readonly source: FeedSource;
  /** The symbols streamed now. */
  symbols(): readonly MarketSymbol[];
  /** Every market the source offers (the watchlist's search). */
  listings(): Promise<readonly MarketListing[]>;
  /** Starts streaming one more of `listings()` (its history loaded first); nothing when it already streams. */
  watch(symbol: MarketSymbol): Promise<void>;
  /** Smallest price increment, for display precision. */
  priceStep(symbol: MarketSymbol): number;
  /** Closed candles plus the forming one, oldest first, at most `limit`. */
  history(symbol: MarketSymbol, timeframe: Timeframe, limit: number): Promise<Candle[]>;
  subscribe(listener: (update: CandleUpdate) => void): () => void;
  /** The order book and trades of the feed's markets. */
  readonly depth: DepthSource;
  connection(): FeedConnection;
  onConnection(listener: (connection: FeedConnection) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

import type { z } from 'zod';
import type { connectionSchema, dataSourceSchema } from '../api/contract/app.js';
import type { CandleUpdate } from '../api/contract/market.js';
import type { Candle, MarketSymbol, Timeframe } from './candle.js';

export type FeedConnection = z.infer<typeof connectionSchema>;
export type FeedSource = z.infer<typeof dataSourceSchema>;

/**
 * A market-data source: the simulated market, a replayed file, or an exchange's live stream.
 * Emits 1m candle updates (forming and closed); higher timeframes are rolled up from them.
 */
export interface MarketFeed {
  readonly source: FeedSource;
  symbols(): readonly MarketSymbol[];
  /** Smallest price increment, for display precision. */
  priceStep(symbol: MarketSymbol): number;
  /** Closed candles plus the forming one, oldest first, at most `limit`. */
  history(symbol: MarketSymbol, timeframe: Timeframe, limit: number): Promise<Candle[]>;
  subscribe(listener: (update: CandleUpdate) => void): () => void;
  connection(): FeedConnection;
  onConnection(listener: (connection: FeedConnection) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

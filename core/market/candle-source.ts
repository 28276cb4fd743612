import type { Candle, MarketSymbol, Timeframe } from './candle.js';

/**
 * Port for a venue's market data (implemented over ccxt in core/exchange). Backfill and the live
 * exchange feed depend on this, never on ccxt directly.
 */
export interface MarketInfo {
  readonly symbol: MarketSymbol;
  readonly priceStep: number;
}

export interface CandleFetcher {
  /** Most bars one request returns (Binance 1000, Kraken 720, …). */
  readonly maxCandlesPerRequest: number;
  /**
   * Bars with time ≥ `since`, oldest first, at most `limit`. Without `since`: the most recent
   * `limit` bars. May include the still-forming bar.
   */
  fetchCandles(symbol: MarketSymbol, timeframe: Timeframe, since: number | undefined, limit: number): Promise<Candle[]>;
}

export interface LiveCandleSource extends CandleFetcher {
  readonly exchange: string;
  /** Human label, e.g. "Binance". */
  readonly label: string;
  /** True when the venue has a candle websocket stream (ccxt.pro watchOHLCV). */
  readonly supportsWebsocket: boolean;
  markets(): Promise<readonly MarketInfo[]>;
  /**
   * Resolves with the bars the stream delivered since the previous call (forming bar included);
   * rejects when the stream is down, so the caller can fall back to polling.
   */
  watchCandles(symbol: MarketSymbol, timeframe: Timeframe): Promise<Candle[]>;
  close(): Promise<void>;
}

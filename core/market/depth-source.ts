import type { MarketSymbol } from './candle.js';
import type { MarketTrade, OrderBook } from './order-book.js';

/** What a depth stream delivers: a fresh book, new trades, or both. */
export interface DepthUpdate {
  readonly book: OrderBook | null;
  readonly trades: readonly MarketTrade[];
}

/** Where a market's depth comes from: the simulated market's own book and tape, or a venue's. */
export interface DepthSource {
  /** How the depth arrives now. */
  transport(): 'simulated' | 'websocket' | 'polling';
  /** The book as it is now (the streamed one when it is fresh, else asked for); null when none can be had. */
  book(symbol: MarketSymbol): Promise<OrderBook | null>;
  /** Streams one symbol's book and trades to `listener` until the returned function is called. */
  stream(symbol: MarketSymbol, listener: (update: DepthUpdate) => void): () => void;
}

/**
 * A venue's public book and trades (core/exchange implements it over ccxt: watchOrderBook / watchTrades
 * where ccxt.pro has them, fetchOrderBook / fetchTrades otherwise). Market-data code depends on this.
 */
export interface LiveDepthSource {
  readonly supportsWebsocket: boolean;
  fetchBook(symbol: MarketSymbol, limit: number): Promise<OrderBook>;
  /** The most recent trades, oldest first. */
  fetchTrades(symbol: MarketSymbol, limit: number): Promise<MarketTrade[]>;
  /** Resolves with the book on its next update; rejects when the stream is down. */
  watchBook(symbol: MarketSymbol): Promise<OrderBook>;
  /** Resolves with the trades printed since the previous call; rejects when the stream is down. */
  watchTrades(symbol: MarketSymbol): Promise<MarketTrade[]>;
  /** Stops a symbol's streams (where the venue can). */
  unwatch(symbol: MarketSymbol): Promise<void>;
}

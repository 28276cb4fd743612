import type { CandleUpdate } from './candle.js';
import type { FeedSource, MarketFeed } from './feed.js';

/**
 * The market the terminal watches, as the trading domain sees it: the current feed (it changes when the
 * trader switches the source) and its candle updates. core/app's MarketService implements it.
 */
export interface MarketWatch {
  readonly current: MarketFeed;
  source(): FeedSource;
  onCandle(listener: (update: CandleUpdate) => void): () => void;
}

import { ApiError } from '../api/errors.js';
import type { HandlerMap } from './handlers/merge.js';
import type { EventBus } from './event-bus.js';
import { candlesToColumns, timeframeMs } from '../market/candle.js';
import type { FeedConnection, FeedSource, MarketFeed } from '../market/feed.js';
import { Watchlist } from '../market/watchlist.js';
import type { CandleUpdate } from '../market/candle.js';

/**
 * Owns the market-data feed the terminal shows and trades on: its lifecycle, the watchlist built
 * from it, and the `market.*` API. Other services subscribe here rather than to the feed, so a
 * source switch never leaves them listening to a dead feed.
 */
export class MarketService {
  private feed: MarketFeed;
  private watchlist: Watchlist;
  private readonly candleListeners = new Set<(update: CandleUpdate) => void>();
  private readonly connectionListeners = new Set<() => void>();
  private detach: (() => void)[] = [];
  private fallbackNote: string | null = null;
  /** The market's own clock: the latest moment its bars have reached (null before the first update). */
  private latest: number | null = null;

  constructor(
    feed: MarketFeed,
    private readonly events: EventBus,
  ) {
    this.feed = feed;
    this.watchlist = new Watchlist(feed);
  }

  get current(): MarketFeed {
    return this.feed;
  }

  source(): FeedSource {
    return this.feed.source;
  }

  connection(): FeedConnection {
    const connection = this.feed.connection();
    return this.fallbackNote && !connection.message ? { ...connection, message: this.fallbackNote } : connection;
  }

  async start(): Promise<void> {
    await this.attach(this.feed);
  }

  /**
   * Replaces the feed (e.g. simulated → an exchange's live market) with one the caller has already
   * started; `fallbackNote` explains a fallback in the status bar.
   */
  async switchTo(next: MarketFeed, fallbackNote: string | null = null): Promise<void> {
    const previous = this.feed;
    this.detachAll();
    await previous.stop();
    this.feed = next;
    this.latest = null;
    this.watchlist = new Watchlist(next);
    this.fallbackNote = fallbackNote;
    await this.attach(next, false);
  }

  /**
   * The time in the market the terminal watches: what cooldowns, the daily breaker's day and risk checks
   * count in. A live market's clock is the wall clock; a simulated or replayed one runs on its own.
   */
  marketTime(): number | null {
    return this.latest;
  }

  onCandle(listener: (update: CandleUpdate) => void): () => void {
    this.candleListeners.add(listener);
    return () => this.candleListeners.delete(listener);
  }

  onConnectionChange(listener: () => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.detachAll();
    await this.feed.stop();
  }

  handlers(): HandlerMap {
    return {
      'market.watchlist': async () => this.watchlist.rows(),
      'market.history': async ({ symbol, timeframe, limit }) => {
        if (!this.feed.symbols().includes(symbol)) {
          throw new ApiError('not_found', `${symbol} is not available from ${this.feed.source.label}`);
        }
        const columns = candlesToColumns(await this.feed.history(symbol, timeframe, limit));
        return {
          symbol,
          timeframe,
          candles: {
            time: Array.from(columns.time),
            open: Array.from(columns.open),
            high: Array.from(columns.high),
            low: Array.from(columns.low),
            close: Array.from(columns.close),
            volume: Array.from(columns.volume),
          },
        };
      },
    };
  }

  private async attach(feed: MarketFeed, startFeed = true): Promise<void> {
    await this.watchlist.load();
    this.detach.push(
      feed.subscribe((update) => {
        const reached = update.closed ? update.candle.time + timeframeMs(update.timeframe) : update.candle.time;
        if (this.latest === null || reached > this.latest) this.latest = reached;
        this.events.emit('market.candles', { updates: [update] });
        if (this.watchlist.apply(update.symbol, update.candle, update.closed)) {
          this.events.emit('market.watchlist', { rows: this.watchlist.rows() });
        }
        for (const listener of this.candleListeners) listener(update);
      }),
      feed.onConnection(() => {
        for (const listener of this.connectionListeners) listener();
      }),
    );
    if (startFeed) await feed.start();
    // The market's clock starts where its history ends (before the first live update arrives).
    for (const symbol of feed.symbols()) {
      const last = (await feed.history(symbol, '1m', 1).catch(() => [])).at(-1);
      if (last && (this.latest === null || last.time > this.latest)) this.latest = last.time;
    }
    for (const listener of this.connectionListeners) listener();
  }

  private detachAll(): void {
    for (const off of this.detach.splice(0)) off();
  }
}

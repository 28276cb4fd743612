import { ApiError } from '../api/errors.js';
import type { HandlerMap } from './handlers/merge.js';
import type { EventBus } from './event-bus.js';
import { timeframeMs, type Candle } from '../market/candle.js';
import type { FeedConnection, FeedSource, MarketFeed } from '../market/feed.js';
import { Watchlist } from '../market/watchlist.js';
import type { CandleUpdate, MarketSymbol } from '../market/candle.js';
import { DepthService } from '../market/depth-service.js';
import type { OrderBook } from '../market/order-book.js';
import type { ElsewhereEntry, WatchRow } from '../market/watch-row.js';
import { ElsewhereRefused } from './elsewhere-watchlist.js';
import { checkWatchlist, initialWatchlist, searchListings, watchlistKey, WatchlistRefused, type WatchlistStore } from '../market/watchlist-editor.js';

export interface MarketServiceOptions {
  /** Keeps each source's watchlist across restarts. */
  readonly watchlists?: WatchlistStore;
  /** Why a symbol must stay watched (a position, a working order, a strategy uses it), or null. */
  readonly inUse?: (symbol: MarketSymbol) => string | null;
  /** The watchlist's symbols of other exchanges (core/app/elsewhere-watchlist.ts). */
  readonly elsewhere?: { rows(): WatchRow[]; set(entries: readonly ElsewhereEntry[]): Promise<void> };
}

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
  private readonly addedListeners = new Set<(symbols: readonly MarketSymbol[]) => void>();
  private readonly watchlistListeners = new Set<() => void>();
  private detach: (() => void)[] = [];
  private fallbackNote: string | null = null;
  /** Lets go of the current feed: stops it, or returns a shared venue feed's lease (core/market/venue-feeds.ts). */
  private releaseFeed: () => Promise<void>;
  /** The market's own clock: the latest moment its bars have reached (null before the first update). */
  private latest: number | null = null;
  private readonly lastPrices = new Map<MarketSymbol, number>();
  /** The order book and tape the workspace's depth panel watches. */
  private readonly depth: DepthService;

  constructor(
    feed: MarketFeed,
    private readonly events: EventBus,
    private readonly options: MarketServiceOptions = {},
  ) {
    this.feed = feed;
    this.releaseFeed = () => feed.stop();
    this.watchlist = new Watchlist(feed);
    this.depth = new DepthService({
      source: () => this.feed.depth,
      priceStep: (symbol) => this.feed.priceStep(symbol),
      last: (symbol) => this.lastPrice(symbol),
      emit: (snapshot) => this.events.emit('market.depth', snapshot),
    });
  }

  /** The last price the feed showed for a symbol. */
  lastPrice(symbol: MarketSymbol): number | null {
    return this.lastPrices.get(symbol) ?? null;
  }

  /** The symbol's order book now (the market orders' depth check reads it). */
  book(symbol: MarketSymbol): Promise<OrderBook | null> {
    return this.feed.symbols().includes(symbol) ? this.feed.depth.book(symbol) : Promise.resolve(null);
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
   * started; `fallbackNote` explains a fallback in the status bar. `release` lets go of it later (default:
   * stop it) — a venue's shared feed goes on for the live configurations that trade there.
   */
  async switchTo(next: MarketFeed, fallbackNote: string | null = null, release: () => Promise<void> = () => next.stop()): Promise<void> {
    const releasePrevious = this.releaseFeed;
    this.depth.reset();
    this.lastPrices.clear();
    this.detachAll();
    await releasePrevious();
    this.releaseFeed = release;
    this.feed = next;
    this.latest = null;
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

  /** Every watchlist row: the chart's market's (its exchange named), then other exchanges' symbols. */
  rows(): WatchRow[] {
    const exchange = this.feed.source.exchange;
    return [...this.watchlist.rows().map((row) => ({ ...row, exchange })), ...(this.options.elsewhere?.rows() ?? [])];
  }

  /** Tells the desk the rows moved (also when another exchange's watched symbol moved). */
  emitRows(): void {
    this.events.emit('market.watchlist', { rows: this.rows() });
  }

  /** The chart's watchlist symbols, in the trader's order. */
  watchlistSymbols(): readonly MarketSymbol[] {
    return this.watchlist.symbols();
  }

  /** The watchlist changed: edited by the trader, or another market's list after a switch. */
  onWatchlistChanged(listener: () => void): () => void {
    this.watchlistListeners.add(listener);
    return () => this.watchlistListeners.delete(listener);
  }

  /** Symbols the trader added to the watchlist that the feed did not stream before (the paper account trades them too). */
  onSymbolsAdded(listener: (symbols: readonly MarketSymbol[]) => void): () => void {
    this.addedListeners.add(listener);
    return () => this.addedListeners.delete(listener);
  }

  onConnectionChange(listener: () => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.depth.reset();
    this.detachAll();
    await this.releaseFeed();
  }

  handlers(): HandlerMap {
    return {
      'market.watchlist': async () => this.rows(),
      'market.markets': async ({ query, limit }) => {
        const watched = new Set(this.watchlist.symbols());
        return searchListings(await this.feed.listings(), query, limit).map((listing) => ({ symbol: listing.symbol, watched: watched.has(listing.symbol) }));
      },
      'market.watchlist.set': async ({ symbols, elsewhere }) => {
        if (elsewhere && this.options.elsewhere) {
          await this.options.elsewhere.set(elsewhere).catch((error: unknown) => {
            throw error instanceof ElsewhereRefused ? new ApiError('rejected', error.message, [{ path: 'elsewhere', message: error.message }]) : error;
          });
        }
        return this.setWatchlist(symbols);
      },
      'market.depth': async ({ symbol, grouping, levels }) => {
        if (!this.feed.symbols().includes(symbol)) throw new ApiError('not_found', `${symbol} is not available from ${this.feed.source.label}`);
        return this.depth.watch(symbol, grouping, levels);
      },
      'market.history': async ({ symbol, timeframe, limit }) => {
        if (!this.feed.symbols().includes(symbol)) {
          throw new ApiError('not_found', `${symbol} is not available from ${this.feed.source.label}`);
        }
        return { symbol, timeframe, candles: candleColumnsView(await this.feed.history(symbol, timeframe, limit)) };
      },
    };
  }

  /** The trader's new watchlist (added, removed, reordered): checked, streamed, kept for this source. */
  private async setWatchlist(symbols: readonly MarketSymbol[]) {
    const feed = this.feed;
    let added: MarketSymbol[];
    try {
      added = checkWatchlist(symbols, this.watchlist.symbols(), await feed.listings(), this.options.inUse ?? (() => null));
    } catch (error) {
      if (error instanceof WatchlistRefused) throw new ApiError('rejected', error.message, [{ path: 'symbols', message: error.message }]);
      throw error;
    }
    const streamed = new Set(feed.symbols());
    for (const symbol of added) {
      await feed.watch(symbol).catch((error: unknown) => {
        throw new ApiError('unavailable', `${symbol} could not be loaded from ${feed.source.label}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    await this.watchlist.set(symbols);
    this.options.watchlists?.save(watchlistKey(feed.source), symbols);
    const fresh = added.filter((symbol) => !streamed.has(symbol));
    if (fresh.length > 0) for (const listener of this.addedListeners) listener(fresh);
    for (const listener of this.watchlistListeners) listener();
    const rows = this.rows();
    this.events.emit('market.watchlist', { rows });
    return rows;
  }

  private async attach(feed: MarketFeed, startFeed = true): Promise<void> {
    this.watchlist = new Watchlist(feed, await initialWatchlist(feed, this.options.watchlists?.load(watchlistKey(feed.source)) ?? null));
    await this.watchlist.load();
    for (const listener of this.watchlistListeners) listener();
    this.detach.push(
      feed.subscribe((update) => {
        const reached = update.closed ? update.candle.time + timeframeMs(update.timeframe) : update.candle.time;
        if (this.latest === null || reached > this.latest) this.latest = reached;
        this.lastPrices.set(update.symbol, update.candle.close);
        this.events.emit('market.candles', { updates: [update] });
        if (this.watchlist.apply(update.symbol, update.candle, update.closed)) this.emitRows();
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

const CANDLE_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The wire's columns (`market.history`): one plain array per field, straight from the bars (no typed-array copy). */
function candleColumnsView(candles: readonly Candle[]): Record<(typeof CANDLE_FIELDS)[number], number[]> {
  const [time, open, high, low, close, volume] = CANDLE_FIELDS.map((field) => candles.map((candle) => candle[field]));
  return { time: time!, open: open!, high: high!, low: low!, close: close!, volume: volume! };
}

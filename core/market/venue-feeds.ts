import type { MarketSymbol } from './candle.js';
import type { MarketFeed } from './feed.js';

/** Where an exchange's public market data is reached (an account's base URL, its sandbox). */
export interface VenueFeedSpec {
  readonly exchange: string;
  readonly symbols: readonly MarketSymbol[];
  readonly sandbox: boolean;
  readonly baseUrl?: string | undefined;
}

/** Opens (does not start) an exchange's feed; throws when the venue is unreachable or lacks a symbol. */
export type OpenVenueFeed = (spec: VenueFeedSpec) => Promise<MarketFeed>;

/** One holder's use of a venue's feed: release it when done (the last release stops the feed). */
export interface VenueLease {
  readonly feed: MarketFeed;
  release(): Promise<void>;
}

interface SharedFeed {
  readonly ready: Promise<MarketFeed>;
  holders: number;
  readonly lastPrices: Map<MarketSymbol, number>;
  /** Set once started. */
  feed: MarketFeed | null;
  off: (() => void) | null;
}

/**
 * One live feed per exchange in use, shared by everyone who needs that venue's bars: the chart when it
 * shows the exchange, and every live configuration on an account there, whatever the chart shows. Each
 * holder takes a lease; the feed stops when the last lease is released. A holder's symbols are streamed
 * on top of what the feed already streams.
 */
export class VenueFeeds {
  private readonly feeds = new Map<string, SharedFeed>();

  constructor(private readonly open: OpenVenueFeed) {}

  async acquire(spec: VenueFeedSpec): Promise<VenueLease> {
    let shared = this.feeds.get(spec.exchange);
    if (!shared) {
      const created: SharedFeed = { ready: this.start(spec), holders: 0, lastPrices: new Map(), feed: null, off: null };
      shared = created;
      this.feeds.set(spec.exchange, created);
      created.ready.then(
        (feed) => {
          created.feed = feed;
          created.off = feed.subscribe((update) => created.lastPrices.set(update.symbol, update.candle.close));
        },
        () => {
          if (this.feeds.get(spec.exchange) === created) this.feeds.delete(spec.exchange);
        },
      );
    }
    shared.holders += 1;
    let feed: MarketFeed;
    try {
      feed = await shared.ready;
      for (const symbol of spec.symbols) if (!feed.symbols().includes(symbol)) await feed.watch(symbol);
      await this.seedLastPrices(shared, feed, spec.symbols);
    } catch (error) {
      await this.drop(spec.exchange, shared);
      throw error;
    }
    let released = false;
    return {
      feed,
      release: async () => {
        if (released) return;
        released = true;
        await this.drop(spec.exchange, shared);
      },
    };
  }

  /** The running feed of `exchange`, if anyone holds one. */
  peek(exchange: string): MarketFeed | null {
    return this.feeds.get(exchange)?.feed ?? null;
  }

  /** The last price a venue's feed streamed for `symbol` (null when no feed of it runs or it has not streamed the symbol). */
  lastPrice(exchange: string, symbol: MarketSymbol): number | null {
    return this.feeds.get(exchange)?.lastPrices.get(symbol) ?? null;
  }

  /** The exchanges whose feeds run now. */
  exchanges(): string[] {
    return [...this.feeds.keys()];
  }

  async close(): Promise<void> {
    const all = [...this.feeds.values()];
    this.feeds.clear();
    for (const shared of all) {
      shared.off?.();
      await (await shared.ready.catch(() => null))?.stop();
    }
  }

  /** Until a symbol's first update streams, its last price is its latest bar's close (marks and previews need one). */
  private async seedLastPrices(shared: SharedFeed, feed: MarketFeed, symbols: readonly MarketSymbol[]): Promise<void> {
    for (const symbol of symbols) {
      if (shared.lastPrices.has(symbol)) continue;
      // No history to read yet is no reason to refuse the lease: the first streamed update sets the price.
      const latest = (await feed.history(symbol, '1m', 1).catch(() => [])).at(-1);
      if (latest && !shared.lastPrices.has(symbol)) shared.lastPrices.set(symbol, latest.close);
    }
  }

  private async start(spec: VenueFeedSpec): Promise<MarketFeed> {
    const feed = await this.open(spec);
    try {
      await feed.start();
    } catch (error) {
      await feed.stop().catch(() => undefined);
      throw error;
    }
    return feed;
  }

  private async drop(exchange: string, shared: SharedFeed): Promise<void> {
    shared.holders -= 1;
    if (shared.holders > 0 || this.feeds.get(exchange) !== shared) return;
    this.feeds.delete(exchange);
    shared.off?.();
    await (await shared.ready.catch(() => null))?.stop();
  }
}

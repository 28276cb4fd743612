import type { MarketSymbol } from './candle.js';
import type { DepthSource, DepthUpdate, LiveDepthSource } from './depth-source.js';
import type { MarketTrade, OrderBook } from './order-book.js';

export interface VenueDepthOptions {
  /** Between REST polls while the websocket is down or absent; default 2 s. */
  readonly pollMs?: number;
  /** After a websocket failure, polling lasts at least this long before the websocket is tried again; default 60 s. */
  readonly retryWebsocketMs?: number;
  /** A streamed book older than this is asked for again (order checks need a current one); default 5 s. */
  readonly freshMs?: number;
  readonly now?: () => number;
}

/** Book levels asked for over REST (Binance: weight 5 up to 100). */
const REST_LEVELS = 100;
const REST_TRADES = 50;

/**
 * A venue's depth as a DepthSource: ccxt.pro's watchOrderBook / watchTrades where the venue has them,
 * REST polling of fetchOrderBook / fetchTrades otherwise or while the websocket is failing (tried again
 * after a while), and a REST snapshot for an order check on a symbol nobody streams.
 */
export class VenueDepth implements DepthSource {
  private websocketDownUntil = 0;
  private readonly latest = new Map<MarketSymbol, { book: OrderBook; at: number }>();
  private readonly now: () => number;

  constructor(
    private readonly source: LiveDepthSource,
    private readonly options: VenueDepthOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  transport(): 'websocket' | 'polling' {
    return this.useWebsocket() ? 'websocket' : 'polling';
  }

  async book(symbol: MarketSymbol): Promise<OrderBook | null> {
    const cached = this.latest.get(symbol);
    if (cached && this.now() - cached.at <= (this.options.freshMs ?? 5_000)) return cached.book;
    try {
      return this.remember(await this.source.fetchBook(symbol, REST_LEVELS));
    } catch {
      return null; // no book is an answer (the order check then says it could not look), not a crash
    }
  }

  stream(symbol: MarketSymbol, listener: (update: DepthUpdate) => void): () => void {
    let stopped = false;
    const seen = new Set<string>();
    const fresh = (trades: readonly MarketTrade[]) => trades.filter((trade) => !seen.has(trade.id) && (seen.add(trade.id), true));
    const deliver = (update: DepthUpdate) => {
      if (!stopped) listener(update);
    };
    let streamed = false;
    const websocket = async (watch: () => Promise<void>) => {
      while (!stopped && this.useWebsocket()) {
        try {
          await watch();
          streamed = true;
        } catch {
          this.websocketDownUntil = this.now() + (this.options.retryWebsocketMs ?? 60_000);
        }
      }
    };
    // Either stream failing switches to polling at once; the other ends at its next answer (if any ever comes).
    const streams = () =>
      new Promise<void>((resolve) => {
        let running = 2;
        const ended = () => {
          running -= 1;
          if (running === 0 || stopped || !this.useWebsocket()) resolve();
        };
        void websocket(async () => deliver({ book: this.remember(await this.source.watchBook(symbol)), trades: [] })).finally(ended);
        void websocket(async () => deliver({ book: null, trades: fresh(await this.source.watchTrades(symbol)) })).finally(ended);
      });
    const run = async () => {
      while (!stopped) {
        if (this.useWebsocket()) {
          await streams();
          continue;
        }
        try {
          const [book, trades] = await Promise.all([this.source.fetchBook(symbol, REST_LEVELS), this.source.fetchTrades(symbol, REST_TRADES)]);
          deliver({ book: this.remember(book), trades: fresh(trades) });
        } catch {
          // The next poll tries again; the panel keeps showing the last book meanwhile.
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 2_000));
      }
    };
    void run();
    return () => {
      stopped = true;
      // Only a stream that is up can be unsubscribed (sending on a closed socket fails inside the library).
      if (streamed && this.useWebsocket()) void this.source.unwatch(symbol).catch(() => undefined);
    };
  }

  private useWebsocket(): boolean {
    return this.source.supportsWebsocket && this.now() >= this.websocketDownUntil;
  }

  private remember(book: OrderBook): OrderBook {
    this.latest.set(book.symbol, { book, at: this.now() });
    return book;
  }
}

import { BinanceApiError } from './binance-errors.js';
import { dec } from './binance-fixtures.js';

/**
 * Binance spot market depth and trades, from
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md ("Order book": GET
 * /api/v3/depth, limit default 100, at most 5000 entries returned; "Recent trades list": GET
 * /api/v3/trades, limit default 500, max 1000; "Compressed/Aggregate trades list": GET /api/v3/aggTrades,
 * the same limits, each trade its own aggregate here — ccxt's fetchTrades asks this one) and web-socket-streams.md ("Diff. Depth Stream"
 * `<symbol>@depth@100ms` with first/final update ids U/u, "Trade Streams" `<symbol>@trade`, where
 * `m` is true when the buyer was the maker — a sell by the taker).
 */
export interface StubTrade {
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  readonly time: number;
  /** Is the buyer the market maker? (true = the taker sold). */
  readonly isBuyerMaker: boolean;
}

type Side = Map<number, number>;

interface SymbolDepth {
  readonly bids: Side;
  readonly asks: Side;
  lastUpdateId: number;
  readonly trades: StubTrade[];
}

export class BinanceDepth {
  private readonly books = new Map<string, SymbolDepth>();
  private nextTradeId = 1;

  /** Replaces a symbol's book (price → quantity per side). */
  setBook(symbol: string, bids: readonly [number, number][], asks: readonly [number, number][]): void {
    this.books.set(symbol, { bids: new Map(bids), asks: new Map(asks), lastUpdateId: 1_000, trades: this.depth(symbol).trades });
  }

  /** Changes levels (quantity 0 removes one) as one update; returns the diff-depth event the stream sends. */
  update(symbol: string, bids: readonly [number, number][], asks: readonly [number, number][], now: number): Record<string, unknown> {
    const book = this.depth(symbol);
    const apply = (side: Side, levels: readonly [number, number][]) => {
      for (const [price, qty] of levels) {
        if (qty === 0) side.delete(price);
        else side.set(price, qty);
      }
    };
    apply(book.bids, bids);
    apply(book.asks, asks);
    book.lastUpdateId += 1;
    const pairs = (levels: readonly [number, number][]) => levels.map(([p, q]) => [dec(p), dec(q)]);
    return { e: 'depthUpdate', E: now, s: symbol, U: book.lastUpdateId, u: book.lastUpdateId, b: pairs(bids), a: pairs(asks) };
  }

  /** A trade on the tape; returns the trade-stream event. */
  trade(symbol: string, price: number, qty: number, takerSide: 'buy' | 'sell', now: number): Record<string, unknown> {
    const trade: StubTrade = { id: this.nextTradeId++, price, qty, time: now, isBuyerMaker: takerSide === 'sell' };
    this.depth(symbol).trades.push(trade);
    return { e: 'trade', E: now, s: symbol, t: trade.id, p: dec(price), q: dec(qty), T: now, m: trade.isBuyerMaker, M: true };
  }

  /**
   * `around`: the stub's last trade price and tick. A symbol whose book a test has not set answers a book
   * around that price (best bid one tick under it, best ask at it, as the matching engine fills a market
   * order there), because the real venue always has one for a trading symbol.
   */
  depthBody(symbol: string, params: URLSearchParams, around: { readonly last: number; readonly tick: number }): Record<string, unknown> {
    const limit = Math.min(5_000, this.limit(params, 100, 5_000, true));
    const book = this.books.get(symbol) ?? (around.last > 0 ? standingBook(around.last, around.tick) : this.depth(symbol));
    const side = (levels: Side, descending: boolean) =>
      [...levels]
        .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]))
        .slice(0, limit)
        .map(([p, q]) => [dec(p), dec(q)]);
    return { lastUpdateId: book.lastUpdateId, bids: side(book.bids, true), asks: side(book.asks, false) };
  }

  tradesBody(symbol: string, params: URLSearchParams): Record<string, unknown>[] {
    const limit = this.limit(params, 500, 1_000, false);
    return this.depth(symbol)
      .trades.slice(-limit)
      .map((t) => ({ id: t.id, price: dec(t.price), qty: dec(t.qty), quoteQty: dec(t.price * t.qty), time: t.time, isBuyerMaker: t.isBuyerMaker, isBestMatch: true }));
  }

  aggTradesBody(symbol: string, params: URLSearchParams): Record<string, unknown>[] {
    const limit = this.limit(params, 500, 1_000, false);
    const from = params.has('fromId') ? Number(params.get('fromId')) : null;
    const start = params.has('startTime') ? Number(params.get('startTime')) : null;
    const end = params.has('endTime') ? Number(params.get('endTime')) : null;
    const trades = this.depth(symbol).trades.filter((t) => (from === null || t.id >= from) && (start === null || t.time >= start) && (end === null || t.time <= end));
    return (from === null && start === null ? trades.slice(-limit) : trades.slice(0, limit)).map((t) => ({ a: t.id, p: dec(t.price), q: dec(t.qty), f: t.id, l: t.id, T: t.time, m: t.isBuyerMaker, M: true }));
  }

  /** The depth endpoint truncates a limit over its maximum; the trades endpoint refuses one (-1130). */
  private limit(params: URLSearchParams, fallback: number, max: number, truncates: boolean): number {
    const text = params.get('limit');
    if (text === null) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || (!truncates && value > max)) throw new BinanceApiError(400, -1130, "Data sent for parameter 'limit' is not valid.");
    return value;
  }

  private depth(symbol: string): SymbolDepth {
    let book = this.books.get(symbol);
    if (!book) {
      book = { bids: new Map(), asks: new Map(), lastUpdateId: 1_000, trades: [] };
      this.books.set(symbol, book);
    }
    return book;
  }
}

/** Twenty levels a side, a tick apart, 10 units each (a calm market's top of book); never stored, so it follows the price. */
function standingBook(last: number, tick: number): SymbolDepth {
  const at = (ticks: number) => Number((last + ticks * tick).toFixed(8));
  const levels = Array.from({ length: 20 }, (_, i) => i);
  return { bids: new Map(levels.map((i) => [at(-1 - i), 10])), asks: new Map(levels.map((i) => [at(i), 10])), lastUpdateId: 1, trades: [] };
}

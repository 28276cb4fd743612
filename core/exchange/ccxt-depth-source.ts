import type { OrderBook as CcxtOrderBook, Trade as CcxtTrade } from 'ccxt';
import type { MarketSymbol } from '../market/candle.js';
import type { LiveDepthSource } from '../market/depth-source.js';
import type { BookLevel, MarketTrade, OrderBook } from '../market/order-book.js';
import type { CcxtExchange } from './ccxt-exchange.js';
import { mapCcxtError } from './error-map.js';

/**
 * A venue's public order book and trades through ccxt: fetchOrderBook / fetchTrades over REST (retried
 * like every read, through the account's request budget) and, where ccxt.pro has them,
 * watchOrderBook / watchTrades. Public data needs no credentials; our own types go out, never ccxt's.
 */
export class CcxtDepthSource implements LiveDepthSource {
  readonly supportsWebsocket: boolean;

  constructor(private readonly venue: CcxtExchange) {
    const has = venue.client.has as Record<string, unknown>;
    this.supportsWebsocket = venue.capabilities.websocket && has['watchOrderBook'] === true && has['watchTrades'] === true;
  }

  async fetchBook(symbol: MarketSymbol, limit: number): Promise<OrderBook> {
    return toBook(symbol, await this.venue.read(() => this.venue.client.fetchOrderBook(symbol, limit)));
  }

  async fetchTrades(symbol: MarketSymbol, limit: number): Promise<MarketTrade[]> {
    return toTrades(await this.venue.read(() => this.venue.client.fetchTrades(symbol, undefined, limit)));
  }

  async watchBook(symbol: MarketSymbol): Promise<OrderBook> {
    // Not retried: a failing stream is the caller's cue to poll instead.
    return toBook(symbol, await this.venue.client.watchOrderBook(symbol).catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read'))));
  }

  async watchTrades(symbol: MarketSymbol): Promise<MarketTrade[]> {
    return toTrades(await this.venue.client.watchTrades(symbol).catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read'))));
  }

  async unwatch(symbol: MarketSymbol): Promise<void> {
    const has = this.venue.client.has as Record<string, unknown>;
    if (has['unWatchOrderBook'] === true) await this.venue.client.unWatchOrderBook(symbol);
    if (has['unWatchTrades'] === true) await this.venue.client.unWatchTrades(symbol);
  }
}

function toLevels(rows: readonly (readonly (number | undefined)[])[] | undefined): BookLevel[] {
  const levels: BookLevel[] = [];
  for (const row of rows ?? []) {
    const [price, amount] = row;
    if (typeof price === 'number' && typeof amount === 'number' && Number.isFinite(price) && Number.isFinite(amount) && amount > 0) levels.push({ price, amount });
  }
  return levels;
}

function toBook(symbol: MarketSymbol, book: CcxtOrderBook): OrderBook {
  const bids = toLevels(book.bids as (number | undefined)[][]).sort((a, b) => b.price - a.price);
  const asks = toLevels(book.asks as (number | undefined)[][]).sort((a, b) => a.price - b.price);
  return { symbol, time: typeof book.timestamp === 'number' ? book.timestamp : Date.now(), bids, asks };
}

function toTrades(trades: readonly CcxtTrade[]): MarketTrade[] {
  const out: MarketTrade[] = [];
  for (const trade of trades) {
    if (typeof trade.price !== 'number' || typeof trade.amount !== 'number' || typeof trade.timestamp !== 'number') continue;
    out.push({ id: String(trade.id ?? `${trade.timestamp}-${trade.price}-${trade.amount}`), time: trade.timestamp, price: trade.price, amount: trade.amount, side: trade.side === 'sell' ? 'sell' : 'buy' });
  }
  return out.sort((a, b) => a.time - b.time);
}

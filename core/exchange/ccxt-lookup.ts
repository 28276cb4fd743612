import * as ccxt from 'ccxt';
import type { Exchange, Order, Trade } from 'ccxt';
import type { MarketSymbol } from '../market/candle.js';
import { isExchangeError } from './errors.js';

/**
 * Finding one order at a venue, the way each venue's API allows — after an ambiguous send, after an
 * acknowledgement that carried no state, and before a cancel:
 *
 * - by client id where the venue has such a lookup: ccxt's `fetchOrder` with `clientOrderId`
 *   (Binance's origClientOrderId, OKX's clOrdId, …); Bybit's GET /v5/order/realtime with
 *   `orderLinkId` ("openOnly param will be ignored when query by orderId or orderLinkId", it also
 *   returns the most recent 500 closed orders: bybit-exchange docs/v5/order/open-order.mdx), then
 *   /v5/order/history (ccxt's bybit `fetchOrder` refuses to run without an "acknowledged" flag);
 * - elsewhere (Kraken has no lookup by cl_ord_id in QueryOrders) in the open orders, then the closed
 *   orders of the last day (filtered by client id where the listing takes it), and — on venues with neither — the account's trades since the send: a
 *   market order that filled at once leaves only its trades. A trade carries no client id, so an
 *   order is taken only when exactly one unknown order matches the side and the whole amount.
 */
export interface LookupContext {
  readonly id: string;
  readonly client: Exchange;
  read<T>(operation: () => Promise<T>): Promise<T>;
  now(): number;
  /** Exchange order ids already known to belong to other client ids. */
  isKnownOrder(exchangeOrderId: string): boolean;
}

/** What was sent, for recognising an order by its trades. */
export interface SentOrder {
  readonly side: 'buy' | 'sell';
  readonly amount: number;
  readonly sentAt: number;
}

/** Venues whose fetchOrder takes a `clientOrderId` param (ccxt unified). */
const FETCH_BY_CLIENT_ID = new Set(['binance', 'binanceus', 'okx', 'kucoin', 'gate', 'bitget', 'mexc', 'htx', 'coinbase']);
/**
 * Venues whose closed-orders listing pages but filters by client id: Kraken's ClosedOrders returns "50 results
 * … at a time, the most recent by default" and takes `cl_ord_id` (ccxt `clientOrderId`;
 * docs.kraken.com/api/docs/rest-api/get-closed-orders), so an order behind 50 newer closures is found only by asking for it.
 */
const CLOSED_BY_CLIENT_ID = new Set(['kraken']);
const DAY_MS = 86_400_000;

/**
 * Venues whose trade listing takes an order id, so an order's trades are asked for by it (ccxt `fetchOrderTrades`)
 * rather than by time: Binance's myTrades with `symbol` + `orderId` ("supported combinations", and `startTime` alone
 * answers only the first 500 trades from that time: binance-spot-api-docs rest-api.md "Account trade list",
 * CHANGELOG.md), and Bybit's /v5/execution/list with `orderId` (a `startTime` alone covers only the next 7 days:
 * docs/v5/order/execution.mdx). An order that rested while many trades printed, or for more than 7 days, is found.
 */
const TRADES_BY_ORDER_ID = new Set(['binance', 'binanceus', 'bybit']);

/**
 * Venues whose trade listing since a time answers one page from that time on, the next page going on from the last
 * trade's id: Binance's myTrades, "limit … Maximum: 1000", "When using `startTime` only, this will return trades from
 * that time, up to the `limit` provided", "If `fromId` is set, it will get trades >= that `fromId`" (rest-api.md,
 * CHANGELOG.md) — a week of an active account's fills is more than one page.
 */
const PAGED_BY_FROM_ID = new Set(['binance', 'binanceus']);
const TRADES_PAGE = 1_000;

/** The account's trades on `symbol` since `since`, every page; with `exchangeOrderId`, where the venue lists them by order, that order's trades whatever their time. */
export async function listedTrades(client: Exchange, venue: string, symbol: MarketSymbol, since: number | undefined, exchangeOrderId: string | undefined): Promise<Trade[]> {
  if (exchangeOrderId !== undefined && TRADES_BY_ORDER_ID.has(venue)) return client.fetchOrderTrades(exchangeOrderId, symbol);
  if (since !== undefined && isBybit(venue)) return bybitTradesSince(client, symbol, since);
  // An order's fills on Kraken were just made: they are on the first page, so only a listing since a time reads every page.
  if (since !== undefined && venue === 'kraken' && exchangeOrderId === undefined) return krakenTradesSince(client, symbol, since);
  if (since === undefined || !PAGED_BY_FROM_ID.has(venue)) return client.fetchMyTrades(symbol, since);
  const trades = await client.fetchMyTrades(symbol, since, TRADES_PAGE);
  for (let page = trades; page.length >= TRADES_PAGE; trades.push(...page)) {
    page = await client.fetchMyTrades(symbol, undefined, TRADES_PAGE, { fromId: Number(page.at(-1)!.id) + 1 });
  }
  return trades;
}

/**
 * Bybit's /v5/execution/list answers at most 100 executions a page, the most recent first, and a `nextPageCursor`
 * "to retrieve the next page of the result set" (docs/v5/order/execution.mdx); ccxt leaves the cursor on the raw
 * row it came with (`addPaginationCursorToResult`). Pages are asked for until the cursor is empty.
 */
async function bybitTradesSince(client: Exchange, symbol: MarketSymbol, since: number): Promise<Trade[]> {
  const trades: Trade[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < BYBIT_MAX_PAGES; pages++) {
    const page = await client.fetchMyTrades(symbol, since, BYBIT_TRADES_PAGE, cursor === undefined ? {} : { cursor });
    trades.push(...page);
    cursor = page.map((trade) => (trade.info as Record<string, unknown> | undefined)?.['nextPageCursor']).find((value): value is string => typeof value === 'string' && value !== '');
    if (cursor === undefined) break;
  }
  return trades;
}

/**
 * Kraken's TradesHistory: "50 results are returned at a time, the most recent by default", the next 50 at `ofs`
 * (docs.kraken.com/api/docs/rest-api/get-trade-history); it lists every pair, so the pages are read whole (no symbol:
 * ccxt would drop other pairs' trades and a full page would not show) and this market's trades kept.
 */
async function krakenTradesSince(client: Exchange, symbol: MarketSymbol, since: number): Promise<Trade[]> {
  return (await krakenAccountTradesSince(client, since)).filter((trade) => trade.symbol === symbol);
}

/** Every pair's trades since `since`: all of TradesHistory's pages (see krakenTradesSince), each one call on the account's counter. */
async function krakenAccountTradesSince(client: Exchange, since: number): Promise<Trade[]> {
  const trades: Trade[] = [];
  for (let offset = 0, pages = 0; pages < KRAKEN_MAX_PAGES; pages++) {
    const page = await client.fetchMyTrades(undefined, since, undefined, offset === 0 ? {} : { ofs: offset });
    trades.push(...page);
    if (page.length < KRAKEN_TRADES_PAGE) break;
    offset += page.length;
  }
  return trades;
}

/** Venues whose one trade listing holds every market's trades (Kraken's TradesHistory); elsewhere they are listed per market. */
export function listsTradesAccountWide(venue: string): boolean {
  return venue === 'kraken';
}

/** The account's trades on every market since `since`, from the one listing that holds them all (`listsTradesAccountWide`). */
export function accountTradesSince(client: Exchange, venue: string, since: number): Promise<Trade[]> {
  if (!listsTradesAccountWide(venue)) throw new Error(`${venue} lists trades per market: ask each market`);
  return krakenAccountTradesSince(client, since);
}

const KRAKEN_TRADES_PAGE = 50;
/** A bound on one read (5,000 trades); every page is one call on the account's rate budget (ccxt's cost of TradesHistory). */
const KRAKEN_MAX_PAGES = 100;
const BYBIT_TRADES_PAGE = 100;
/** A bound on one read (10,000 executions in the 7 days a startTime covers), so a cursor that never ends cannot hold the account. */
const BYBIT_MAX_PAGES = 100;

export function hasClientIdLookup(venue: string): boolean {
  return FETCH_BY_CLIENT_ID.has(venue) || isBybit(venue);
}

export async function findByClientId(ctx: LookupContext, clientOrderId: string, symbol: MarketSymbol, sent?: SentOrder): Promise<Order | null> {
  if (isBybit(ctx.id)) {
    const live = await ctx.read(() => ctx.client.fetchOpenOrders(symbol, undefined, undefined, { orderLinkId: clientOrderId }));
    const found = live.find((o) => o.clientOrderId === clientOrderId);
    if (found) return found;
    const history = await ctx.read(() => ctx.client.fetchCanceledAndClosedOrders(symbol, undefined, undefined, { orderLinkId: clientOrderId }));
    return history.find((o) => o.clientOrderId === clientOrderId) ?? null;
  }
  if (FETCH_BY_CLIENT_ID.has(ctx.id)) return orNull(ctx.read(() => ctx.client.fetchOrder('', symbol, { clientOrderId })));
  const open = await ctx.read(() => ctx.client.fetchOpenOrders(symbol));
  const match = open.find((o) => o.clientOrderId === clientOrderId);
  if (match) return match;
  if (ctx.client.has['fetchClosedOrders']) {
    const filter = CLOSED_BY_CLIENT_ID.has(ctx.id) ? { clientOrderId } : {};
    const closed = await ctx.read(() => ctx.client.fetchClosedOrders(symbol, ctx.now() - DAY_MS, undefined, filter));
    return closed.find((o) => o.clientOrderId === clientOrderId) ?? null;
  }
  return sent ? fromTrades(ctx, symbol, sent) : null;
}

export async function findByExchangeId(ctx: LookupContext, exchangeOrderId: string, symbol: MarketSymbol): Promise<Order | null> {
  if (isBybit(ctx.id)) {
    const found = await ctx.read(() => ctx.client.fetchOpenOrders(symbol, undefined, undefined, { orderId: exchangeOrderId }));
    return found.find((o) => String(o.id) === exchangeOrderId) ?? null;
  }
  return orNull(ctx.read(() => ctx.client.fetchOrder(exchangeOrderId, symbol)));
}

/** One unknown order whose trades since the send add up to the amount sent, on the side sent. */
async function fromTrades(ctx: LookupContext, symbol: MarketSymbol, sent: SentOrder): Promise<Order | null> {
  const trades = await ctx.read(() => ctx.client.fetchMyTrades(symbol, sent.sentAt - 5_000));
  const byOrder = new Map<string, Trade[]>();
  for (const trade of trades) {
    const id = trade.order ? String(trade.order) : null;
    if (!id || ctx.isKnownOrder(id) || trade.side !== sent.side) continue;
    byOrder.set(id, [...(byOrder.get(id) ?? []), trade]);
  }
  const candidates = [...byOrder.entries()].filter(([, list]) => Math.abs(list.reduce((sum, t) => sum + (t.amount ?? 0), 0) - sent.amount) <= sent.amount * 1e-9);
  if (candidates.length !== 1) return null;
  const [id, list] = candidates[0]!;
  const filled = list.reduce((sum, t) => sum + (t.amount ?? 0), 0);
  const cost = list.reduce((sum, t) => sum + (t.cost ?? (t.amount ?? 0) * (t.price ?? 0)), 0);
  const fees = list.flatMap((t) => (t.fee ? [t.fee] : []));
  const first = list[0]!;
  return { id, clientOrderId: undefined, symbol, side: sent.side, type: 'market', amount: filled, filled, remaining: 0, average: cost / filled, price: cost / filled, cost, status: 'closed', timestamp: first.timestamp, datetime: first.datetime, lastTradeTimestamp: list.at(-1)!.timestamp, fees, trades: list, info: {} } as unknown as Order;
}

async function orNull(lookup: Promise<Order>): Promise<Order | null> {
  try {
    return await lookup;
  } catch (error) {
    if (isExchangeError(error, 'order_not_found') || error instanceof ccxt.OrderNotFound) return null;
    throw error;
  }
}

function isBybit(venue: string): boolean {
  return venue === 'bybit';
}

import { BinanceApiError } from './binance-errors.js';
import type { StubOrder, StubTrade } from './binance-book.js';

/**
 * The account history listings, GET /api/v3/allOrders and GET /api/v3/myTrades, as
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md ("All orders", "Account trade
 * list") and CHANGELOG.md describe them: `limit` "Default: 500; Maximum: 1000"; "The time between
 * `startTime` and `endTime` can't be longer than 24 hours" (-1127, errors.md); with `orderId` (allOrders)
 * or `fromId` (myTrades) the ones from that id on, "otherwise most recent" ones; "When using `startTime`
 * only, this will return trades from that time, up to the `limit` provided. When using `endTime` only,
 * this will return trades before that time, up to the `limit` provided"; myTrades takes only its listed
 * "supported combinations of all parameters", anything else is -1128. Answers are oldest first.
 * The doc does not say what a `limit` above the maximum answers; the stub serves the maximum.
 */
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1_000;
const DAY_MS = 86_400_000;

interface Listed {
  readonly time: number;
}

/** allOrders: the symbol's orders picked by orderId or the time window, `limit` of them. */
export function allOrdersPage(orders: readonly StubOrder[], params: URLSearchParams): StubOrder[] {
  const fromOrderId = params.get('orderId');
  if (fromOrderId !== null && !params.has('startTime') && !params.has('endTime')) {
    return orders.filter((o) => o.orderId >= Number(fromOrderId)).slice(0, limitOf(params));
  }
  return windowPage(orders, params);
}

/** myTrades: one of the supported combinations, then the trades it picks, `limit` of them. */
export function myTradesPage(trades: readonly StubTrade[], params: URLSearchParams): StubTrade[] {
  const sent = ['orderId', 'startTime', 'endTime', 'fromId'].filter((name) => params.has(name)).join('+');
  if (!['', 'orderId', 'startTime', 'endTime', 'fromId', 'startTime+endTime', 'orderId+fromId'].includes(sent)) {
    throw new BinanceApiError(400, -1128, 'Combination of optional parameters invalid.');
  }
  const orderId = params.get('orderId');
  const ofOrder = orderId === null ? trades : trades.filter((t) => String(t.orderId) === orderId);
  const fromId = params.get('fromId');
  if (fromId !== null) return ofOrder.filter((t) => t.id >= Number(fromId)).slice(0, limitOf(params));
  return orderId !== null ? ofOrder.slice(0, limitOf(params)) : windowPage(ofOrder, params);
}

/** From startTime on (the first `limit`), or the most recent `limit` up to endTime or now. */
function windowPage<T extends Listed>(items: readonly T[], params: URLSearchParams): T[] {
  const start = params.get('startTime');
  const end = params.get('endTime');
  if (start !== null && end !== null && Number(end) - Number(start) > DAY_MS) {
    throw new BinanceApiError(400, -1127, 'More than 24 hours between startTime and endTime.');
  }
  const inWindow = items.filter((item) => (start === null || item.time >= Number(start)) && (end === null || item.time <= Number(end)));
  return start !== null ? inWindow.slice(0, limitOf(params)) : inWindow.slice(-limitOf(params));
}

function limitOf(params: URLSearchParams): number {
  const limit = params.get('limit');
  return limit === null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(1, Number(limit)));
}

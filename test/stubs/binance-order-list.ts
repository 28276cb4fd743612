import { orderBody, toUnits, type BinanceBook, type NewOrder, type StubOrder } from './binance-book.js';
import { BinanceApiError, rejected } from './binance-errors.js';
import { mandatory } from './binance-rules.js';

/**
 * OCO order lists: POST /api/v3/orderList/oco, GET and DELETE /api/v3/orderList, from
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md ("New Order list - OCO"):
 * an "above" and a "below" order share one quantity; one must be LIMIT_MAKER/TAKE_PROFIT/
 * TAKE_PROFIT_LIMIT and the other STOP_LOSS/STOP_LOSS_LIMIT; a SELL needs limit price > last price >
 * stop price, a BUY the mirror, else -2010 "The relationship of the prices for the orders is not
 * correct." When one leg executes the other expires.
 */
const ABOVE_TYPES = ['STOP_LOSS_LIMIT', 'STOP_LOSS', 'LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
const BELOW_TYPES = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
const PROFIT_TYPES = ['LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
let listIds = 0;

export function createOco(book: BinanceBook, params: URLSearchParams, now: number): Record<string, unknown> {
  const side = params.get('side');
  if (side !== 'BUY' && side !== 'SELL') throw new BinanceApiError(400, -1117, 'Invalid side.');
  const spec = book.symbol(params.get('symbol'));
  const n = ++listIds;
  const above = leg(params, 'above', ABOVE_TYPES, side, spec.symbol, n);
  const below = leg(params, 'below', BELOW_TYPES, side, spec.symbol, n);
  const profitLeg = [above, below].find((l) => PROFIT_TYPES.includes(l.type));
  const stopLeg = [above, below].find((l) => l.type.startsWith('STOP_LOSS'));
  if (!profitLeg || !stopLeg || profitLeg === stopLeg) throw new BinanceApiError(400, -1014, 'Unsupported order combination.');
  const last = toUnits(book.price(spec.symbol));
  const target = profitLeg.type === 'TAKE_PROFIT' ? profitLeg.stopPrice : profitLeg.price;
  const ordered = side === 'SELL' ? target > last && last > stopLeg.stopPrice : target < last && last < stopLeg.stopPrice;
  if (!ordered) throw rejected('The relationship of the prices for the orders is not correct.');
  const listClientOrderId = params.get('listClientOrderId') ?? `stub-list-${n}`;
  const list = book.placeList([below, above], listClientOrderId);
  return { ...listBody(list.orderListId, listClientOrderId, spec.symbol, list.orders, now), orderReports: list.orders.map(orderBody) };
}

export function queryList(book: BinanceBook, params: URLSearchParams): Record<string, unknown> {
  const list = findList(book, params.get('orderListId'), params.get('origClientOrderId'));
  return listBody(list.orderListId, list.listClientOrderId, list.symbol, legsOf(book, list.orderListId), list.time);
}

export function cancelList(book: BinanceBook, params: URLSearchParams, now: number): Record<string, unknown> {
  const symbol = book.symbol(params.get('symbol')).symbol;
  const list = findList(book, params.get('orderListId'), params.get('listClientOrderId'));
  const legs = legsOf(book, list.orderListId);
  const open = legs.find((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED');
  if (list.symbol !== symbol || !open) throw new BinanceApiError(400, -2011, 'Unknown order sent.');
  book.cancel(open);
  return { ...listBody(list.orderListId, list.listClientOrderId, symbol, legs, now), orderReports: legs.map(orderBody) };
}

function leg(params: URLSearchParams, name: 'above' | 'below', types: readonly string[], side: 'BUY' | 'SELL', symbol: string, n: number): NewOrder {
  const type = params.get(`${name}Type`) ?? '';
  if (!types.includes(type)) throw new BinanceApiError(400, -1116, 'Invalid orderType.');
  const limit = type === 'LIMIT_MAKER' || type.endsWith('_LIMIT');
  if (limit && !params.get(`${name}Price`)) throw mandatory(`${name}Price`);
  if (type.endsWith('_LIMIT') && !params.get(`${name}TimeInForce`)) throw mandatory(`${name}TimeInForce`);
  if (type !== 'LIMIT_MAKER' && !params.get(`${name}StopPrice`) && !params.get(`${name}TrailingDelta`)) {
    throw new BinanceApiError(400, -1102, `Param '${name}StopPrice' or '${name}TrailingDelta' must be sent, but both were empty/null!`);
  }
  if (!limit && params.has(`${name}Price`)) throw new BinanceApiError(400, -1106, `Parameter '${name}Price' sent when not required.`);
  return {
    symbol,
    side,
    type,
    timeInForce: params.get(`${name}TimeInForce`) ?? 'GTC',
    quantity: toUnits(params.get('quantity') ?? '0'),
    price: toUnits(params.get(`${name}Price`) ?? '0'),
    stopPrice: toUnits(params.get(`${name}StopPrice`) ?? '0'),
    clientOrderId: params.get(`${name}ClientOrderId`) ?? `stub-${name}-${n}`,
  };
}

function findList(book: BinanceBook, orderListId: string | null, clientId: string | null) {
  if (!orderListId && !clientId) throw new BinanceApiError(400, -1102, "Param 'listClientOrderId' or 'orderListId' must be sent, but both were empty/null!");
  const list = book.lists.find((l) => (orderListId ? String(l.orderListId) === orderListId : l.listClientOrderId === clientId));
  if (!list) throw new BinanceApiError(400, -2013, 'Order does not exist.');
  return list;
}

function legsOf(book: BinanceBook, orderListId: number): StubOrder[] {
  return book.orders.filter((o) => o.orderListId === orderListId);
}

function listBody(orderListId: number, listClientOrderId: string, symbol: string, legs: readonly StubOrder[], time: number): Record<string, unknown> {
  const done = legs.every((o) => o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED');
  return {
    orderListId,
    contingencyType: 'OCO',
    listStatusType: done ? 'ALL_DONE' : 'EXEC_STARTED',
    listOrderStatus: done ? 'ALL_DONE' : 'EXECUTING',
    listClientOrderId,
    transactionTime: time,
    symbol,
    orders: legs.map((o) => ({ symbol, orderId: o.orderId, clientOrderId: o.clientOrderId })),
  };
}

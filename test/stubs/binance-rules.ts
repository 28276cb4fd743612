import { BinanceApiError } from './binance-errors.js';
import { ticker24hWeight, tickerPriceWeight } from './binance-tickers.js';

/**
 * What each Binance spot endpoint the stub serves accepts, from the endpoint tables of
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md ("Parameters" and
 * "Weight" of each endpoint) and, for the key check, https://developers.binance.com/docs/wallet/account/api-key-permission.
 *
 * The venue counts every parameter it reads; anything else — a parameter the endpoint does not
 * have (e.g. `reduceOnly`, a futures parameter, on POST /api/v3/order) — is refused with
 * -1104 "Not all sent parameters were read; read 'X' parameter(s) but was sent 'Y'." (errors.md),
 * counting `signature` like the venue does (a captured refusal of reduceOnly on spot reads
 * "read '11' parameter(s) but was sent '12'", ccxt/ccxt#21608).
 */
export interface EndpointSpec {
  readonly params: readonly string[];
  /** Mandatory parameters (-1102 when missing). */
  readonly mandatory?: readonly string[];
  /** USER_DATA / TRADE endpoints: API key, signature, timestamp and recvWindow. */
  readonly signed: boolean;
  /** Request weight for this call (see each endpoint's "Weight"). */
  readonly weight: (params: URLSearchParams) => number;
}

const SIGNING = ['timestamp', 'recvWindow', 'signature'];
const fixed = (weight: number) => () => weight;
const perSymbol = (one: number, all: number) => (params: URLSearchParams) => (params.has('symbol') ? one : all);

const NEW_ORDER = ['symbol', 'side', 'type', 'timeInForce', 'quantity', 'quoteOrderQty', 'price', 'newClientOrderId', 'strategyId', 'strategyType', 'stopPrice', 'trailingDelta', 'icebergQty', 'newOrderRespType', 'selfTradePreventionMode', 'pegPriceType', 'pegOffsetValue', 'pegOffsetType'];
const NEW_OCO = [
  'symbol', 'listClientOrderId', 'side', 'quantity', 'newOrderRespType', 'selfTradePreventionMode',
  ...['above', 'below'].flatMap((leg) => ['Type', 'ClientOrderId', 'IcebergQty', 'Price', 'StopPrice', 'TrailingDelta', 'TimeInForce', 'StrategyId', 'StrategyType', 'PegPriceType', 'PegOffsetType', 'PegOffsetValue'].map((name) => `${leg}${name}`)),
];

export const ENDPOINTS: Readonly<Record<string, EndpointSpec>> = {
  'GET /api/v3/ping': { params: [], signed: false, weight: fixed(1) },
  'GET /api/v3/time': { params: [], signed: false, weight: fixed(1) },
  'GET /api/v3/exchangeInfo': { params: ['symbol', 'symbols', 'permissions', 'showPermissionSets', 'symbolStatus'], signed: false, weight: fixed(20) },
  'GET /api/v3/depth': { params: ['symbol', 'limit', 'symbolStatus'], mandatory: ['symbol'], signed: false, weight: (p) => depthWeight(Number(p.get('limit') ?? 100)) },
  'GET /api/v3/trades': { params: ['symbol', 'limit'], mandatory: ['symbol'], signed: false, weight: fixed(25) },
  'GET /api/v3/aggTrades': { params: ['symbol', 'fromId', 'startTime', 'endTime', 'limit'], mandatory: ['symbol'], signed: false, weight: fixed(4) },
  'GET /api/v3/klines': { params: ['symbol', 'interval', 'startTime', 'endTime', 'timeZone', 'limit'], mandatory: ['symbol', 'interval'], signed: false, weight: fixed(2) },
  'GET /api/v3/avgPrice': { params: ['symbol'], mandatory: ['symbol'], signed: false, weight: fixed(2) },
  'GET /api/v3/ticker/24hr': { params: ['symbol', 'symbols', 'type', 'symbolStatus'], signed: false, weight: ticker24hWeight },
  'GET /api/v3/ticker/price': { params: ['symbol', 'symbols', 'symbolStatus'], signed: false, weight: tickerPriceWeight },
  'GET /api/v3/account': { params: ['omitZeroBalances'], signed: true, weight: fixed(20) },
  'POST /api/v3/order': { params: NEW_ORDER, mandatory: ['symbol', 'side', 'type'], signed: true, weight: fixed(1) },
  'GET /api/v3/order': { params: ['symbol', 'orderId', 'origClientOrderId'], mandatory: ['symbol'], signed: true, weight: fixed(4) },
  'DELETE /api/v3/order': { params: ['symbol', 'orderId', 'origClientOrderId', 'newClientOrderId', 'cancelRestrictions'], mandatory: ['symbol'], signed: true, weight: fixed(1) },
  'GET /api/v3/openOrders': { params: ['symbol'], signed: true, weight: perSymbol(6, 80) },
  'DELETE /api/v3/openOrders': { params: ['symbol'], mandatory: ['symbol'], signed: true, weight: fixed(1) },
  'GET /api/v3/allOrders': { params: ['symbol', 'orderId', 'startTime', 'endTime', 'limit'], mandatory: ['symbol'], signed: true, weight: fixed(20) },
  'GET /api/v3/myTrades': { params: ['symbol', 'orderId', 'startTime', 'endTime', 'fromId', 'limit'], mandatory: ['symbol'], signed: true, weight: (p) => (p.has('orderId') ? 5 : 20) },
  'POST /api/v3/orderList/oco': { params: NEW_OCO, mandatory: ['symbol', 'side', 'quantity', 'aboveType', 'belowType'], signed: true, weight: fixed(1) },
  'GET /api/v3/orderList': { params: ['orderListId', 'origClientOrderId'], signed: true, weight: fixed(4) },
  'DELETE /api/v3/orderList': { params: ['symbol', 'orderListId', 'listClientOrderId', 'newClientOrderId'], mandatory: ['symbol'], signed: true, weight: fixed(1) },
  'GET /api/v3/openOrderList': { params: [], signed: true, weight: fixed(6) },
  'GET /sapi/v1/account/apiRestrictions': { params: [], signed: true, weight: fixed(1) },
};

/** "Weight: Adjusted based on the limit": 1–100 → 5, 101–500 → 25, 501–1000 → 50, 1001–5000 → 250. */
function depthWeight(limit: number): number {
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1_000 ? 50 : 250;
}

/** -1104 for parameters the endpoint does not read, -1102 for a missing mandatory one. */
export function checkParameters(spec: EndpointSpec, sent: readonly string[], params: URLSearchParams): void {
  const readable = new Set([...spec.params, ...(spec.signed ? SIGNING : [])]);
  const read = sent.filter((name) => readable.has(name)).length;
  if (read !== sent.length) throw new BinanceApiError(400, -1104, `Not all sent parameters were read; read '${read}' parameter(s) but was sent '${sent.length}'.`);
  for (const name of spec.mandatory ?? []) if (!params.get(name)) throw mandatory(name);
}

/**
 * Rules of POST /api/v3/order by `type` ("Some additional mandatory parameters based on order type"):
 * a missing one is -1102; `timeInForce` where the type takes none is -1114, and `price`/`stopPrice`
 * on a type that has no such field is -1106 "Parameter '%s' sent when not required." (errors.md).
 */
const ORDER_TYPES: Readonly<Record<string, { required: readonly string[]; allowed: readonly string[] }>> = {
  LIMIT: { required: ['timeInForce', 'quantity', 'price'], allowed: ['icebergQty'] },
  MARKET: { required: [], allowed: ['quantity', 'quoteOrderQty'] },
  STOP_LOSS: { required: ['quantity'], allowed: ['stopPrice', 'trailingDelta'] },
  STOP_LOSS_LIMIT: { required: ['timeInForce', 'quantity', 'price'], allowed: ['stopPrice', 'trailingDelta', 'icebergQty'] },
  TAKE_PROFIT: { required: ['quantity'], allowed: ['stopPrice', 'trailingDelta'] },
  TAKE_PROFIT_LIMIT: { required: ['timeInForce', 'quantity', 'price'], allowed: ['stopPrice', 'trailingDelta', 'icebergQty'] },
  LIMIT_MAKER: { required: ['quantity', 'price'], allowed: ['icebergQty'] },
};
const TYPE_DEPENDENT = ['timeInForce', 'quantity', 'quoteOrderQty', 'price', 'stopPrice', 'trailingDelta', 'icebergQty'];
const TIME_IN_FORCE = ['GTC', 'IOC', 'FOK'];
const ASSET_PRECISION = 8;
const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export function checkNewOrder(params: URLSearchParams): void {
  const side = params.get('side');
  if (side !== 'BUY' && side !== 'SELL') throw new BinanceApiError(400, -1117, 'Invalid side.');
  const rules = ORDER_TYPES[params.get('type') ?? ''];
  if (!rules) throw new BinanceApiError(400, -1116, 'Invalid orderType.');
  for (const name of rules.required) if (!params.get(name)) throw mandatory(name);
  if (params.get('type') === 'MARKET' && !params.get('quantity') && !params.get('quoteOrderQty')) {
    throw new BinanceApiError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
  }
  if (params.get('type')?.startsWith('STOP_LOSS') || params.get('type')?.startsWith('TAKE_PROFIT')) {
    if (!params.get('stopPrice') && !params.get('trailingDelta')) throw new BinanceApiError(400, -1102, "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!");
  }
  for (const name of TYPE_DEPENDENT) {
    if (!params.has(name) || rules.required.includes(name) || rules.allowed.includes(name)) continue;
    if (name === 'timeInForce') throw new BinanceApiError(400, -1114, 'TimeInForce parameter sent when not required.');
    throw new BinanceApiError(400, -1106, `Parameter '${name}' sent when not required.`);
  }
  // Client order ids: at most 36 characters. The REST doc gives no pattern; fix-api.md documents `^[a-zA-Z0-9-_]{1,36}$`
  // for the same ids, and the REST API also takes `.`, `:` and `/` (the legal range its -1100 names).
  const clientId = params.get('newClientOrderId');
  if (clientId !== null && !CLIENT_ORDER_ID.test(clientId)) throw new BinanceApiError(400, -1100, `Illegal characters found in parameter 'newClientOrderId'; legal range is '${CLIENT_ORDER_ID.source}'.`);
  const tif = params.get('timeInForce');
  if (tif !== null && !TIME_IN_FORCE.includes(tif)) throw new BinanceApiError(400, -1115, 'Invalid timeInForce.');
  for (const name of ['quantity', 'quoteOrderQty', 'price', 'stopPrice']) {
    const value = params.get(name);
    if (value !== null && !/^\d+(\.\d+)?$/.test(value)) throw new BinanceApiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
    // -1111 BAD_PRECISION "Parameter '%s' has too much precision." (errors.md): the stub's assets all have 8 decimals
    // (baseAssetPrecision / quotePrecision in exchangeInfo); trailing zeros add none.
    if (value !== null && (value.split('.')[1] ?? '').replace(/0+$/, '').length > ASSET_PRECISION) throw new BinanceApiError(400, -1111, `Parameter '${name}' has too much precision.`);
  }
}

export function mandatory(name: string): BinanceApiError {
  return new BinanceApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

/** The parameters of a request: query and form body, the query winning ("If a parameter sent in both … the query string parameter will be used"). */
export function requestParameters(query: string, body: string): { params: URLSearchParams; names: string[] } {
  const params = new URLSearchParams(body);
  const fromQuery = new URLSearchParams(query);
  const seen = new Set<string>();
  for (const key of fromQuery.keys()) {
    if (seen.has(key)) throw new BinanceApiError(400, -1101, 'Duplicate values for a parameter detected.');
    seen.add(key);
  }
  for (const [key, value] of fromQuery) params.set(key, value);
  return { params, names: [...new Set(params.keys())] };
}

import { createHmac } from 'node:crypto';

/**
 * What each Bybit v5 endpoint the stub serves accepts — the "Request Parameters" tables of
 * https://github.com/bybit-exchange/docs/tree/main/docs/v5 (market/instrument, market/tickers,
 * market/time, order/create-order, order/cancel-order, order/cancel-all, order/open-order,
 * order/order-list, order/execution, order/dcp, position/position, account/wallet-balance,
 * account/account-info, user/apikey-info, asset/coin-info) — and the authentication of guide.mdx.
 *
 * Bybit does not publish what it answers to a parameter an endpoint does not list; the stub refuses
 * it (10001 "Request parameter error", naming it) so that Halyard never relies on an undocumented one.
 */
export class BybitApiError extends Error {
  constructor(
    readonly retCode: number,
    message: string,
    readonly httpStatus = 200,
    /** Response headers the refusal carries (the X-Bapi-Limit headers of a 10006). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export interface BybitEndpoint {
  readonly params: readonly string[];
  readonly mandatory?: readonly string[];
  readonly signed: boolean;
  /** Per-UID requests per second (docs/v5/rate-limit/rate-limit.mdx, "API Rate Limit Table"). */
  readonly perSecond: number;
}

const CREATE = [
  'category', 'symbol', 'isLeverage', 'side', 'orderType', 'qty', 'marketUnit', 'rpiTakerAccess', 'slippageToleranceType', 'slippageTolerance', 'price', 'triggerDirection', 'orderFilter',
  'triggerPrice', 'triggerBy', 'orderIv', 'timeInForce', 'positionIdx', 'orderLinkId', 'takeProfit', 'stopLoss', 'tpTriggerBy', 'slTriggerBy', 'reduceOnly', 'closeOnTrigger', 'smpType', 'mmp',
  'tpslMode', 'tpLimitPrice', 'slLimitPrice', 'tpOrderType', 'slOrderType', 'bboSideType', 'bboLevel',
];

export const BYBIT_ENDPOINTS: Readonly<Record<string, BybitEndpoint>> = {
  'GET /v5/market/time': { params: [], signed: false, perSecond: 600 },
  'GET /v5/market/instruments-info': { params: ['category', 'symbol', 'symbolType', 'status', 'baseCoin', 'limit', 'cursor'], mandatory: ['category'], signed: false, perSecond: 600 },
  'GET /v5/market/kline': { params: ['category', 'symbol', 'interval', 'start', 'end', 'limit'], mandatory: ['symbol', 'interval'], signed: false, perSecond: 600 },
  'GET /v5/market/orderbook': { params: ['category', 'symbol', 'limit'], mandatory: ['category', 'symbol'], signed: false, perSecond: 600 },
  'GET /v5/market/tickers': { params: ['category', 'symbol', 'baseCoin', 'expDate'], mandatory: ['category'], signed: false, perSecond: 600 },
  'GET /v5/user/query-api': { params: [], signed: true, perSecond: 10 },
  'GET /v5/asset/coin/query-info': { params: ['coin'], signed: true, perSecond: 5 },
  'GET /v5/account/info': { params: [], signed: true, perSecond: 50 },
  'GET /v5/account/wallet-balance': { params: ['accountType', 'coin'], mandatory: ['accountType'], signed: true, perSecond: 50 },
  'POST /v5/order/create': { params: CREATE, mandatory: ['category', 'symbol', 'side', 'orderType', 'qty'], signed: true, perSecond: 10 },
  'POST /v5/order/cancel': { params: ['category', 'symbol', 'orderId', 'orderLinkId', 'orderFilter'], mandatory: ['category', 'symbol'], signed: true, perSecond: 10 },
  'POST /v5/order/cancel-all': { params: ['category', 'symbol', 'baseCoin', 'settleCoin', 'orderFilter', 'stopOrderType'], mandatory: ['category'], signed: true, perSecond: 10 },
  'POST /v5/order/disconnected-cancel-all': { params: ['product', 'timeWindow'], mandatory: ['timeWindow'], signed: true, perSecond: 5 },
  'GET /v5/order/realtime': { params: ['category', 'symbol', 'baseCoin', 'settleCoin', 'orderId', 'orderLinkId', 'openOnly', 'orderFilter', 'limit', 'cursor'], mandatory: ['category'], signed: true, perSecond: 50 },
  'GET /v5/order/history': { params: ['category', 'symbol', 'baseCoin', 'settleCoin', 'orderId', 'orderLinkId', 'orderFilter', 'orderStatus', 'startTime', 'endTime', 'limit', 'cursor'], mandatory: ['category'], signed: true, perSecond: 50 },
  'GET /v5/position/list': { params: ['category', 'symbol', 'baseCoin', 'settleCoin', 'limit', 'cursor'], mandatory: ['category'], signed: true, perSecond: 50 },
  'GET /v5/execution/list': { params: ['category', 'symbol', 'orderId', 'orderLinkId', 'baseCoin', 'settleCoin', 'startTime', 'endTime', 'execType', 'limit', 'cursor'], mandatory: ['category'], signed: true, perSecond: 50 },
};

export const paramsError = (detail: string) => new BybitApiError(10001, `Request parameter error: ${detail}`);

export function checkParams(endpoint: BybitEndpoint, params: Readonly<Record<string, unknown>>): void {
  for (const name of Object.keys(params)) if (!endpoint.params.includes(name)) throw paramsError(`unknown parameter '${name}'`);
  for (const name of endpoint.mandatory ?? []) if (params[name] === undefined || params[name] === '') throw paramsError(`'${name}' is required`);
}

export interface SignedRequest {
  readonly apiKey: string | null;
  readonly timestamp: string | null;
  readonly recvWindow: string | null;
  readonly sign: string | null;
  /** The JSON body of a POST, or the query string of a GET, exactly as sent. */
  readonly payload: string;
}

/**
 * guide.mdx, "Authentication": X-BAPI-API-KEY (10003 when unknown), X-BAPI-SIGN = hex HMAC-SHA256 of
 * timestamp + api key + recv_window + (query string | JSON body) (10004 when wrong), and the rule
 * "server_time - recv_window <= timestamp < server_time + 1000" (10002), recv_window defaulting to 5000.
 */
export function authenticate(request: SignedRequest, apiKey: string, secret: string, serverTime: number): void {
  if (request.apiKey !== apiKey) throw new BybitApiError(10003, 'API key is invalid. Check whether the key and domain are matched, there are 4 env: mainnet, testnet, mainnet-demo, testnet-demo');
  if (!request.timestamp || !request.sign) throw paramsError('X-BAPI-TIMESTAMP and X-BAPI-SIGN are required');
  const recvWindow = request.recvWindow ?? '5000';
  const expected = createHmac('sha256', secret).update(request.timestamp + request.apiKey + recvWindow + request.payload).digest('hex');
  if (request.sign !== expected) throw new BybitApiError(10004, 'Error sign, please check your signature generation algorithm.');
  const timestamp = Number(request.timestamp);
  if (!(serverTime - Number(recvWindow) <= timestamp && timestamp < serverTime + 1000)) throw new BybitApiError(10002, 'The request time exceeds the time window range.');
}

/** Per-endpoint requests per second per UID; beyond it 10006 (rate-limit.mdx: `"retCode": 10006, "retMsg": "Too many visits!"`). */
export class BybitRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /**
   * Counts one request; returns the X-Bapi-Limit headers, or throws 10006 past the limit — with the headers too:
   * "Every request to the API returns response header", X-Bapi-Limit-Reset-Timestamp being "when your request limit
   * resets if you have exceeded your rate_limit. Otherwise, this is just the current timestamp".
   */
  take(key: string, limit: number): Record<string, string> {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - 1000);
    if (recent.length >= limit) {
      throw new BybitApiError(10006, 'Too many visits!', 200, { 'X-Bapi-Limit': String(limit), 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': String(recent[recent.length - limit]! + 1000) });
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { 'X-Bapi-Limit': String(limit), 'X-Bapi-Limit-Status': String(limit - recent.length), 'X-Bapi-Limit-Reset-Timestamp': String(now) };
  }
}

/**
 * The HTTP IP limit (docs/v5/rate-limit/rate-limit.mdx, "HTTP IP limit"): "600 requests within a 5-second window per IP";
 * past it "403, access too frequent" — "terminate all HTTP sessions and wait for at least 10 minutes. The ban will be
 * lifted automatically." Every request counts, public or private, answered or not; tests lower `perWindow` to reach it.
 */
export class BybitIpLimiter {
  perWindow = 600;
  windowMs = 5_000;
  banMs = 600_000;
  private readonly hits: number[] = [];
  private bannedUntil = 0;

  constructor(private readonly now: () => number) {}

  /** Counts one request; false when the IP is over the limit or still banned. */
  allow(): boolean {
    const now = this.now();
    if (now < this.bannedUntil) return false;
    while (this.hits.length > 0 && this.hits[0]! <= now - this.windowMs) this.hits.shift();
    this.hits.push(now);
    if (this.hits.length <= this.perWindow) return true;
    this.bannedUntil = now + this.banMs;
    return false;
  }
}


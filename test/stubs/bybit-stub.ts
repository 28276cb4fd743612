import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiKeyBody, coinBody, executionBody, orderBody, positionBody, tickerBody, walletBody } from './bybit-bodies.js';
import { BybitBook, fromUnits, type BybitOrder } from './bybit-book.js';
import { BYBIT_INSTRUMENTS, instrumentBody } from './bybit-fixtures.js';
import { authenticate, BybitApiError, BybitIpLimiter, BybitRateLimiter, BYBIT_ENDPOINTS, checkParams, paramsError } from './bybit-rules.js';
import { headerOf, readBody } from './http.js';
import { LoopbackStub } from './loopback.js';
import { klineResult, orderbookResult } from './bybit-market-data.js';
import { MinuteBars } from './venue-candles.js';

/**
 * A loopback stub of Bybit's v5 REST API for a unified account trading USDT perpetuals
 * (`category=linear`), written from https://github.com/bybit-exchange/docs (docs/v5). Every answer
 * is the v5 envelope `{retCode, retMsg, result, retExtInfo, time}`; refusals carry the codes of
 * docs/v5/error.mdx (10001 params, 10002 time window, 10003 key, 10004 sign, 10006 rate limit,
 * 110001 order not found, 110007 balance, 110017 reduce-only, 110072 duplicate orderLinkId,
 * 110092/110093 trigger direction, 110094 notional), and the IP limit's HTTP 403 (rate-limit.mdx). Websockets are
 * refused (ccxt polls over REST).
 * Tests can make order requests time out (taking effect now, later, or never).
 */
export interface BybitFault {
  readonly path: string;
  readonly kind: 'timeout' | 'timeout_late' | 'drop' | 'server_error';
  readonly delayMs?: number;
  times?: number;
}

export interface BybitStubRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly apiKey: string | null;
  status: number | null;
  retCode: number | null;
  retMsg: string | null;
}

export interface BybitStubOptions {
  readonly now?: () => number;
  /** The clock deferred writes (`timeout_late`) wait on; default `now`. */
  readonly delayClock?: () => number;
}

export class BybitStub extends LoopbackStub {
  readonly apiKey = 'stub-bybit-key-0001';
  readonly secret = 'stub-bybit-secret-0001';
  readonly book: BybitBook;
  readonly requests: BybitStubRequest[] = [];
  /** One-minute bars per symbol served by /v5/market/kline (rolled up for longer intervals). */
  readonly candles = new MinuteBars();
  /** What GET /v5/user/query-api reports in permissions.Wallet. */
  withdrawalsEnabled = false;
  /** The `timeWindow` of every accepted disconnected-cancel-all call. */
  readonly dcpCalls: { product: string; timeWindow: number }[] = [];
  private readonly faults: BybitFault[] = [];
  private readonly limiter: BybitRateLimiter;
  /** The per-IP limit in front of everything (403 "access too frequent", then a 10-minute ban). */
  readonly ipLimit: BybitIpLimiter;
  private readonly now: () => number;

  constructor(options: BybitStubOptions = {}) {
    super(options.delayClock ?? options.now ?? Date.now);
    this.now = options.now ?? Date.now;
    this.book = new BybitBook(this.now);
    this.limiter = new BybitRateLimiter(this.now);
    this.ipLimit = new BybitIpLimiter(this.now);
    this.refuseUpgrades();
  }

  fault(fault: BybitFault): void {
    this.faults.push({ times: 1, ...fault });
  }

  requestsTo(method: string, path: string): BybitStubRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const query = url.search.slice(1);
    const entry: BybitStubRequest = { method, path: url.pathname, params: {}, apiKey: headerOf(req, 'x-bapi-api-key'), status: null, retCode: null, retMsg: null };
    this.requests.push(entry);
    let headers: Record<string, string> = {};
    const send = (status: number, retCode: number, retMsg: string, result: unknown) => {
      Object.assign(entry, { status, retCode, retMsg });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: this.now() }));
    };
    if (!this.ipLimit.allow()) {
      Object.assign(entry, { status: 403 });
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('access too frequent');
    }
    try {
      const endpoint = BYBIT_ENDPOINTS[`${method} ${url.pathname}`];
      if (!endpoint) return send(404, 10017, 'Route not found.', {});
      const params = method === 'POST' ? parseJson(body) : Object.fromEntries(new URLSearchParams(query));
      Object.assign(entry, { params });
      headers = this.limiter.take(url.pathname, endpoint.perSecond);
      if (endpoint.signed) {
        authenticate(
          { apiKey: entry.apiKey, timestamp: headerOf(req, 'x-bapi-timestamp'), recvWindow: headerOf(req, 'x-bapi-recv-window'), sign: headerOf(req, 'x-bapi-sign'), payload: method === 'POST' ? body : query },
          this.apiKey,
          this.secret,
          this.now(),
        );
      }
      checkParams(endpoint, params);
      const fault = this.takeFault(url.pathname);
      if (fault?.kind === 'server_error') return send(503, 10016, 'Server error.', {});
      if (fault?.kind === 'drop') return;
      const run = () => this.route(`${method} ${url.pathname}`, params);
      if (fault?.kind === 'timeout_late') return this.later(fault.delayMs ?? 10_000, run);
      const result = run();
      if (fault?.kind === 'timeout') return;
      send(200, 0, 'OK', result);
    } catch (error) {
      if (error instanceof BybitApiError) {
        headers = { ...headers, ...error.headers };
        return send(error.httpStatus, error.retCode, error.message, {});
      }
      send(500, 10016, error instanceof Error ? error.message : String(error), {});
    }
  }

  private route(key: string, params: Record<string, unknown>): unknown {
    const book = this.book;
    switch (key) {
      case 'GET /v5/market/time': {
        const now = this.now();
        return { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` };
      }
      case 'GET /v5/market/instruments-info': {
        const listed = params['category'] === 'linear' && params['status'] === undefined ? BYBIT_INSTRUMENTS.filter((i) => !params['symbol'] || i.symbol === params['symbol']) : [];
        return { category: params['category'], list: listed.map(instrumentBody), nextPageCursor: '' };
      }
      case 'GET /v5/market/kline':
        return klineResult(params, (symbol) => book.instrument(symbol), this.candles, this.now());
      case 'GET /v5/market/orderbook':
        return orderbookResult(params, (symbol) => book.instrument(symbol), fromUnits(book.price(book.instrument(params['symbol']).symbol)), this.now());
      case 'GET /v5/market/tickers': {
        linearOnly(params);
        const symbols = params['symbol'] ? [book.instrument(params['symbol']).symbol] : BYBIT_INSTRUMENTS.map((i) => i.symbol);
        return { category: 'linear', list: symbols.map((s) => tickerBody(s, book.price(s))) };
      }
      case 'GET /v5/user/query-api':
        return apiKeyBody(this.apiKey, this.withdrawalsEnabled, this.now());
      case 'GET /v5/asset/coin/query-info':
        return { rows: ['USDT', 'BTC', 'ETH'].filter((coin) => !params['coin'] || coin === params['coin']).map(coinBody) };
      case 'GET /v5/account/info':
        return { unifiedMarginStatus: 6, marginMode: 'REGULAR_MARGIN', isMasterTrader: false, spotHedgingStatus: 'OFF', updatedTime: String(this.now()), dcpStatus: 'OFF', timeWindow: 0, smpGroup: 0 };
      case 'GET /v5/account/wallet-balance':
        if (params['accountType'] !== 'UNIFIED') throw paramsError('accountType only supports UNIFIED');
        return walletBody(book);
      case 'POST /v5/order/create': {
        const order = book.create(params);
        return { orderId: order.orderId, orderLinkId: order.orderLinkId };
      }
      case 'POST /v5/order/cancel': {
        linearOnly(params);
        if (!params['orderId'] && !params['orderLinkId']) throw paramsError('either orderId or orderLinkId is required');
        const order = book.find(book.instrument(params['symbol']).symbol, params['orderId'], params['orderLinkId']);
        if (!order) throw new BybitApiError(110001, 'Order does not exist');
        book.cancel(order);
        return { orderId: order.orderId, orderLinkId: order.orderLinkId };
      }
      case 'POST /v5/order/cancel-all': {
        const canceled = this.scope(params, book.open()).map((o) => book.cancel(o));
        return { list: canceled.map((o) => ({ orderId: o.orderId, orderLinkId: o.orderLinkId })), success: '1' };
      }
      case 'POST /v5/order/disconnected-cancel-all': {
        const timeWindow = Number(params['timeWindow']);
        if (!Number.isInteger(timeWindow) || timeWindow < 3 || timeWindow > 300) throw paramsError('timeWindow must be an integer in [3, 300]');
        this.dcpCalls.push({ product: String(params['product'] ?? 'OPTIONS'), timeWindow });
        return {};
      }
      case 'GET /v5/order/realtime': {
        const byId = Boolean(params['orderId'] || params['orderLinkId']);
        // "openOnly param will be ignored when query by orderId or orderLinkId"; 1: "recent 500 closed status orders".
        const recentClosed = book.orders.filter((o) => !book.open().includes(o)).slice(-500);
        const pool = byId ? [...book.open(), ...recentClosed] : params['openOnly'] === '1' ? recentClosed : book.open();
        return this.page(this.scope(params, pool), params, 50, orderBody);
      }
      case 'GET /v5/order/history': {
        // order-list.mdx: the 7-day range of startTime/endTime; "the orders with "Cancelled" (fully cancelled order),
        // "Rejected", "Deactivated" can be query" in the last 24 hours only. The stub places an order in time by its creation.
        const [start, end] = executionWindow(params, this.now());
        const listed = book.orders.filter((o) => o.createdTime >= start && o.createdTime <= end && (o.cumExecQty > 0 || !UNFILLED_CLOSED.has(o.orderStatus) || o.updatedTime >= this.now() - 86_400_000));
        return this.page(this.scope(params, listed), params, 50, orderBody);
      }
      case 'GET /v5/position/list': {
        linearOnly(params);
        if (!params['symbol'] && !params['settleCoin']) throw paramsError('either symbol or settleCoin is required');
        // "If symbol passed, it returns data regardless of having position or not."
        const positions = params['symbol'] ? [book.position(book.instrument(params['symbol']).symbol)] : [...book.positions.values()].filter((p) => p.size !== 0);
        return { category: 'linear', list: positions.map((p) => positionBody(p, book.price(p.symbol))), nextPageCursor: '' };
      }
      case 'GET /v5/execution/list': {
        linearOnly(params);
        const [start, end] = executionWindow(params, this.now());
        const found = book.executions.filter((e) => (!params['symbol'] || e.order.symbol === params['symbol']) && (!params['orderId'] || e.order.orderId === params['orderId']) && (!params['orderLinkId'] || e.order.orderLinkId === params['orderLinkId']) && e.execTime >= start && e.execTime <= end);
        return this.page(found, params, 100, executionBody, 50);
      }
      default:
        throw new BybitApiError(10017, 'Route not found.', 404);
    }
  }

  /** Orders of a category=linear query: by orderId > orderLinkId > symbol > baseCoin > settleCoin, one of which linear requires. */
  private scope(params: Record<string, unknown>, orders: readonly BybitOrder[]): BybitOrder[] {
    linearOnly(params);
    if (params['orderId']) return orders.filter((o) => o.orderId === params['orderId']);
    if (params['orderLinkId']) return orders.filter((o) => o.orderLinkId === params['orderLinkId']);
    if (params['symbol']) return orders.filter((o) => o.symbol === this.book.instrument(params['symbol']).symbol);
    if (params['baseCoin']) return orders.filter((o) => o.symbol.startsWith(String(params['baseCoin'])));
    if (params['settleCoin'] === 'USDT') return [...orders];
    throw paramsError('either symbol, baseCoin or settleCoin is required for linear');
  }

  /**
   * One page, the most recent first: `limit` (default and maximum per endpoint), and "Use the `nextPageCursor` token
   * from the response to retrieve the next page of the result set" — empty on the last page. The stub's cursor is the
   * offset of the next page.
   */
  private page<T>(items: readonly T[], params: Record<string, unknown>, max: number, body: (item: T) => unknown, byDefault = 20): unknown {
    const limit = Math.min(max, Number(params['limit'] ?? byDefault));
    const offset = params['cursor'] === undefined || params['cursor'] === '' ? 0 : Number(params['cursor']);
    if (!Number.isInteger(offset) || offset < 0) throw paramsError('cursor invalid');
    const next = offset + limit < items.length ? String(offset + limit) : '';
    return { category: 'linear', list: [...items].reverse().slice(offset, offset + limit).map(body), nextPageCursor: next };
  }

  private takeFault(path: string): BybitFault | null {
    const index = this.faults.findIndex((f) => f.path === path);
    if (index < 0) return null;
    const fault = this.faults[index]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

export async function startBybitStub(options: BybitStubOptions = {}): Promise<BybitStub> {
  return new BybitStub(options).start();
}

function linearOnly(params: Record<string, unknown>): void {
  if (params['category'] !== 'linear') throw paramsError(`category '${String(params['category'])}': this venue lists linear instruments only`);
}

/**
 * The time range of GET /v5/execution/list and /v5/order/history (docs/v5/order/execution.mdx, order-list.mdx, `startTime`): "startTime and endTime are not
 * passed, return 7 days by default; Only startTime is passed, return range between startTime and startTime+7 days; Only
 * endTime is passed, return range between endTime-7 days and endTime; If both are passed, the rule is endTime - startTime
 * <= 7 days". The doc names no code for a longer range; the stub answers the generic 10001.
 */
const UNFILLED_CLOSED: ReadonlySet<string> = new Set(['Cancelled', 'Rejected', 'Deactivated']);

function executionWindow(params: Record<string, unknown>, now: number): [number, number] {
  const week = 7 * 86_400_000;
  const start = params['startTime'] === undefined ? null : Number(params['startTime']);
  const end = params['endTime'] === undefined ? null : Number(params['endTime']);
  if (start !== null && end !== null && end - start > week) throw paramsError('endTime - startTime must be at most 7 days');
  if (start !== null) return [start, end ?? start + week];
  return end !== null ? [end - week, end] : [now - week, now];
}

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // falls through to the refusal
  }
  throw paramsError('the body must be a JSON object');
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Candle } from '../../core/market/candle.js';
import { accountBody, apiRestrictionsBody, createdBody, klineRows, ticker24h } from './binance-bodies.js';
import { BinanceBook, orderBody, tradeBody, type StubOrder } from './binance-book.js';
import { BinanceApiError } from './binance-errors.js';
import { BinanceDepth } from './binance-depth.js';
import { allOrdersPage, myTradesPage } from './binance-history.js';
import { dec, exchangeInfoBody } from './binance-fixtures.js';
import { BinanceGuard } from './binance-guard.js';
import { cancelList, createOco, queryList } from './binance-order-list.js';
import { checkNewOrder, checkParameters, ENDPOINTS, requestParameters } from './binance-rules.js';
import { askedTickers, miniTicker, tickerAnswer, tickerType, type AskedTickers } from './binance-tickers.js';
import { BinanceUserStream } from './binance-user-stream.js';
import { headerOf, readBody } from './http.js';
import { LoopbackStub } from './loopback.js';

/**
 * A loopback HTTP + websocket stub of Binance spot, written from
 * https://github.com/binance/binance-spot-api-docs (rest-api.md, errors.md, filters.md,
 * user-data-stream.md), so the real ccxt code (signing, parsing, precision, errors) runs in tests
 * and is refused what the venue refuses: parameters an endpoint does not read (-1104), missing or
 * misplaced ones (-1102/-1106/-1114), filter failures (-1013), a client order id already open
 * (-2010 "Duplicate order sent."), a timestamp outside recvWindow (-1021), a wrong key or signature
 * (-2015/-1022), request weight over the limit (429 with Retry-After, then 418). It serves
 * STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT orders that trigger when the price moves, OCO order lists,
 * the key's apiRestrictions, the order book and trades (binance-depth.ts), market streams on `/ws…`
 * (klines, diff depth, trades) and the user data stream on `/ws-api/v3`.
 *
 * Tests can also make it fail: 429/418/5xx, a timeout that still creates the order, one that
 * creates it `delayMs` later (on `delayClock`), one that never creates it; websockets refused or dropped;
 * an answer `held` on its way (read when the request arrived, delivered at `releaseHeld()`).
 */
export interface StubFault {
  readonly method?: string;
  readonly path: string;
  /**
   * held: the venue reads the account when the request arrives, but its answer reaches the client only at
   * `releaseHeld()` — a slow network path, so what the answer says is older than pushes sent meanwhile.
   */
  readonly kind: 'rate_limit' | 'ban' | 'server_error' | 'timeout' | 'timeout_late' | 'drop' | 'held';
  readonly retryAfterSec?: number;
  readonly status?: number;
  /** timeout_late: the request takes effect this long after it arrived (on the stub's delayClock). */
  readonly delayMs?: number;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export interface StubRequest {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly apiKey: string | null;
  readonly signed: boolean;
  status: number | null;
  /** Binance's error code when refused. */
  code: number | null;
  readonly fault: StubFault['kind'] | null;
}

export interface BinanceStubOptions {
  readonly apiKey?: string;
  readonly secret?: string;
  /** The venue's clock (server time, timestamp checks); default Date.now. */
  readonly now?: () => number;
  /** The clock deferred writes (`timeout_late`) wait on; default `now`. Tests pass their fake clock. */
  readonly delayClock?: () => number;
}

export class BinanceStub extends LoopbackStub {
  readonly apiKey: string;
  readonly secret: string;
  readonly book: BinanceBook;
  readonly guard: BinanceGuard;
  /** Public order books and trades (GET /api/v3/depth, /api/v3/trades, and their streams). */
  readonly depth = new BinanceDepth();
  /** The private user data stream (WebSocket API, `/ws-api/v3`). */
  readonly userStream: BinanceUserStream;
  readonly requests: StubRequest[] = [];
  websocketAvailable = true;
  /** Websocket connections refused while `websocketAvailable` was false (clients' reconnect attempts). */
  refusedWebsockets = 0;
  /** What the API key reports about withdrawals (GET /sapi/v1/account/apiRestrictions). */
  withdrawalsEnabled = false;
  private readonly faults: StubFault[] = [];
  private readonly heldAnswers: (() => void)[] = [];
  private readonly klines = new Map<string, Candle[]>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private readonly now: () => number;

  constructor(options: BinanceStubOptions = {}) {
    super(options.delayClock ?? options.now ?? Date.now);
    this.apiKey = options.apiKey ?? 'stub-api-key-0001';
    this.secret = options.secret ?? 'stub-secret-0001';
    this.now = options.now ?? Date.now;
    this.book = new BinanceBook(this.now);
    this.guard = new BinanceGuard(this.apiKey, this.secret, this.now);
    this.userStream = new BinanceUserStream(this.book, this.apiKey, this.secret, this.now);
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as Socket, head));
  }

  override async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await super.close();
  }

  fault(fault: StubFault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** The venue recovers: every pending fault is dropped. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Candles served by /api/v3/klines for (symbol, interval), sorted by time. */
  setKlines(symbol: string, interval: string, candles: readonly Candle[]): void {
    this.klines.set(`${symbol}:${interval}`, [...candles].sort((a, b) => a.time - b.time));
  }

  /** Pushes a kline event to every websocket subscribed to `<symbol>@kline_<interval>`. */
  pushKline(symbol: string, interval: string, candle: Candle, closed: boolean): number {
    const stream = `${symbol.toLowerCase()}@kline_${interval}`;
    const message = JSON.stringify({
      e: 'kline',
      E: this.now(),
      s: symbol,
      k: { t: candle.time, T: candle.time + 59_999, s: symbol, i: interval, f: 1, L: 2, o: dec(candle.open), c: dec(candle.close), h: dec(candle.high), l: dec(candle.low), v: dec(candle.volume), n: 2, x: closed, q: '0', V: '0', Q: '0', B: '0' },
    });
    return this.broadcast(stream, message);
  }

  /** Changes levels of a symbol's book and sends the diff-depth event to `<symbol>@depth@100ms` subscribers. */
  pushDepth(symbol: string, bids: readonly [number, number][], asks: readonly [number, number][]): number {
    return this.broadcast(`${symbol.toLowerCase()}@depth@100ms`, JSON.stringify(this.depth.update(symbol, bids, asks, this.now())));
  }

  /** Prints a trade and sends it to `<symbol>@trade` subscribers. */
  pushTrade(symbol: string, price: number, qty: number, takerSide: 'buy' | 'sell'): number {
    return this.broadcast(`${symbol.toLowerCase()}@trade`, JSON.stringify(this.depth.trade(symbol, price, qty, takerSide, this.now())));
  }

  private broadcast(stream: string, message: string): number {
    let sent = 0;
    for (const [socket, streams] of this.subscriptions) {
      if (streams.has(stream)) {
        socket.send(message);
        sent++;
      }
    }
    return sent;
  }

  /** Number of websocket clients currently subscribed to a stream. */
  subscribers(stream: string): number {
    return [...this.subscriptions.values()].filter((streams) => streams.has(stream)).length;
  }

  /** Closes every websocket (an exchange-side disconnect). */
  dropWebsockets(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  /** Answers of `held` faults read at the venue and not yet delivered. */
  held(): number {
    return this.heldAnswers.length;
  }

  /** Delivers the held answers (as the venue read them when their requests arrived). */
  releaseHeld(): void {
    for (const deliver of this.heldAnswers.splice(0)) deliver();
  }

  requestsTo(method: string, path: string): StubRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const query = url.search.slice(1);
    const apiKey = headerOf(req, 'x-mbx-apikey');
    const method = req.method ?? 'GET';
    const fault = this.takeFault(method, url.pathname);
    const logged = Object.fromEntries([...new URLSearchParams(body), ...new URLSearchParams(query)]);
    const entry: StubRequest = { seq: this.requests.length + 1, method, path: url.pathname, params: logged, apiKey, signed: 'signature' in logged, status: null, code: null, fault: fault?.kind ?? null };
    this.requests.push(entry);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'x-mbx-used-weight-1m': String(this.guard.usedWeight), ...headers });
      res.end(JSON.stringify(payload));
    };
    try {
      if (fault?.kind === 'rate_limit' || fault?.kind === 'ban') {
        const status = fault.kind === 'ban' ? 418 : 429;
        throw new BinanceApiError(status, -1003, 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.', { 'retry-after': String(fault.retryAfterSec ?? 1) });
      }
      if (fault?.kind === 'server_error') throw new BinanceApiError(fault.status ?? 503, -1001, 'Internal error; unable to process your request. Please try again.');
      if (fault?.kind === 'drop') return; // the request is lost: nothing happens and nobody answers
      const run = () => this.serve(method, url.pathname, query, body, apiKey);
      // The backend takes the request but acts on it later; the client hears nothing.
      if (fault?.kind === 'timeout_late') return this.later(fault.delayMs ?? 10_000, run);
      const payload = run();
      // A timeout that still did the work: the worst case for a trading client.
      if (fault?.kind === 'timeout') return;
      if (fault?.kind === 'held') return void this.heldAnswers.push(() => send(200, payload));
      send(200, payload);
    } catch (error) {
      if (error instanceof BinanceApiError) {
        entry.code = error.code;
        return send(error.status, { code: error.code, msg: error.message }, { ...error.headers });
      }
      send(500, { code: -1000, msg: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The venue's own checks in order (weight, security, parameters), then the endpoint. */
  private serve(method: string, path: string, query: string, body: string, apiKey: string | null): unknown {
    const key = `${method} ${path}`;
    const spec = ENDPOINTS[key];
    if (!spec) throw new BinanceApiError(404, -1000, `the stub does not serve ${key}`);
    const { params, names } = requestParameters(query, body);
    this.guard.spend(spec.weight(params));
    if (spec.signed) this.guard.authenticate(apiKey, query, body, params);
    checkParameters(spec, names, params);
    if (key === 'POST /api/v3/order') {
      checkNewOrder(params);
      this.guard.countOrder();
    }
    return this.route(key, params);
  }

  private route(key: string, params: URLSearchParams): unknown {
    const now = this.now();
    switch (key) {
      case 'GET /api/v3/ping':
        return {};
      case 'GET /api/v3/time':
        return { serverTime: now };
      case 'GET /api/v3/exchangeInfo':
        return exchangeInfoBody(now);
      case 'GET /api/v3/klines': {
        const symbol = this.book.symbol(params.get('symbol')).symbol;
        const interval = params.get('interval') ?? '1m';
        return klineRows(this.klines.get(`${symbol}:${interval}`) ?? [], interval, params);
      }
      case 'GET /api/v3/depth': {
        const spec = this.book.symbol(params.get('symbol'));
        return this.depth.depthBody(spec.symbol, params, { last: this.book.price(spec.symbol), tick: Number(spec.tickSize) });
      }
      case 'GET /api/v3/trades':
        return this.depth.tradesBody(this.book.symbol(params.get('symbol')).symbol, params);
      case 'GET /api/v3/aggTrades':
        return this.depth.aggTradesBody(this.book.symbol(params.get('symbol')).symbol, params);
      case 'GET /api/v3/avgPrice': {
        const symbol = this.book.symbol(params.get('symbol')).symbol;
        return { mins: 5, price: dec(this.book.price(symbol)), closeTime: now };
      }
      case 'GET /api/v3/ticker/24hr': {
        const type = tickerType(params);
        return tickerAnswer(this.askedTickers(params), (symbol) => {
          const full = ticker24h(symbol, this.book.price(symbol), now, this.book.quoteVolume24h(symbol));
          return type === 'MINI' ? miniTicker(full) : full;
        });
      }
      case 'GET /api/v3/ticker/price':
        return tickerAnswer(this.askedTickers(params), (symbol) => ({ symbol, price: dec(this.book.price(symbol)) }));
      case 'GET /api/v3/account':
        return accountBody(this.book, now);
      case 'GET /sapi/v1/account/apiRestrictions':
        return apiRestrictionsBody(this.withdrawalsEnabled, now);
      case 'POST /api/v3/order': {
        const order = this.book.create(params);
        return createdBody(this.book, order, params.get('newOrderRespType'), orderBody(order));
      }
      case 'GET /api/v3/order':
        return orderBody(this.book.find(params));
      case 'DELETE /api/v3/order':
        return orderBody(this.book.cancel(this.findToCancel(params)));
      case 'GET /api/v3/openOrders':
        return this.book.open(params.has('symbol') ? this.book.symbol(params.get('symbol')).symbol : null).map(orderBody);
      case 'DELETE /api/v3/openOrders': {
        const open = this.book.open(this.book.symbol(params.get('symbol')).symbol);
        if (open.length === 0) throw new BinanceApiError(400, -2011, 'Unknown order sent.');
        // A leg of an order list takes its sibling with it: cancel what is still open, report every order.
        for (const order of open) if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') this.book.cancel(order);
        return open.map(orderBody);
      }
      case 'GET /api/v3/allOrders': {
        const symbol = this.book.symbol(params.get('symbol')).symbol;
        return allOrdersPage(this.book.orders.filter((o) => o.symbol === symbol), params).map(orderBody);
      }
      case 'GET /api/v3/myTrades': {
        const symbol = this.book.symbol(params.get('symbol')).symbol;
        return myTradesPage(this.book.trades.filter((t) => t.symbol === symbol), params).map(tradeBody);
      }
      case 'POST /api/v3/orderList/oco':
        this.guard.countOrder();
        return createOco(this.book, params, now);
      case 'GET /api/v3/orderList':
        return queryList(this.book, params);
      case 'DELETE /api/v3/orderList':
        return cancelList(this.book, params, now);
      default:
        throw new BinanceApiError(404, -1000, `the stub does not serve ${key}`);
    }
  }

  /** A cancel the matching engine cannot place on an order: -2011 "Unknown order sent." ("The order (by either orderId, clOrdId, origClOrdId) could not be found", errors.md). */
  private findToCancel(params: URLSearchParams): StubOrder {
    try {
      return this.book.find(params);
    } catch (error) {
      if (error instanceof BinanceApiError && error.code === -2013) throw new BinanceApiError(400, -2011, 'Unknown order sent.');
      throw error;
    }
  }

  private askedTickers(params: URLSearchParams): AskedTickers {
    return askedTickers(params, this.book.symbolIds(), (symbol) => this.book.symbol(symbol).symbol);
  }

  private takeFault(method: string, path: string): StubFault | null {
    const index = this.faults.findIndex((f) => f.path === path && (f.method === undefined || f.method === method));
    if (index < 0) return null;
    const fault = this.faults[index]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    if (!this.websocketAvailable || !(req.url ?? '').startsWith('/ws')) {
      this.refusedWebsockets++;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if ((req.url ?? '').startsWith('/ws-api/')) return this.userStream.accept(ws);
      this.subscriptions.set(ws, new Set());
      ws.on('close', () => this.subscriptions.delete(ws));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { method?: string; params?: string[]; id?: number };
        if (message.method === 'SUBSCRIBE') for (const stream of message.params ?? []) this.subscriptions.get(ws)?.add(stream);
        if (message.method === 'UNSUBSCRIBE') for (const stream of message.params ?? []) this.subscriptions.get(ws)?.delete(stream);
        ws.send(JSON.stringify({ result: null, id: message.id }));
      });
    });
  }
}

export async function startBinanceStub(options: BinanceStubOptions = {}): Promise<BinanceStub> {
  return new BinanceStub(options).start();
}

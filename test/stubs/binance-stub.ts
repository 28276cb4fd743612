import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Candle } from '../../core/market/candle.js';
import { BinanceApiError, BinanceBook, orderBody, tradeBody, type StubOrder } from './binance-book.js';
import { dec, exchangeInfoBody } from './binance-fixtures.js';
import { BinanceUserStream } from './binance-user-stream.js';
import { headerOf, readBody } from './http.js';

/**
 * A loopback HTTP + websocket stub answering Binance spot's REST API with real-shaped bodies, so
 * the real ccxt code (signing, parsing, precision, errors) runs in tests. It verifies the API-key
 * header and the HMAC signature like Binance does, logs every request, and can be told to fail:
 * 429/418 with Retry-After, 5xx, a timeout that still creates the order, websockets refused or
 * dropped. Market streams are served on `/ws…`, the private user data stream on `/ws-api/v3`.
 */
export interface StubFault {
  readonly method?: string;
  readonly path: string;
  readonly kind: 'rate_limit' | 'ban' | 'server_error' | 'timeout';
  readonly retryAfterSec?: number;
  readonly status?: number;
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
  readonly fault: StubFault['kind'] | null;
}

export interface BinanceStubOptions {
  readonly apiKey?: string;
  readonly secret?: string;
  readonly now?: () => number;
}

const PRIVATE_PATHS = new Set(['/sapi/v1/account/apiRestrictions', '/api/v3/account', '/api/v3/order', '/api/v3/openOrders', '/api/v3/myTrades', '/api/v3/allOrders']);

export class BinanceStub {
  readonly apiKey: string;
  readonly secret: string;
  readonly book: BinanceBook;
  /** The private user data stream (WebSocket API, `/ws-api/v3`). */
  readonly userStream: BinanceUserStream;
  readonly requests: StubRequest[] = [];
  websocketAvailable = true;
  /** Websocket connections refused while `websocketAvailable` was false (clients' reconnect attempts). */
  refusedWebsockets = 0;
  /** What the API key reports about withdrawals (GET /sapi/v1/account/apiRestrictions). */
  withdrawalsEnabled = false;
  private readonly faults: StubFault[] = [];
  private readonly klines = new Map<string, Candle[]>();
  private readonly sockets = new Set<Socket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly now: () => number;
  url = '';

  constructor(options: BinanceStubOptions = {}) {
    this.apiKey = options.apiKey ?? 'stub-api-key-0001';
    this.secret = options.secret ?? 'stub-secret-0001';
    this.now = options.now ?? Date.now;
    this.book = new BinanceBook(this.now);
    this.userStream = new BinanceUserStream(this.book, this.apiKey, this.secret, this.now);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as Socket, head));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
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

  requestsTo(method: string, path: string): StubRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const params = new URLSearchParams(url.search);
    for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
    const apiKey = headerOf(req, 'x-mbx-apikey');
    const method = req.method ?? 'GET';
    const fault = this.takeFault(method, url.pathname);
    const entry: StubRequest = { seq: this.requests.length + 1, method, path: url.pathname, params: Object.fromEntries(params), apiKey, signed: params.has('signature'), status: null, fault: fault?.kind ?? null };
    this.requests.push(entry);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'x-mbx-used-weight-1m': String(this.requests.length), ...headers });
      res.end(JSON.stringify(payload));
    };
    try {
      if (fault?.kind === 'rate_limit' || fault?.kind === 'ban') {
        const status = fault.kind === 'ban' ? 418 : 429;
        return send(status, { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.' }, { 'retry-after': String(fault.retryAfterSec ?? 1) });
      }
      if (fault?.kind === 'server_error') return send(fault.status ?? 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
      if (PRIVATE_PATHS.has(url.pathname)) this.authenticate(apiKey, url.search.slice(1), body);
      const payload = this.route(method, url.pathname, params);
      // A timeout that still did the work: the worst case for a trading client.
      if (fault?.kind === 'timeout') return;
      send(200, payload);
    } catch (error) {
      if (error instanceof BinanceApiError) return send(error.status, { code: error.code, msg: error.message });
      send(500, { code: -1000, msg: error instanceof Error ? error.message : String(error) });
    }
  }

  private route(method: string, path: string, params: URLSearchParams): unknown {
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /api/v3/ping':
        return {};
      case 'GET /api/v3/time':
        return { serverTime: this.now() };
      case 'GET /api/v3/exchangeInfo':
        return exchangeInfoBody(this.now());
      case 'GET /api/v3/klines':
        return this.klineRows(params);
      case 'GET /api/v3/ticker/24hr':
        return this.ticker(params.get('symbol'));
      case 'GET /api/v3/account':
        return { makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0, commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' }, canTrade: true, canWithdraw: true, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false, updateTime: this.now(), accountType: 'SPOT', balances: this.book.balances(), permissions: ['SPOT'], uid: 354937868 };
      case 'GET /sapi/v1/account/apiRestrictions':
        return { ipRestrict: false, createTime: this.now(), enableReading: true, enableSpotAndMarginTrading: true, enableWithdrawals: this.withdrawalsEnabled, enableInternalTransfer: false, enableMargin: false, enableFutures: false, permitsUniversalTransfer: false, enableVanillaOptions: false, enablePortfolioMarginTrading: false };
      case 'POST /api/v3/order':
        return this.createdBody(this.book.create(params));
      case 'GET /api/v3/order':
        return orderBody(this.book.find(params));
      case 'DELETE /api/v3/order':
        return orderBody(this.book.cancel(this.book.find(params)));
      case 'GET /api/v3/openOrders':
        return this.book.open(params.get('symbol')).map(orderBody);
      case 'DELETE /api/v3/openOrders': {
        const symbol = this.book.symbol(params.get('symbol')).symbol;
        const open = this.book.open(symbol);
        if (open.length === 0) throw new BinanceApiError(400, -2011, 'Unknown order sent.');
        return open.map((order) => orderBody(this.book.cancel(order)));
      }
      case 'GET /api/v3/myTrades': {
        const symbol = this.book.symbol(params.get('symbol')).symbol;
        const since = Number(params.get('startTime') ?? 0);
        return this.book.trades.filter((t) => t.symbol === symbol && t.time >= since).map(tradeBody);
      }
      default:
        throw new BinanceApiError(404, -1000, `the stub does not serve ${key}`);
    }
  }

  /** Binance: X-MBX-APIKEY must match; signature = HMAC-SHA256(secret, query string + body) without `signature`. */
  private authenticate(apiKey: string | null, query: string, body: string): void {
    if (apiKey !== this.apiKey) throw new BinanceApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    const strip = (text: string) => text.replace(/&?signature=[0-9a-f]+/, '');
    const signature = /signature=([0-9a-f]+)/.exec(`${query}&${body}`)?.[1];
    if (!signature) throw new BinanceApiError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    const payload = strip(query) + strip(body);
    const expected = createHmac('sha256', this.secret).update(payload).digest('hex');
    if (signature !== expected) throw new BinanceApiError(400, -1022, 'Signature for this request is not valid.');
    if (!/(^|&)timestamp=\d+/.test(payload)) throw new BinanceApiError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }

  private createdBody(order: StubOrder): unknown {
    const fills = this.book.trades.filter((t) => t.orderId === order.orderId).map((t) => ({ price: tradeBody(t)['price'], qty: tradeBody(t)['qty'], commission: tradeBody(t)['commission'], commissionAsset: t.commissionAsset, tradeId: t.id }));
    return { ...orderBody(order), transactTime: order.time, fills };
  }

  private klineRows(params: URLSearchParams): unknown[] {
    const symbol = this.book.symbol(params.get('symbol')).symbol;
    const interval = params.get('interval') ?? '1m';
    const all = this.klines.get(`${symbol}:${interval}`) ?? [];
    const limit = Math.min(1000, Number(params.get('limit') ?? 500));
    const start = params.has('startTime') ? Number(params.get('startTime')) : null;
    const end = params.has('endTime') ? Number(params.get('endTime')) : null;
    const inRange = all.filter((c) => (start === null || c.time >= start) && (end === null || c.time <= end));
    const picked = start === null ? inRange.slice(-limit) : inRange.slice(0, limit);
    const stepMs = intervalMs(interval);
    return picked.map((c) => [c.time, dec(c.open), dec(c.high), dec(c.low), dec(c.close), dec(c.volume), c.time + stepMs - 1, dec(c.volume * c.close), 10, dec(c.volume / 2), dec((c.volume * c.close) / 2), '0']);
  }

  private ticker(symbolId: string | null): unknown {
    const symbol = this.book.symbol(symbolId).symbol;
    const last = this.book.price(symbol);
    return { symbol, priceChange: '0.00000000', priceChangePercent: '0.000', weightedAvgPrice: dec(last), prevClosePrice: dec(last), lastPrice: dec(last), lastQty: '0.01000000', bidPrice: dec(last), bidQty: '1.00000000', askPrice: dec(last), askQty: '1.00000000', openPrice: dec(last), highPrice: dec(last), lowPrice: dec(last), volume: '100.00000000', quoteVolume: dec(100 * last), openTime: this.now() - 86_400_000, closeTime: this.now(), firstId: 1, lastId: 2, count: 2 };
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

function intervalMs(interval: string): number {
  const unit = interval.slice(-1);
  const count = Number(interval.slice(0, -1));
  return count * ({ m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 60_000);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { balanceEx, orderInfo, tickerInfo, tradeInfo } from './kraken-bodies.js';
import { KrakenBook, fromUnits, type KrakenOrder } from './kraken-book.js';
import { KRAKEN_ASSETS, KRAKEN_PAIRS, pairBody } from './kraken-fixtures.js';
import { checkParams, invalidArguments, KrakenAuth, KrakenCallCounter, KrakenError, KrakenTradingCounter, KRAKEN_PRIVATE } from './kraken-rules.js';
import { headerOf, readBody } from './http.js';
import { LoopbackStub } from './loopback.js';
import { depthResult, KRAKEN_DEPTH_PARAMS, KRAKEN_OHLC_PARAMS, ohlcResult } from './kraken-market-data.js';
import { MinuteBars } from './venue-candles.js';

/**
 * A loopback stub of Kraken's spot REST API (docs.kraken.com/api/docs/rest-api), with Kraken's
 * envelope `{error: [], result}`: private calls checked like Kraken does (API-Key, API-Sign,
 * increasing nonce), the parameters each endpoint documents, AddOrder's minimums and tick size,
 * funds, stop-loss orders, the REST call counter (reads) and the trading engine's per-pair limiter (orders
 * and cancels, which the REST counter does not charge), and Kraken's error strings. Orders carry
 * `cl_ord_id`, but there is no lookup by it: QueryOrders takes only `txid` (and `userref`), so an
 * order whose placement answer was lost is found in OpenOrders / ClosedOrders. Websocket upgrades
 * are refused (ccxt.pro falls back to REST). Tests can make AddOrder time out (acting now, later or
 * never), CancelAllOrdersAfter fail and Ticker be down.
 */
export interface KrakenStubRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly apiKey: string | null;
  status: number | null;
  error: string | null;
}

export interface KrakenFault {
  readonly path: string;
  readonly kind: 'timeout' | 'timeout_late' | 'drop';
  readonly delayMs?: number;
}

export interface KrakenStubOptions {
  readonly now?: () => number;
  readonly delayClock?: () => number;
}

export class KrakenStub extends LoopbackStub {
  readonly apiKey = 'stub-kraken-key-0001';
  readonly secret = Buffer.from('stub-kraken-secret-0001-0123456789').toString('base64');
  readonly requests: KrakenStubRequest[] = [];
  readonly book: KrakenBook;
  readonly counter: KrakenCallCounter;
  /** The trading engine's per-pair rate counter (AddOrder, CancelOrder). */
  readonly trading: KrakenTradingCounter;
  /** One-minute bars per pair id served by /0/public/OHLC (rolled up for longer intervals). */
  readonly candles = new MinuteBars();
  /** Fails the next N CancelAllOrdersAfter calls with a 503 (a retried heartbeat). */
  failTimerCalls = 0;
  /** While true, the public Ticker answers 503 EService:Unavailable (the venue's market data is down). */
  tickerDown = false;
  private readonly faults: KrakenFault[] = [];
  private readonly auth: KrakenAuth;
  private readonly now: () => number;

  constructor(options: KrakenStubOptions = {}) {
    super(options.delayClock ?? options.now ?? Date.now);
    this.now = options.now ?? Date.now;
    this.book = new KrakenBook(this.now);
    this.counter = new KrakenCallCounter(this.now);
    this.trading = new KrakenTradingCounter(this.now);
    this.auth = new KrakenAuth(this.apiKey, this.secret);
    this.refuseUpgrades();
  }

  fault(fault: KrakenFault): void {
    this.faults.push(fault);
  }

  /** The `timeout` (seconds) of every accepted CancelAllOrdersAfter call, in order. */
  timerCalls(): number[] {
    return this.requests.filter((r) => r.path === '/0/private/CancelAllOrdersAfter' && r.status === 200 && r.error === null).map((r) => Number(r.params['timeout']));
  }

  requestsTo(path: string): KrakenStubRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const params = Object.fromEntries([...new URLSearchParams(url.search), ...new URLSearchParams(body)]);
    const entry: KrakenStubRequest = { method, path: url.pathname, params, apiKey: headerOf(req, 'api-key'), status: null, error: null };
    this.requests.push(entry);
    const send = (status: number, payload: { error: string[]; result?: unknown }) => {
      entry.status = status;
      entry.error = payload.error[0] ?? null;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    try {
      if (url.pathname === '/0/public/Ticker' && this.tickerDown) return send(503, { error: ['EService:Unavailable'] });
      if (url.pathname.startsWith('/0/public/')) return send(200, { error: [], result: this.public(url.pathname.slice('/0/public/'.length), params) });
      const name = url.pathname.slice('/0/private/'.length);
      const endpoint = KRAKEN_PRIVATE[name];
      if (method !== 'POST' || !url.pathname.startsWith('/0/private/') || !endpoint) return send(404, { error: [`EGeneral:Unknown method`] });
      this.auth.check(entry.apiKey, headerOf(req, 'api-sign'), url.pathname, params['nonce'], body);
      this.counter.add(endpoint.weight);
      checkParams(endpoint, params);
      if (name === 'CancelAllOrdersAfter' && this.failTimerCalls > 0) {
        this.failTimerCalls--;
        return send(503, { error: ['EService:Unavailable'] });
      }
      const fault = this.takeFault(url.pathname);
      if (fault?.kind === 'drop') return;
      const run = () => this.private(name, params);
      if (fault?.kind === 'timeout_late') return this.later(fault.delayMs ?? 10_000, run);
      const result = run();
      if (fault?.kind === 'timeout') return;
      send(200, { error: [], result });
    } catch (error) {
      if (error instanceof KrakenError) return send(error.httpStatus, { error: [error.message] });
      send(500, { error: [`EGeneral:Internal error:${error instanceof Error ? error.message : String(error)}`] });
    }
  }

  private public(name: string, params: Record<string, string>): unknown {
    const allowed: Record<string, readonly string[]> = { Time: [], SystemStatus: [], Assets: ['asset', 'aclass'], AssetPairs: ['pair', 'info', 'country_code'], Ticker: ['pair', 'asset_class'], OHLC: KRAKEN_OHLC_PARAMS, Depth: KRAKEN_DEPTH_PARAMS };
    const names = allowed[name];
    if (!names) throw new KrakenError('EGeneral:Unknown method', 404);
    for (const key of Object.keys(params)) if (!names.includes(key)) throw invalidArguments(key);
    switch (name) {
      case 'Time':
        return { unixtime: Math.floor(this.now() / 1000), rfc1123: new Date(this.now()).toUTCString() };
      case 'SystemStatus':
        return { status: 'online', timestamp: new Date(this.now()).toISOString() };
      case 'Assets':
        return KRAKEN_ASSETS;
      case 'AssetPairs':
        return Object.fromEntries(KRAKEN_PAIRS.map((p) => [p.id, pairBody(p)]));
      case 'OHLC':
        return ohlcResult(params, (id) => this.book.pair(id), this.candles);
      case 'Depth':
        return depthResult(params, (id) => this.book.pair(id), (pair) => fromUnits(this.book.price(pair.id)), this.now());
      default: {
        const pairs = params['pair'] ? params['pair'].split(',').map((id) => this.book.pair(id)) : KRAKEN_PAIRS;
        return Object.fromEntries(pairs.map((p) => [p.id, tickerInfo(this.book, p.id)]));
      }
    }
  }

  private private(name: string, params: Record<string, string>): unknown {
    const book = this.book;
    const withTrades = params['trades'] === 'true';
    switch (name) {
      case 'Balance':
        return Object.fromEntries(book.assets().map((asset) => [asset, fromUnits(book.balance(asset).balance).toFixed(10)]));
      case 'BalanceEx':
        return balanceEx(book);
      case 'AddOrder': {
        // Counted on receipt, before validation (an unknown pair has no counter to charge).
        const pair = params['pair'] ? KRAKEN_PAIRS.find((p) => [p.id, p.altname, p.wsname].includes(params['pair']!)) : undefined;
        if (pair) this.trading.addOrder(pair.id);
        const order = book.add(params);
        const { descr } = orderInfo(order, false) as { descr: { order: string } };
        return { descr: { order: descr.order }, txid: [order.txid] };
      }
      case 'CancelOrder': {
        if (!params['txid'] === !params['cl_ord_id']) throw invalidArguments();
        const targets = book.open().filter((o) => (params['cl_ord_id'] ? o.clOrdId === params['cl_ord_id'] : o.txid === params['txid'] || String(o.userref) === params['txid']));
        if (targets.length === 0) throw new KrakenError('EOrder:Unknown order');
        for (const order of targets) this.trading.cancelOrder(order.pair.id, this.now() - order.opentm);
        for (const order of targets) book.cancel(order);
        return { count: targets.length, pending: false };
      }
      case 'CancelAll': {
        const open = book.open();
        for (const order of open) book.cancel(order);
        return { count: open.length };
      }
      case 'CancelAllOrdersAfter': {
        const timeout = Number(params['timeout']);
        if (!Number.isInteger(timeout) || timeout < 0 || timeout > 86_400) throw invalidArguments('timeout');
        const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
        return { currentTime: iso(this.now()), triggerTime: timeout > 0 ? iso(this.now() + timeout * 1000) : '0' };
      }
      case 'OpenOrders':
        return { open: this.infos(book.open(), params, withTrades) };
      case 'ClosedOrders': {
        // "50 results are returned at a time, the most recent by default" (docs.kraken.com/api/docs/rest-api/get-closed-orders):
        // the filters (userref, cl_ord_id, start, end) pick the orders, `count` is all of them, `ofs` pages.
        const closed = book.orders.filter((o) => o.status !== 'open' && inWindow(o.closetm, params) && picked(o, params));
        const page = mostRecentPage(closed, (o) => o.closetm, params);
        return { closed: Object.fromEntries(page.map((o) => [o.txid, orderInfo(o, withTrades)])), count: closed.length };
      }
      case 'QueryOrders': {
        const ids = params['txid']!.split(',');
        if (ids.length > 50) throw invalidArguments('txid');
        const found = ids.map((id) => book.orders.find((o) => o.txid === id));
        if (found.some((o) => o === undefined)) throw new KrakenError('EOrder:Invalid order');
        return Object.fromEntries(found.map((o) => [o!.txid, orderInfo(o!, withTrades)]));
      }
      default: {
        // TradesHistory: "50 results are returned at a time, the most recent by default" (docs.kraken.com/api/docs/rest-api/get-trade-history).
        const trades = book.trades.filter((t) => inWindow(t.time, params));
        const page = mostRecentPage(trades, (t) => t.time, params);
        return { trades: Object.fromEntries(page.map((t) => [t.id, tradeInfo(t)])), count: trades.length };
      }
    }
  }

  /** Orders keyed by txid, filtered by `userref` / `cl_ord_id` like OpenOrders does. */
  private infos(orders: readonly KrakenOrder[], params: Record<string, string>, withTrades: boolean): Record<string, unknown> {
    return Object.fromEntries(orders.filter((o) => picked(o, params)).map((o) => [o.txid, orderInfo(o, withTrades)]));
  }

  private takeFault(path: string): KrakenFault | null {
    const index = this.faults.findIndex((f) => f.path === path);
    return index < 0 ? null : this.faults.splice(index, 1)[0]!;
  }
}

/** The `userref` / `cl_ord_id` filters of OpenOrders and ClosedOrders. */
function picked(order: KrakenOrder, params: Record<string, string>): boolean {
  return (!params['userref'] || String(order.userref) === params['userref']) && (!params['cl_ord_id'] || order.clOrdId === params['cl_ord_id']);
}

/** `start` and `end` (unix seconds; the stub takes no tx ids there): from start, up to end inclusive. */
function inWindow(timeMs: number, params: Record<string, string>): boolean {
  const start = params['start'] ? Number(params['start']) * 1000 : 0;
  const end = params['end'] ? Number(params['end']) * 1000 : Infinity;
  return timeMs >= start && timeMs <= end;
}

/** Kraken's page of a history listing: the most recent first, 50 from offset `ofs`. */
function mostRecentPage<T>(items: readonly T[], timeOf: (item: T) => number, params: Record<string, string>): T[] {
  const offset = params['ofs'] ? Number(params['ofs']) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalidArguments('ofs');
  return [...items].reverse().sort((a, b) => timeOf(b) - timeOf(a)).slice(offset, offset + KRAKEN_HISTORY_PAGE);
}

const KRAKEN_HISTORY_PAGE = 50;

export async function startKrakenStub(options: KrakenStubOptions = {}): Promise<KrakenStub> {
  return new KrakenStub(options).start();
}

import { createHmac } from 'node:crypto';
import type { WebSocket } from 'ws';
import { fromUnits, type BinanceBook, type BookExecution, type StubOrder } from './binance-book.js';
import { dec } from './binance-fixtures.js';

/**
 * Binance spot's private user data stream as the WebSocket API serves it (`/ws-api/v3`): the client
 * sends `userDataStream.subscribe.signature` (apiKey + timestamp, HMAC-signed like REST), and from
 * then on every change of the book's orders is pushed as an `executionReport` followed by an
 * `outboundAccountPosition` with the balances it touched — wrapped as `{ subscriptionId, event }`.
 * Like the real venue, nothing is replayed: a change made while no socket listens is only visible
 * over REST.
 */
interface ApiRequest {
  readonly id?: string | number;
  readonly method?: string;
  readonly params?: Record<string, string | number>;
}

export class BinanceUserStream {
  /** Sockets subscribed to the user data stream, with their subscription id. */
  private readonly subscribed = new Map<WebSocket, number>();
  private nextSubscriptionId = 0;
  /** Events pushed so far (executionReport and outboundAccountPosition), for assertions. */
  readonly pushed: { readonly e: string; readonly X?: string; readonly c?: string }[] = [];
  /**
   * While true, subscribe requests wait unanswered until `releaseSubscriptions()`: a venue slow to take
   * the subscription, so a test can move the market in between. `userDataStream.subscribe.signature`
   * subscribes the connection it arrives on; events reach it from then on, none from before
   * (https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests).
   */
  holdSubscriptions = false;
  private readonly held: (() => void)[] = [];

  constructor(
    private readonly book: BinanceBook,
    private readonly apiKey: string,
    private readonly secret: string,
    private readonly now: () => number,
  ) {
    book.executions.add((change) => this.push(change));
  }

  /** Sockets currently subscribed. */
  subscribers(): number {
    return this.subscribed.size;
  }

  /** Subscribe requests waiting while `holdSubscriptions` is set. */
  heldSubscriptions(): number {
    return this.held.length;
  }

  /** Answers the held subscribe requests (and stops holding new ones). */
  releaseSubscriptions(): void {
    this.holdSubscriptions = false;
    for (const answer of this.held.splice(0)) answer();
  }

  /** Serves one accepted `/ws-api/v3` socket. */
  accept(ws: WebSocket): void {
    ws.on('close', () => this.subscribed.delete(ws));
    ws.on('message', (data) => {
      let request: ApiRequest;
      try {
        request = JSON.parse(String(data)) as ApiRequest;
      } catch {
        return ws.send(JSON.stringify({ id: null, status: 400, error: { code: -1102, msg: 'Malformed request.' } }));
      }
      // A held request whose socket closed meanwhile is never answered.
      const answer = () => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(this.answer(ws, request)));
      };
      if (this.holdSubscriptions && request.method === 'userDataStream.subscribe.signature') this.held.push(answer);
      else answer();
    });
  }

  private answer(ws: WebSocket, request: ApiRequest): object {
    const id = request.id ?? null;
    if (request.method === 'userDataStream.subscribe.signature') {
      const refusal = this.verify(request.params ?? {});
      if (refusal) return { id, status: 400, error: refusal };
      const subscriptionId = this.nextSubscriptionId++;
      this.subscribed.set(ws, subscriptionId);
      return { id, status: 200, result: { subscriptionId } };
    }
    if (request.method === 'userDataStream.unsubscribe') {
      this.subscribed.delete(ws);
      return { id, status: 200, result: {} };
    }
    return { id, status: 400, error: { code: -1100, msg: `the stub does not serve ${String(request.method)}` } };
  }

  /** Binance: apiKey must match; signature = HMAC-SHA256(secret, the other params sorted by key as key=value&…). */
  private verify(params: Record<string, string | number>): { code: number; msg: string } | null {
    if (params['apiKey'] !== this.apiKey) return { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
    if (params['timestamp'] === undefined) return { code: -1102, msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed." };
    const payload = Object.keys(params)
      .filter((key) => key !== 'signature')
      .sort()
      .map((key) => `${key}=${String(params[key])}`)
      .join('&');
    const expected = createHmac('sha256', this.secret).update(payload).digest('hex');
    return params['signature'] === expected ? null : { code: -1022, msg: 'Signature for this request is not valid.' };
  }

  private push(change: BookExecution): void {
    const time = this.now();
    const report = executionReport(change, time);
    const position = { e: 'outboundAccountPosition', E: time, u: time, B: change.assets.map((asset) => toPosition(this.book.balanceOf(asset))) };
    for (const event of [report, position]) {
      this.pushed.push(event);
      for (const [ws, subscriptionId] of this.subscribed) ws.send(JSON.stringify({ subscriptionId, event }));
    }
  }
}

function toPosition(balance: { asset: string; free: string; locked: string }) {
  return { a: balance.asset, f: balance.free, l: balance.locked };
}

/** Binance's executionReport for one order change (field names as the venue sends them). */
function executionReport({ execution, order, trade }: BookExecution, time: number) {
  const lastQty = trade ? trade.qty : 0;
  const lastPrice = trade ? trade.price : 0;
  // A cancel carries the cancel request's own id in `c` and the order's in `C`.
  const canceled = execution === 'CANCELED';
  return {
    e: 'executionReport',
    E: time,
    s: order.symbol,
    c: canceled ? `web_cancel_${order.orderId}` : order.clientOrderId,
    S: order.side,
    o: order.type,
    f: 'GTC',
    q: units(order.origQty),
    p: units(order.price),
    P: units(order.stopPrice),
    F: '0.00000000',
    g: -1,
    C: canceled ? order.clientOrderId : '',
    x: execution,
    X: order.status,
    r: 'NONE',
    i: order.orderId,
    l: units(lastQty),
    z: units(order.executedQty),
    L: units(lastPrice),
    n: trade ? units(trade.commission) : '0',
    N: trade ? trade.commissionAsset : null,
    T: order.updateTime,
    t: trade ? trade.id : -1,
    v: 0,
    I: order.orderId * 2 + (trade ? 1 : 0),
    w: order.status === 'NEW',
    m: trade ? trade.isMaker : false,
    M: false,
    O: order.time,
    Z: units(order.cummulativeQuoteQty),
    Y: units(Math.round((lastQty * lastPrice) / 1e8)),
    Q: '0.00000000',
    W: order.time,
    V: 'EXPIRE_MAKER',
  };
}

const units = (value: StubOrder['price']): string => dec(fromUnits(value));

import { AsyncLocalStorage } from 'node:async_hooks';
import * as ccxt from 'ccxt';
import type { Exchange, Order } from 'ccxt';
import type { RateBudget } from './rate-budget.js';
import { freshRequest, type FreshRequest, type SignedRequest } from './fresh-request.js';
import { exchangeOnSocket, RawHttpError, type RawResponse } from './raw-http.js';
import type { WarmConnections } from './warm-connections.js';

/**
 * The cancel of every open order, built ahead, so the emergency stop's cancels leave in the button's own
 * turn: while an order is open, ccxt's own `cancelOrder` runs once with its send caught (nothing leaves) and
 * the request it would have sent — endpoint, parameters, rate cost — is kept, built as far as it can be
 * ahead (fresh-request.ts). At the trigger only what must be fresh is made — the timestamp and its
 * signature — and the request is written in one go on a connection opened ahead (raw-http.ts), with no
 * await before the next order's. The venue's answer
 * then goes back through ccxt — its response and error handling, and its `cancelOrder` again with the send
 * answered by what arrived — so the result is exactly what ccxt's own cancel gives. Not for venues whose
 * private calls must arrive one at a time in nonce order (Kraken): there the calls queue anyway.
 */

interface CapturedRequest {
  readonly path: unknown;
  readonly api: unknown;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly headers: unknown;
  readonly body: unknown;
  /** The rate budget's cost of the request (ccxt's per-endpoint cost). */
  readonly cost: number;
}

type Fetch2 = (path: unknown, api?: unknown, method?: unknown, params?: unknown, headers?: unknown, body?: unknown, config?: unknown) => Promise<unknown>;
interface ClientInternals {
  fetch2: Fetch2;
  calculateRateLimiterCost(api: unknown, method: unknown, path: unknown, params: unknown, config: unknown): number;
  sign(path: unknown, api: unknown, method: unknown, params: unknown, headers: unknown, body: unknown): SignedRequest;
  nonce(): number;
  secret: string | undefined;
  handleRestResponse(response: unknown, url: string, method: string, headers: unknown, body: unknown): Promise<unknown>;
  setHeaders(headers: Record<string, unknown>): Record<string, unknown>;
  headers: Record<string, unknown> | undefined;
  userAgent: unknown;
  user_agent: unknown;
  userAgents: Record<string, unknown> | undefined;
  timeout: number;
}

/** What ccxt's send does inside a context: record the request and send nothing, or answer with what already arrived. */
type SendMode = { readonly kind: 'capture'; readonly sink: (request: CapturedRequest) => void } | { readonly kind: 'replay'; readonly answer: Promise<unknown>; used: boolean };

const CAPTURED = new Error('captured: not sent');
const PENDING = 'pending';

export class PreparedCancels {
  private readonly requests = new Map<string, { readonly symbol: string; readonly cost: number; readonly request: FreshRequest } | typeof PENDING>();
  private readonly mode = new AsyncLocalStorage<SendMode>();
  private readonly client: ClientInternals;

  constructor(
    private readonly exchange: Exchange,
    private readonly connections: WarmConnections,
    private readonly budget: RateBudget,
    private readonly enabled: boolean,
  ) {
    this.client = exchange as unknown as ClientInternals;
    if (!enabled) return;
    const original = this.client.fetch2.bind(exchange);
    this.client.fetch2 = (path, api = 'public', method = 'GET', params = {}, headers, body, config = {}) => {
      const mode = this.mode.getStore();
      if (mode?.kind === 'capture') {
        const cost = this.client.calculateRateLimiterCost(api, method, path, params, config);
        mode.sink({ path, api, method: String(method), params: { ...(params as Record<string, unknown>) }, headers, body, cost });
        return Promise.reject(CAPTURED);
      }
      if (mode?.kind === 'replay' && !mode.used) {
        mode.used = true;
        return mode.answer;
      }
      return original(path, api, method, params, headers, body, config);
    };
  }

  /** Follows an order the venue reported: an open one gets its cancel built (once), a closed one's is dropped. */
  follow(exchangeOrderId: string | null, symbol: string, open: boolean): void {
    if (!this.enabled || !exchangeOrderId) return;
    if (!open) {
      this.requests.delete(exchangeOrderId);
      return;
    }
    if (this.requests.has(exchangeOrderId)) return;
    this.requests.set(exchangeOrderId, PENDING);
    let captured: CapturedRequest | null = null;
    const capture = { kind: 'capture' as const, sink: (request: CapturedRequest) => (captured ??= request) };
    void this.mode.run(capture, () => this.exchange.cancelOrder(exchangeOrderId, symbol)).then(
      () => this.requests.delete(exchangeOrderId), // it sent nothing and answered: not a cancel this can prepare
      () => {
        if (this.requests.get(exchangeOrderId) !== PENDING) return; // closed meanwhile
        // Only a write is a cancel; ccxt asking something first (a read) means this venue's cancel is not one request.
        const request: CapturedRequest | null = captured;
        const fresh = request !== null && request.method !== 'GET' ? this.built(request) : null;
        if (fresh && request) this.requests.set(exchangeOrderId, { symbol, cost: request.cost, request: fresh });
        else this.requests.delete(exchangeOrderId);
      },
    );
  }

  /**
   * Signs the order's prepared cancel now (fresh timestamp) and writes it on a connection opened ahead,
   * in the caller's turn. Null when it cannot leave that way (not prepared, no idle connection, the cancel
   * lane's allowance spent): the caller sends it the usual way. Resolves with ccxt's result of the cancel,
   * or rejects with ccxt's error for the venue's answer.
   */
  sendNow(exchangeOrderId: string, symbol: string): Promise<Order> | null {
    const entry = this.requests.get(exchangeOrderId);
    if (entry === undefined || entry === PENDING || entry.symbol !== symbol || !this.connections.keeping) return null;
    const socket = this.connections.take(entry.request.origin);
    if (socket === null) return null;
    let built: ReturnType<FreshRequest['build']> | null = null;
    try {
      if (this.budget.spendCancelNow(entry.cost)) built = entry.request.build();
    } catch {
      built = null;
    }
    if (built === null) {
      socket.destroy(); // the pool replaces it
      return null;
    }
    const { signed, bytes } = built;
    const answer = exchangeOnSocket(socket, bytes, { method: signed.method, origin: entry.request.origin.origin }, this.client.timeout);
    return answer.then(
      (response) => this.replay(exchangeOrderId, symbol, response, signed),
      (error: unknown) => Promise.reject(asCcxtError(error, signed)),
    );
  }

  /** The request built as far as it can be ahead; null when ccxt cannot sign it. */
  private built(request: CapturedRequest): FreshRequest | null {
    const client = this.client;
    try {
      return freshRequest({
        sign: () => client.sign(request.path, request.api, request.method, { ...request.params }, request.headers, request.body),
        headersOf: (headers) => this.headersOf(headers),
        secret: client.secret,
        nonce: () => client.nonce(),
      });
    } catch {
      return null;
    }
  }

  /** ccxt's response handling (errors, Retry-After) and its cancelOrder's own parse of the answer. */
  private replay(exchangeOrderId: string, symbol: string, response: RawResponse, signed: SignedRequest): Promise<Order> {
    const fetchLike = { status: response.status, statusText: response.statusText, headers: response.headers, text: () => Promise.resolve(response.body) };
    const answer = Promise.resolve().then(() => this.client.handleRestResponse(fetchLike, signed.url, signed.method, signed.headers, signed.body));
    answer.catch(() => undefined); // awaited by ccxt's cancelOrder below; never left unhandled
    return this.mode.run({ kind: 'replay', answer, used: false }, () => this.exchange.cancelOrder(exchangeOrderId, symbol));
  }

  /** The headers ccxt's fetch would send: its defaults, its user agent, then the signer's. */
  private headersOf(signedHeaders: SignedRequest['headers']): Record<string, string> {
    const client = this.client;
    const agent = client.userAgent ?? client.user_agent ?? client.userAgents?.['chrome'];
    const agentHeaders = typeof agent === 'string' && agent !== '' ? { 'User-Agent': agent } : agent && typeof agent === 'object' && 'User-Agent' in agent ? (agent as Record<string, unknown>) : {};
    const merged = client.setHeaders({ ...agentHeaders, ...client.headers, ...signedHeaders });
    return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined && value !== null).map(([name, value]) => [name, String(value)]));
  }
}

function asCcxtError(error: unknown, signed: SignedRequest): Error {
  const what = `${signed.method} ${signed.url.split('?')[0]}`;
  if (error instanceof RawHttpError) return error.timedOut ? new ccxt.RequestTimeout(`${what}: ${error.message}`) : new ccxt.NetworkError(`${what}: ${error.message}`);
  return error instanceof Error ? error : new ccxt.NetworkError(`${what}: ${String(error)}`);
}

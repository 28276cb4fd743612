import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent } from 'node:http';
import ccxt, { type Exchange } from 'ccxt';
import { baseUrlProblem } from './base-url.js';
import { ExchangeError } from './errors.js';
import { parseRetryAfter, type WithRetryAfter } from './error-map.js';
import { RateBudget } from './rate-budget.js';
import { useNativeHmac } from './ccxt-transport.js';

/** How Halyard reaches one exchange account (or, without credentials, one venue's public data). */
export interface CcxtAccountConfig {
  /** A ccxt exchange id: binance, kraken, coinbase, bybit, okx, … */
  readonly exchange: string;
  readonly apiKey?: string;
  readonly secret?: string;
  /** Passphrase (OKX, Coinbase, KuCoin …). */
  readonly password?: string;
  /** Use the venue's testnet via ccxt `setSandboxMode(true)`. */
  readonly sandbox?: boolean;
  /**
   * Replaces scheme, host and port of every REST and websocket URL of the venue, keeping the
   * paths (self-hosted proxies, the loopback stub in tests). A path in the base URL is prefixed.
   */
  readonly baseUrl?: string | null;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  /**
   * Market families to load where ccxt lets us choose (Binance, Bybit): default Binance spot only,
   * Bybit spot and USDT perpetuals (`linear`); never Bybit's option chains (Halyard does not trade them).
   */
  readonly marketTypes?: readonly ('spot' | 'linear' | 'inverse')[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface CcxtClientOptions {
  /**
   * The account's shared request budget (replaces ccxt's per-instance throttler), or a function
   * that picks it once the client exists (so the budget can use the venue's ccxt rate limit).
   */
  readonly budget: RateBudget | ((client: Exchange) => RateBudget);
  readonly now?: () => number;
}

/**
 * Bursts a venue documents, in ccxt cost units. Kraken's REST call counter (docs.kraken.com "Spot REST
 * rate limits", Starter tier) allows 15 calls before it refuses and decays by 0.33 a second; ccxt
 * charges a counted call 3 units at 1 unit a second, and the budget lets a call start while any level
 * is left: 39 units are 14 calls, one below the counter's maximum.
 */
const VENUE_BURST: Readonly<Record<string, number>> = { kraken: 39 };
/**
 * What background polling leaves for the trader's own calls, in cost units: on Kraken three counted calls
 * (the emergency stop's check of open orders, a flatten's lookups) are always there at once. Orders and
 * cancels themselves are not on the REST counter (Kraken's trading engine limits them per pair).
 */
const VENUE_RESERVE: Readonly<Record<string, number>> = { kraken: 9 };

/** A budget matching ccxt's own limiter for this venue (leaky bucket at 1 cost unit per `rateLimit` ms), with the burst the venue documents. */
export function budgetLike(client: Exchange, now?: () => number, sleep?: (ms: number) => Promise<void>): RateBudget {
  const rateLimit = client.rateLimit !== undefined && client.rateLimit > 0 ? client.rateLimit : 50;
  const capacity = VENUE_BURST[String(client.id)];
  const reserve = VENUE_RESERVE[String(client.id)];
  return new RateBudget({ refillPerMs: 1 / rateLimit, ...(capacity !== undefined ? { capacity } : {}), ...(reserve !== undefined ? { reserve } : {}), ...(now ? { now } : {}), ...(sleep ? { sleep } : {}) });
}

/** Every ccxt exchange id Halyard can instantiate (REST). */
export function supportedExchangeIds(): readonly string[] {
  return ccxt.exchanges;
}

export function hasWebsocketSupport(exchangeId: string): boolean {
  return (ccxt.pro as unknown as { exchanges: readonly string[] }).exchanges.includes(exchangeId);
}

/**
 * Builds the one ccxt instance for an account: the ccxt.pro class when the venue has one (it
 * does REST too, so REST and websockets share one budget), configured for safety:
 * no ccxt-level retries (they would resend order POSTs), our timeout, our shared budget,
 * sandbox and base URL applied, and a hook that records Retry-After (ccxt ignores it).
 */
export function createCcxtClient(config: CcxtAccountConfig, options: CcxtClientOptions): Exchange {
  const id = config.exchange;
  const proClasses = ccxt.pro as unknown as Record<string, new (settings: object) => Exchange>;
  const restClasses = ccxt as unknown as Record<string, new (settings: object) => Exchange>;
  const ExchangeClass = hasWebsocketSupport(id) ? proClasses[id] : ccxt.exchanges.includes(id) ? restClasses[id] : undefined;
  if (!ExchangeClass) throw new ExchangeError('invalid_order', `"${id}" is not an exchange ccxt supports (see exchanges.list)`);

  const client = new ExchangeClass({
    apiKey: config.apiKey,
    secret: config.secret,
    password: config.password,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    enableRateLimit: true,
    // ccxt would retry any failed request, order POSTs included: a duplicate-order factory.
    options: {
      maxRetriesOnFailure: 0,
      // Private currency metadata is not needed to trade and costs weight on every start.
      fetchCurrencies: false,
      fetchMargins: false,
      warnOnFetchOpenOrdersWithoutSymbol: false,
      ...(id.startsWith('binance') ? { fetchMarkets: { types: [...(config.marketTypes ?? ['spot'])] } } : {}),
      ...(id.startsWith('bybit') ? { fetchMarkets: { types: [...(config.marketTypes ?? ['spot', 'linear'])] } } : {}),
    },
  });
  if (config.sandbox) client.setSandboxMode(true);
  if (config.baseUrl) {
    const problem = baseUrlProblem(config.baseUrl);
    if (problem) throw new ExchangeError('invalid_order', `baseUrl ${problem}`);
    client.urls['api'] = rebaseUrls(client.urls['api'], config.baseUrl) as typeof client.urls.api;
    // ccxt.pro refuses plain ws:// unless an http agent is set (a self-hosted proxy or the stub).
    if (new URL(config.baseUrl).protocol === 'http:') client.httpAgent = new Agent({ keepAlive: true });
  }

  useNativeHmac(client);
  const lane = keyLane(config);
  strictlyIncreasingNonce(client, lane);
  const budget = typeof options.budget === 'function' ? options.budget(client) : options.budget;
  client.throttle = (cost?: number) => budget.acquire(cost ?? 1);
  if (NONCE_ORDERED.has(id)) privateRequestsInNonceOrder(client, lane);
  recordRetryAfter(client, budget, options.now ?? Date.now);
  if (hasWebsocketSupport(id)) markWebsocketFuturesHandled(client);
  return client;
}

/** What every client of one API key shares: the last nonce handed out and the tail of its private-request queue. */
interface KeyLane {
  lastNonce: number;
  tail: Promise<unknown>;
}
const keyLanes = new Map<string, KeyLane>();

function keyLane(config: CcxtAccountConfig): KeyLane {
  const key = `${config.exchange}\u0000${config.sandbox ? 'sandbox' : ''}\u0000${config.apiKey ?? ''}`;
  let lane = keyLanes.get(key);
  if (!lane) keyLanes.set(key, (lane = { lastNonce: 0, tail: Promise.resolve() }));
  return lane;
}

/**
 * ccxt's nonce is the millisecond clock, so two private calls in one millisecond carry the same
 * nonce, and Kraken refuses a nonce "less than or equal to the last accepted nonce for this API key"
 * (EAPI:Invalid nonce; docs.kraken.com recommends a counter when calls share a key). Every client of
 * one key hands out strictly increasing values from one counter instead.
 */
function strictlyIncreasingNonce(client: Exchange, lane: KeyLane): void {
  const original = client.nonce.bind(client);
  client.nonce = () => {
    const value = Math.max(Number(original()), lane.lastNonce + 1);
    lane.lastNonce = value;
    return value;
  };
}

/** Venues whose private calls must arrive in nonce order (Kraken's API keys have no nonce window by default). */
const NONCE_ORDERED = new Set(['kraken']);

/** True when the venue's private calls go one at a time (so cancels cannot leave together). */
export function privateCallsInNonceOrder(exchangeId: string): boolean {
  return NONCE_ORDERED.has(exchangeId);
}

/**
 * Two private calls in flight at once can reach the venue in the other order (separate sockets), and
 * the later nonce arriving first makes Kraken refuse the earlier one — an order, a cancel — with
 * EAPI:Invalid nonce. Private calls of one key therefore go one at a time, each signed (nonce taken)
 * only when the previous one has been answered. Public calls are not held up.
 */
function privateRequestsInNonceOrder(client: Exchange, lane: KeyLane): void {
  type Fetch2 = (path: unknown, api?: unknown, method?: unknown, params?: unknown, headers?: unknown, body?: unknown, config?: unknown) => Promise<unknown>;
  const target = client as unknown as { fetch2: Fetch2; throttle: (cost?: number) => Promise<unknown>; calculateRateLimiterCost: (...args: unknown[]) => number };
  const original = target.fetch2.bind(client);
  const throttle = target.throttle.bind(client);
  const paid = new AsyncLocalStorage<true>();
  // The rate budget is paid before queueing (a cancel in the cancel lane never waits behind a throttled read), not again inside.
  target.throttle = (cost?: number) => (paid.getStore() ? Promise.resolve() : throttle(cost));
  target.fetch2 = async (path, api = 'public', method = 'GET', params = {}, headers, body, config = {}) => {
    if (api !== 'private') return original(path, api, method, params, headers, body, config);
    await throttle(target.calculateRateLimiterCost(api, method, path, params, config));
    const run = lane.tail.then(() => paid.run(true, () => original(path, api, method, params, headers, body, config)));
    lane.tail = run.catch(() => undefined);
    return run;
  };
}

interface WsClientLike {
  future(messageHash: string): Promise<unknown>;
  send(message: unknown): Promise<unknown>;
  halyardFuturesHandled?: boolean;
}

/**
 * ccxt.pro creates some websocket futures nobody awaits (binance's private user-data subscription
 * creates one "for concurrent callers" and rejects it when the socket fails), and sends a throttled
 * (un)subscribe message without awaiting it, which rejects when the socket closed meanwhile (an
 * order book unwatched as the app closes). An unhandled rejection terminates Node, so every future
 * and every send gets a no-op handler; callers that do await one still receive its rejection (a
 * handler on a promise does not swallow it for others).
 */
function markWebsocketFuturesHandled(client: Exchange): void {
  const exchange = client as unknown as { client(url: string): WsClientLike };
  const original = exchange.client.bind(client);
  exchange.client = (url: string) => {
    const ws = original(url);
    if (!ws.halyardFuturesHandled) {
      const future = ws.future.bind(ws);
      ws.future = (messageHash: string) => {
        const promise = future(messageHash);
        promise.catch(() => undefined);
        return promise;
      };
      const send = ws.send.bind(ws);
      ws.send = (message: unknown) => {
        const promise = send(message);
        promise.catch(() => undefined);
        return promise;
      };
      ws.halyardFuturesHandled = true;
    }
    return ws;
  };
}

/** Rewrites every URL string in ccxt's (possibly nested) `urls.api` onto `baseUrl`, keeping paths. */
export function rebaseUrls(api: unknown, baseUrl: string): unknown {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && /^(https?|wss?):\/\//.test(value)) {
      const original = new URL(value);
      const secure = base.protocol === 'https:';
      const scheme = original.protocol.startsWith('ws') ? (secure ? 'wss:' : 'ws:') : base.protocol;
      // `https://api.kraken.com` has pathname "/" although the string has none: keep it off, or paths double up.
      const path = original.pathname === '/' && !/^[a-z]+:\/\/[^/]+\/$/.test(value) ? '' : original.pathname;
      return `${scheme}//${base.host}${prefix}${path}${original.search}`;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  return rewrite(api);
}

/**
 * A venue's rate-limit answer that carries no Retry-After but whose hold-off is documented: Bybit's HTTP IP limit,
 * "403, access too frequent … terminate all HTTP sessions and wait for at least 10 minutes" (bybit-exchange
 * docs/v5/rate-limit/rate-limit.mdx, "HTTP IP limit").
 */
const DOCUMENTED_HOLD_OFF: Readonly<Record<string, { readonly status: number; readonly ms: number }>> = { bybit: { status: 403, ms: 600_000 } };

/**
 * ccxt drops Retry-After on the floor. We read it from the raw response (or take the venue's documented
 * hold-off), attach it to the error ccxt throws, and pause the whole account's budget so no other caller hammers the venue.
 */
function recordRetryAfter(client: Exchange, budget: RateBudget, now: () => number): void {
  const original = client.handleRestResponse.bind(client);
  const holdOff = DOCUMENTED_HOLD_OFF[client.id];
  client.handleRestResponse = (response: { status: number; headers: unknown }, ...rest: unknown[]) =>
    Promise.resolve((original as (...args: unknown[]) => unknown)(response, ...rest)).catch((error: unknown) => {
      const documented = holdOff?.status === response.status ? holdOff.ms : undefined;
      if (response.status === 429 || response.status === 418 || documented !== undefined) {
        const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), now()) ?? documented;
        if (retryAfterMs !== undefined) {
          budget.pauseFor(retryAfterMs);
          if (error && typeof error === 'object') (error as WithRetryAfter).retryAfterMs = retryAfterMs;
        }
      }
      throw error;
    });
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

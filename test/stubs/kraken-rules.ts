import { createHash, createHmac } from 'node:crypto';

/**
 * Kraken spot REST rules, from docs.kraken.com: the authentication guide (API-Key, API-Sign =
 * base64 HMAC-SHA512 of URI path + SHA256(nonce + POST data) with the base64-decoded secret; a nonce
 * "less than or equal to the last accepted nonce for this API key" is EAPI:Invalid nonce), the
 * "Spot Error Messages" guide (every error is HTTP 200 with `{error: ["E…:…"]}`), and the request
 * bodies of the endpoints the stub serves (api-reference/trading/add-order, cancel-order,
 * cancel-all-orders, cancel-all-orders-after; account-data/get-account-balance,
 * get-extended-balance, get-open-orders, get-closed-orders, query-orders-info, get-trade-history).
 *
 * Kraken's older support text says unknown parameters are ignored; the stub refuses them
 * (EGeneral:Invalid arguments:<name>, the form Kraken uses for a bad argument) so Halyard never
 * relies on a parameter Kraken would silently drop.
 */
export class KrakenError extends Error {
  constructor(
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
  }
}

export interface KrakenEndpoint {
  readonly params: readonly string[];
  readonly mandatory?: readonly string[];
  /** Weight on the REST call counter (AddOrder and CancelOrder have their own limiter and weigh 0). */
  readonly weight: number;
}

const ADD_ORDER = [
  'userref', 'cl_ord_id', 'ordertype', 'type', 'volume', 'displayvol', 'pair', 'asset_class', 'price', 'price2', 'trigger', 'leverage', 'reduce_only', 'stptype', 'oflags', 'timeinforce',
  'starttm', 'expiretm', 'close[ordertype]', 'close[price]', 'close[price2]', 'deadline', 'validate',
];

export const KRAKEN_PRIVATE: Readonly<Record<string, KrakenEndpoint>> = {
  Balance: { params: [], weight: 1 },
  BalanceEx: { params: [], weight: 1 },
  AddOrder: { params: ADD_ORDER, mandatory: ['ordertype', 'type', 'volume', 'pair'], weight: 0 },
  CancelOrder: { params: ['txid', 'cl_ord_id'], weight: 0 },
  // "All other API calls increase this counter by 1 (except AddOrder, CancelOrder which operate on a different
  // limiter)" (docs.kraken.com/api/docs/guides/spot-rest-ratelimits): cancel-all and its timer are counted.
  CancelAll: { params: [], weight: 1 },
  CancelAllOrdersAfter: { params: ['timeout'], mandatory: ['timeout'], weight: 1 },
  OpenOrders: { params: ['trades', 'userref', 'cl_ord_id', 'rebase_multiplier'], weight: 1 },
  ClosedOrders: { params: ['trades', 'userref', 'cl_ord_id', 'start', 'end', 'ofs', 'closetime', 'consolidate_taker', 'without_count', 'rebase_multiplier'], weight: 1 },
  QueryOrders: { params: ['trades', 'userref', 'txid', 'consolidate_taker', 'rebase_multiplier'], mandatory: ['txid'], weight: 1 },
  TradesHistory: { params: ['type', 'trades', 'start', 'end', 'ofs', 'without_count', 'consolidate_taker', 'ledgers', 'rebase_multiplier'], weight: 2 },
};

export const invalidArguments = (name?: string) => new KrakenError(name ? `EGeneral:Invalid arguments:${name}` : 'EGeneral:Invalid arguments');

export function checkParams(endpoint: KrakenEndpoint, params: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(params)) if (name !== 'nonce' && name !== 'otp' && !endpoint.params.includes(name)) throw invalidArguments(name);
  for (const name of endpoint.mandatory ?? []) if (!params[name]) throw invalidArguments(name);
}

/** Verifies key and signature and that the nonce increases; remembers the last accepted nonce per key. */
export class KrakenAuth {
  private lastNonce = 0n;

  constructor(
    private readonly apiKey: string,
    private readonly secret: string,
  ) {}

  check(apiKey: string | null, signature: string | null, path: string, nonce: string | undefined, body: string): void {
    if (apiKey !== this.apiKey) throw new KrakenError('EAPI:Invalid key');
    if (!signature) throw new KrakenError('EAPI:Invalid signature');
    const hash = createHash('sha256').update((nonce ?? '') + body).digest();
    const expected = createHmac('sha512', Buffer.from(this.secret, 'base64')).update(Buffer.concat([Buffer.from(path), hash])).digest('base64');
    if (signature !== expected) throw new KrakenError('EAPI:Invalid signature');
    if (!nonce || !/^\d{1,20}$/.test(nonce) || BigInt(nonce) <= this.lastNonce) throw new KrakenError('EAPI:Invalid nonce');
    this.lastNonce = BigInt(nonce);
  }
}

/**
 * The REST call counter (docs.kraken.com "Spot REST rate limits"): each call adds its weight, the
 * counter decays by `decayPerSecond`, and past `max` the call is refused with EAPI:Rate limit exceeded.
 * Starter tier: max 15, decay 0.33/s. Trading calls are limited by the matching engine instead.
 */
export class KrakenCallCounter {
  max = 15;
  decayPerSecond = 0.33;
  private value = 0;
  private at = 0;

  constructor(private readonly now: () => number) {}

  add(weight: number): void {
    if (weight === 0) return;
    const now = this.now();
    this.value = Math.max(0, this.value - ((now - this.at) / 1000) * this.decayPerSecond);
    this.at = now;
    if (this.value + weight > this.max) throw new KrakenError('EAPI:Rate limit exceeded');
    this.value += weight;
  }

  /** The counter as after a pause long enough for it to decay to zero (Halyard closed for a minute or more). */
  rest(): void {
    this.value = 0;
  }
}

/**
 * The trading engine's own limiter (docs.kraken.com/api/docs/guides/spot-ratelimits, "Spot Trading Limits"):
 * a counter per pair, shared by REST, websocket and FIX, separate from the REST call counter (AddOrder and
 * CancelOrder weigh nothing there). Add Order adds a fixed 1, applied on receipt even if the order then fails
 * validation; Cancel Order adds by how long the order rested: < 5 s +8, < 10 s +6, < 15 s +5, < 45 s +4,
 * < 90 s +2, < 300 s +1, older nothing. The counter decays by the tier's rate; at the threshold the engine
 * answers EOrder:Rate limit exceeded. Starter tier: threshold 60, decay 1 a second.
 */
export class KrakenTradingCounter {
  threshold = 60;
  decayPerSecond = 1;
  private readonly pairs = new Map<string, { value: number; at: number }>();

  constructor(private readonly now: () => number) {}

  addOrder(pair: string): void {
    this.add(pair, 1);
  }

  cancelOrder(pair: string, restedMs: number): void {
    const seconds = restedMs / 1000;
    const steps: readonly (readonly [number, number])[] = [[5, 8], [10, 6], [15, 5], [45, 4], [90, 2], [300, 1]];
    this.add(pair, steps.find(([limit]) => seconds < limit)?.[1] ?? 0);
  }

  /** The pair's counter now (tests read it). */
  value(pair: string): number {
    const entry = this.pairs.get(pair);
    return entry ? Math.max(0, entry.value - ((this.now() - entry.at) / 1000) * this.decayPerSecond) : 0;
  }

  private add(pair: string, weight: number): void {
    const value = this.value(pair);
    if (value + weight > this.threshold) throw new KrakenError('EOrder:Rate limit exceeded');
    this.pairs.set(pair, { value: value + weight, at: this.now() });
  }
}

import type { Exchange, Order, Trade } from 'ccxt';
import type { MarketSymbol } from '../market/candle.js';
import { budgetLike, createCcxtClient, hasWebsocketSupport, privateCallsInNonceOrder, type CcxtAccountConfig } from './ccxt-client.js';
import { defaultTier, lastPrice, readLastPrice, toMarketRules } from './ccxt-markets.js';
import { accountTradesSince, findByClientId, findByExchangeId, hasClientIdLookup, listedTrades, listsTradesAccountWide, type LookupContext, type SentOrder } from './ccxt-lookup.js';
import { ccxtOrderParams, refuseReachedStop, stopFeaturesOf } from './ccxt-order-params.js';
import { cancelResult, toBalances, toExchangeOrder, toFill } from './ccxt-orders.js';
import { ExchangeError } from './errors.js';
import { ThirdCurrencyFees } from './fee-conversion.js';
import { isDuplicateClientIdError, mapCcxtError } from './error-map.js';
import type { Balance, CancelResult, ExchangeCapabilities, ExchangeOrder, ExchangePort, Fill, LiquidityTier, MarketRules, OrderRequest, OrderUpdateListener } from './port.js';
import { applyOrderRules, type RoundedOrder } from './precision.js';
import type { DayTicker } from './volume-tiers.js';
import { inCancelLane, RateBudgets, realSleep, type RateBudget } from './rate-budget.js';
import { installWarmConnections } from './ccxt-transport.js';
import { PreparedCancels } from './prepared-cancels.js';
import type { WarmConnections } from './warm-connections.js';
import { backoffDelay, DEFAULT_READ_RETRY, retryRead, type RetryPolicy } from './retry.js';

/** What is about to be sent, after precision and limits: the journal persists exactly this. */
export interface PreparedOrder extends OrderRequest {
  readonly rounded: RoundedOrder;
}

export interface CcxtExchangeOptions {
  readonly account: CcxtAccountConfig;
  /** Identifies the account's shared request budget; default exchange + key tail + sandbox flag. */
  readonly accountKey?: string;
  /** The process-wide registry of budgets: pass the same one to every adapter of an account. */
  readonly budgets?: RateBudgets;
  /**
   * Called with the final order right before it is sent; the order router persists it here
   * (journal first, then send). If it throws, nothing is sent.
   */
  readonly beforeSend?: (order: PreparedOrder) => Promise<void>;
  readonly tiers?: Readonly<Record<string, LiquidityTier>>;
  readonly readRetry?: RetryPolicy;
  /** Lookups after an ambiguous send, spaced by back-off; default 4 attempts from 1 s. */
  readonly settle?: RetryPolicy;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const DEFAULT_SETTLE: RetryPolicy = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000 };

/**
 * Venues whose ccxt `cancelAllOrdersAfter` is no heartbeat timer. Bybit's (POST /v5/order/disconnected-cancel-all) only sets
 * the window of its Disconnection Protect, which fires when a private websocket subscribed to "dcp" drops, one product at a
 * time, once Bybit enabled it for the account (bybit-exchange.github.io/docs/v5/order/dcp): a REST beat arms nothing, so the status must not say "dead-man armed".
 */
const NO_HEARTBEAT_TIMER = ['bybit'] as const;

/**
 * A real exchange through ccxt, production-grade: cached markets, precision and limits checked before sending, our
 * client order id on every order, ambiguous sends settled by lookup (never resent), reads retried, one budget per account.
 */
export class CcxtExchange implements ExchangePort {
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  readonly client: Exchange;
  readonly budget: RateBudget;
  /** Sockets to the venue opened ahead of need, so a burst of cancels does not wait on connects. */
  readonly connections: WarmConnections;
  private readonly closeTransport: () => Promise<void>;
  /** Every open order's cancel, built ahead: signed and written in the caller's turn (the emergency stop). */
  private readonly prepared: PreparedCancels;
  private rules: Map<MarketSymbol, MarketRules> | null = null;
  private loading: Promise<ReadonlyMap<MarketSymbol, MarketRules>> | null = null;
  private readonly sentClientIds = new Set<string>();
  private readonly clientIdByExchangeId = new Map<string, string>();
  private readonly exchangeIdByClientId = new Map<string, string>();
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly fillsInFlight = new Map<string, Promise<readonly Fill[]>>();
  /** Third-currency fees (BNB) valued in quote at the venue's own price of the fill's minute. */
  private readonly fees = new ThirdCurrencyFees(this);
  private volumeTiers: ReadonlyMap<MarketSymbol, LiquidityTier> = new Map();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: CcxtExchangeOptions) {
    const account = options.account;
    this.id = account.exchange;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    const budgets = options.budgets ?? new RateBudgets();
    const key = options.accountKey ?? `${account.exchange}:${account.apiKey ? account.apiKey.slice(-6) : 'public'}:${account.sandbox ? 'sandbox' : 'live'}`;
    let budget: RateBudget | null = null;
    this.client = createCcxtClient(account, {
      now: this.now,
      budget: (client) => (budget = budgets.forAccount(key, () => budgetLike(client, this.now, this.sleep))),
    });
    this.budget = budget!;
    ({ connections: this.connections, close: this.closeTransport } = installWarmConnections(this.client));
    this.prepared = new PreparedCancels(this.client, this.connections, this.budget, !privateCallsInNonceOrder(this.id));
    const has = this.client.has;
    this.capabilities = {
      cancelAll: has['cancelAllOrders'] === true,
      cancelAllAfter: has['cancelAllOrdersAfter'] === true && !NO_HEARTBEAT_TIMER.some((prefix) => this.id.startsWith(prefix)),
      websocket: hasWebsocketSupport(this.id) && has['watchOHLCV'] === true,
      reduceOnly: has['createReduceOnlyOrder'] === true,
      fetchOrderByClientId: hasClientIdLookup(this.id),
      tradesListedAccountWide: listsTradesAccountWide(this.id),
      stopOrders: has['createStopLimitOrder'] === true || has['createTriggerOrder'] === true || has['createStopOrder'] === true,
    };
  }

  async loadMarkets(reload = false): Promise<ReadonlyMap<MarketSymbol, MarketRules>> {
    if (this.rules && !reload) return this.rules;
    this.loading ??= this.read(() => this.client.loadMarkets(reload))
      .then(() => {
        const rules = new Map<MarketSymbol, MarketRules>();
        for (const market of Object.values(this.client.markets ?? {})) {
          const rule = market ? toMarketRules(this.client, market, this.tierOverrides()) : null;
          if (rule) rules.set(rule.symbol, rule);
        }
        this.rules = rules;
        return rules;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** Every market's 24 h ticker in one request (volumes for the liquidity tiers). */
  async fetchDayTickers(): Promise<Readonly<Record<string, DayTicker>>> {
    await this.loadMarkets();
    return this.read(() => this.client.fetchTickers());
  }

  /** Tiers from the venue's 24 h volumes (core/exchange/volume-tiers.ts); the trader's own per-symbol tiers still win. */
  setVolumeTiers(tiers: ReadonlyMap<MarketSymbol, LiquidityTier>): void {
    this.volumeTiers = tiers;
    if (!this.rules) return;
    const overrides = this.tierOverrides();
    for (const [symbol, rule] of this.rules) this.rules.set(symbol, { ...rule, tier: overrides[symbol] ?? defaultTier(rule.base) });
  }

  private tierOverrides(): Record<string, LiquidityTier> {
    return { ...Object.fromEntries(this.volumeTiers), ...this.options.tiers };
  }

  market(symbol: MarketSymbol): MarketRules {
    if (!this.rules) throw new ExchangeError('unavailable', `${this.id}: markets are not loaded yet`);
    const rules = this.rules.get(symbol);
    if (!rules) throw new ExchangeError('invalid_order', `${this.id} has no market ${symbol}`);
    return rules;
  }

  roundAmount(symbol: MarketSymbol, amount: number): number {
    this.market(symbol);
    try {
      return Number(this.client.amountToPrecision(symbol, amount));
    } catch {
      return 0; // ccxt throws when the amount truncates to zero; the rule check names the step
    }
  }

  roundPrice(symbol: MarketSymbol, price: number): number {
    this.market(symbol);
    try {
      return Number(this.client.priceToPrecision(symbol, price));
    } catch {
      return 0;
    }
  }

  async fetchBalances(): Promise<readonly Balance[]> {
    return toBalances(await this.read(() => this.client.fetchBalance()));
  }

  async placeOrder(request: OrderRequest): Promise<ExchangeOrder> {
    await this.loadMarkets();
    if (this.sentClientIds.has(request.clientOrderId)) {
      throw new ExchangeError('invalid_order', `client order id ${request.clientOrderId} was already used; every order needs a new one`);
    }
    const rules = this.market(request.symbol);
    const referencePrice = request.type === 'market' && (rules.minCost !== null || rules.maxCost !== null) ? await lastPrice(this.client, request.symbol, (operation) => this.read(operation)) : undefined;
    const rounded = applyOrderRules(this, { ...request, ...(referencePrice !== undefined ? { referencePrice } : {}) });
    // Only parameters the venue's endpoint documents for this kind of market (no reduceOnly on spot).
    const stops = stopFeaturesOf(this.client.features, this.client.market(request.symbol));
    const params = ccxtOrderParams(stops, rules.kind ?? 'spot', request, rounded.stopPrice);
    await refuseReachedStop(this.id, request, rounded.stopPrice, () => readLastPrice(this.client, request.symbol, (operation) => this.read(operation)));
    await this.options.beforeSend?.({ ...request, rounded });
    this.sentClientIds.add(request.clientOrderId);

    const type = request.type === 'market' ? 'market' : 'limit';
    const sentAt = this.now();
    let raw: Order;
    try {
      raw = await this.client.createOrder(request.symbol, type, request.side, rounded.amount, rounded.price ?? undefined, params);
    } catch (error) {
      const mapped = mapCcxtError(error, 'write');
      if (mapped.kind === 'unknown_outcome' || isDuplicateClientIdError(error)) return this.settle(request, mapped, { side: request.side, amount: rounded.amount, sentAt });
      throw mapped;
    }
    // Bybit and Kraken acknowledge with ids only: the order exists; ask for its state once.
    if (raw.status === undefined && raw.id) {
      const known = await findByExchangeId(this.lookup, String(raw.id), request.symbol).catch(() => null);
      if (known) return this.remember(known, request.clientOrderId);
      raw = { ...raw, status: 'open', symbol: request.symbol, side: request.side, amount: rounded.amount, filled: 0, price: rounded.price ?? undefined, type } as Order;
    }
    return this.remember(raw, request.clientOrderId);
  }

  cancelOrder(clientOrderId: string, symbol: MarketSymbol, knownExchangeOrderId?: string | null): Promise<CancelResult> {
    let exchangeOrderId = knownExchangeOrderId ?? (clientOrderId ? this.exchangeIdByClientId.get(clientOrderId) : undefined) ?? null;
    // Written now, in the caller's turn, when its cancel was built ahead (the emergency stop's many at once).
    const sent = exchangeOrderId ? this.prepared.sendNow(exchangeOrderId, symbol) : null;
    sent?.catch(() => undefined); // its outcome is read below; never left unhandled
    return inCancelLane(async () => {
      await this.loadMarkets();
      const base = { clientOrderId: clientOrderId || null, symbol };
      try {
        if (exchangeOrderId === null && clientOrderId) exchangeOrderId = (await this.fetchOrderByClientId(clientOrderId, symbol))?.exchangeOrderId ?? null;
        if (!exchangeOrderId) return { ...base, exchangeOrderId: null, outcome: 'failed', error: `${this.id} has no order with client id ${clientOrderId}` };
        return await this.cancelByExchangeId(exchangeOrderId, symbol, clientOrderId || null, sent);
      } catch (error) {
        return { ...base, exchangeOrderId, outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    });
  }

  async cancelAllOrders(symbols?: readonly MarketSymbol[]): Promise<readonly CancelResult[]> {
    await this.loadMarkets();
    // Ask the venue, not our memory: the emergency stop must also catch orders we never tracked.
    const open = symbols ? (await Promise.all(symbols.map((s) => this.fetchOpenOrders(s)))).flat() : await this.fetchOpenOrders();
    const results: CancelResult[] = [];
    const bySymbol = new Map<MarketSymbol, ExchangeOrder[]>();
    for (const order of open) bySymbol.set(order.symbol, [...(bySymbol.get(order.symbol) ?? []), order]);
    for (const [symbol, orders] of bySymbol) {
      let remaining = orders;
      if (this.capabilities.cancelAll) {
        try {
          await this.read(() => this.client.cancelAllOrders(symbol));
          const stillOpen = new Set((await this.fetchOpenOrders(symbol)).map((o) => o.exchangeOrderId));
          for (const order of orders.filter((o) => !stillOpen.has(o.exchangeOrderId))) results.push(cancelResult(order, 'canceled'));
          remaining = orders.filter((o) => stillOpen.has(o.exchangeOrderId));
        } catch {
          remaining = orders; // fall through to one-by-one
        }
      }
      for (const order of remaining) {
        results.push(order.exchangeOrderId ? await this.cancelByExchangeId(order.exchangeOrderId, symbol, order.clientOrderId).catch((e: unknown) => cancelResult(order, 'failed', e)) : cancelResult(order, 'failed', 'no exchange order id'));
      }
    }
    return results;
  }

  async fetchOpenOrders(symbol?: MarketSymbol): Promise<readonly ExchangeOrder[]> {
    await this.loadMarkets();
    const raw = await this.read(() => this.client.fetchOpenOrders(symbol));
    return raw.map((order) => this.remember(order, undefined, false));
  }

  async fetchOrderByClientId(clientOrderId: string, symbol: MarketSymbol, sent?: SentOrder): Promise<ExchangeOrder | null> {
    await this.loadMarkets();
    // No lookup by client id (Kraken) but the venue's own id is known: one query by that id, not two listings.
    const known = this.capabilities.fetchOrderByClientId ? undefined : this.exchangeIdByClientId.get(clientOrderId);
    const raw = known ? await findByExchangeId(this.lookup, known, symbol) : await findByClientId(this.lookup, clientOrderId, symbol, sent);
    return raw ? this.remember(raw, clientOrderId, false) : null;
  }

  /** The same question asked again while the first is on its way (an order's fills, looked for by the stream's poll and by its own report) shares its answer; `exchangeOrderId`: see `listedTrades`. */
  fetchFills(symbol: MarketSymbol, since?: number, exchangeOrderId?: string): Promise<readonly Fill[]> {
    return this.sharedFills(`${symbol}\u0000${since ?? ''}\u0000${exchangeOrderId ?? ''}`, () => listedTrades(this.client, this.id, symbol, since, exchangeOrderId));
  }

  /** Every market's fills since `since` from the one listing that holds them all (Kraken); null where trades are listed per market. */
  fetchAccountFills(since: number): Promise<readonly Fill[] | null> {
    return this.capabilities.tradesListedAccountWide === true ? this.sharedFills(`\u0000${since}`, () => accountTradesSince(this.client, this.id, since)) : Promise.resolve(null);
  }

  private sharedFills(key: string, listing: () => Promise<Trade[]>): Promise<readonly Fill[]> {
    const asked = this.fillsInFlight.get(key) ?? this.loadMarkets().then(async () => {
      const trades = await this.read(listing);
      return Promise.all(trades.map((trade) => this.fees.value(toFill(trade, this.clientIdByExchangeId))));
    }).finally(() => this.fillsInFlight.delete(key));
    this.fillsInFlight.set(key, asked);
    return asked;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The venue's dead-man timer (ccxt `cancelAllOrdersAfter`): every open order is cancelled unless
   * this is called again within `timeoutMs`; 0 switches the timer off. Idempotent, so retried like a read.
   */
  async cancelAllOrdersAfter(timeoutMs: number): Promise<void> {
    if (!this.capabilities.cancelAllAfter) throw new ExchangeError('unavailable', `${this.id} has no cancel-all-after timer`);
    await this.loadMarkets();
    await this.read(() => this.client.cancelAllOrdersAfter(Math.max(0, Math.round(timeoutMs))));
  }

  /** Announces an order update that arrived outside our own calls (websocket or polling stream). */
  announce(order: ExchangeOrder, fills: readonly Fill[] = []): void {
    for (const listener of this.listeners) listener({ order, fills });
  }

  /** A raw ccxt order from a stream → ExchangeOrder, with the client-id mapping remembered (not announced). */
  adopt(raw: Order): ExchangeOrder {
    return this.remember(raw, undefined, false);
  }

  /** While armed: `wanted()` idle connections per origin the account uses (its working orders and a margin). */
  keepConnectionsWarm(wanted: () => number): () => void {
    return this.connections.keep(wanted);
  }

  async close(): Promise<void> {
    await this.closeTransport();
    await this.client.close();
  }

  /** The send failed ambiguously: look the order up by client id until the venue answers clearly. */
  private async settle(request: OrderRequest, cause: ExchangeError, sent: SentOrder): Promise<ExchangeOrder> {
    const policy = this.options.settle ?? DEFAULT_SETTLE;
    let lastLookupError: unknown = null;
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      try {
        const found = await this.fetchOrderByClientId(request.clientOrderId, request.symbol, sent);
        if (found) {
          this.announce(found);
          return found;
        }
        lastLookupError = null;
      } catch (error) {
        lastLookupError = error;
      }
      // A backend that timed out may still be writing the order: give it time before concluding.
      if (attempt < policy.attempts) await this.sleep(backoffDelay(policy, attempt, this.random()));
    }
    if (lastLookupError !== null) {
      const why = lastLookupError instanceof Error ? lastLookupError.message : String(lastLookupError);
      throw new ExchangeError('unknown_outcome', `order ${request.clientOrderId}: the send failed (${cause.message}) and the lookup failed too (${why}); reconcile before trading ${request.symbol}`);
    }
    // Not found is not "not placed": a backend that timed out may write the order later (Binance: a 5xx's "execution
    // status is UNKNOWN"). It stays unknown until the venue reports it or reconciliation decides; resending risks a second order.
    throw new ExchangeError('unknown_outcome', `order ${request.clientOrderId}: the send failed (${cause.message}) and ${this.id} has no order with that client id after ${policy.attempts} lookups; it may still appear, so it stays unknown until the venue reports it or reconciliation decides (do not resend)`);
  }

  /** `sent`: the cancel already on its way (its first attempt). */
  private async cancelByExchangeId(exchangeOrderId: string, symbol: MarketSymbol, clientOrderId: string | null, sent: Promise<Order> | null = null): Promise<CancelResult> {
    const base = { clientOrderId, exchangeOrderId, symbol };
    let first = sent;
    try {
      // Cancels are idempotent, so unlike order placement they may be retried like reads.
      const raw = await this.read(() => {
        const attempt = first ?? this.client.cancelOrder(exchangeOrderId, symbol);
        first = null;
        return attempt;
      });
      this.remember(raw, clientOrderId ?? undefined);
      return { ...base, outcome: 'canceled' };
    } catch (error) {
      const order = await findByExchangeId(this.lookup, exchangeOrderId, symbol).then(
        (raw) => (raw ? this.remember(raw, clientOrderId ?? undefined) : null),
        () => null,
      );
      if (order?.status === 'canceled') return { ...base, outcome: 'canceled' };
      if (order?.status === 'filled') return { ...base, outcome: 'already_filled' };
      if (order && (order.status === 'expired' || order.status === 'rejected')) return { ...base, outcome: 'already_closed' };
      return { ...base, outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** What the venue-specific lookups need from this adapter (its client, retrier, clock and known ids). */
  private get lookup(): LookupContext {
    return { id: this.id, client: this.client, read: (operation) => this.read(operation), now: this.now, isKnownOrder: (id) => this.clientIdByExchangeId.has(id) };
  }

  private remember(raw: Order, clientOrderId?: string, notify = true): ExchangeOrder {
    // Venues that do not echo our client id in every report: the id we learned when it was placed.
    const known = clientOrderId ?? (raw.id ? this.clientIdByExchangeId.get(String(raw.id)) : undefined);
    const order = toExchangeOrder(raw, known, this.now());
    this.prepared.follow(order.exchangeOrderId, order.symbol, order.status === 'open' || order.status === 'partially_filled');
    if (order.exchangeOrderId && order.clientOrderId) {
      this.clientIdByExchangeId.set(order.exchangeOrderId, order.clientOrderId);
      this.exchangeIdByClientId.set(order.clientOrderId, order.exchangeOrderId);
    }
    if (notify) this.announce(order);
    return order;
  }

  /**
   * A read (or an idempotent cancel) through the retrier, with ccxt errors mapped at the
   * boundary. Public so market-data adapters share this account's client, budget and policy.
   */
  read<T>(operation: () => Promise<T>): Promise<T> {
    return retryRead(
      () => operation().catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read'))),
      this.options.readRetry ?? DEFAULT_READ_RETRY,
      { sleep: this.sleep, random: this.random },
    );
  }
}

import type { Balance as CcxtBalances, Order } from 'ccxt';
import type { CcxtExchange } from './ccxt-exchange.js';
import { mapCcxtError } from './error-map.js';
import { TERMINAL_ORDER_STATUSES, type Balance, type ExchangeOrder, type Fill } from './port.js';

/**
 * A live account's private updates (its orders and balances): over the venue's websocket where
 * ccxt.pro has `watchOrders`/`watchBalance`, REST polling otherwise or whenever the socket fails,
 * with a periodic attempt to get back onto the websocket. Updates reach the adapter's order
 * listeners (the journal, the UI). Even on the websocket a slow REST resync runs, because a socket
 * that is connected but silent must not leave an order's fill unseen.
 */

export interface AccountStreamStatus {
  readonly transport: 'websocket' | 'polling';
  readonly state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
  readonly lastUpdate: number | null;
  readonly message: string | null;
}

export interface CcxtAccountStreamOptions {
  readonly exchange: CcxtExchange;
  /** REST polling period while the websocket is down or unsupported; default 10 s. */
  readonly pollMs?: number;
  /** REST resync period while on the websocket; default 60 s. */
  readonly resyncMs?: number;
  /** First delay before retrying the websocket after it failed; doubles up to 60 s. */
  readonly reconnectMs?: number;
  /** Consecutive polling failures before the stream reports `disconnected`; default 3. */
  readonly maxPollFailures?: number;
  readonly onStatus?: (status: AccountStreamStatus) => void;
  readonly now?: () => number;
}

export class CcxtAccountStream {
  /** Orders we last saw open, by exchange order id, with what we last announced. */
  private readonly open = new Map<string, ExchangeOrder>();
  /** Filled amount whose fills were looked for, of orders that ended (so a repeated final report fetches nothing). */
  private readonly announcedFilled = new Map<string, number>();
  private readonly now: () => number;
  private readonly supportsWebsocket: boolean;
  private mode: 'websocket' | 'polling';
  private state: AccountStreamStatus;
  private latestBalances: readonly Balance[] = [];
  private balancesAt: number | null = null;
  private running = false;
  private reconnectDelay: number;
  private nextWebsocketAttempt = 0;
  private pollFailures = 0;
  private watching = { orders: false, balance: false };
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: CcxtAccountStreamOptions) {
    const { exchange } = options;
    this.now = options.now ?? Date.now;
    this.supportsWebsocket = exchange.capabilities.websocket && exchange.client.has['watchOrders'] === true;
    this.mode = this.supportsWebsocket ? 'websocket' : 'polling';
    this.reconnectDelay = options.reconnectMs ?? 5_000;
    this.state = { state: 'connecting', transport: this.mode, lastUpdate: null, message: this.supportsWebsocket ? null : `${exchange.id} has no private websocket in ccxt; polling` };
  }

  status(): AccountStreamStatus {
    return this.state;
  }

  /** The balances from the latest update (websocket or poll). */
  balances(): readonly Balance[] {
    return this.latestBalances;
  }

  /**
   * The latest balances while they can be trusted, else null (ask the venue): the stream is connected
   * and they arrived within `maxAgeMs` (default: two refresh periods of the transport in use — on the
   * websocket the venue pushes every change, and the REST resync refreshes them besides).
   */
  currentBalances(maxAgeMs?: number): readonly Balance[] | null {
    if (this.balancesAt === null || this.state.state !== 'connected') return null;
    const period = this.mode === 'websocket' ? (this.options.resyncMs ?? 60_000) : (this.options.pollMs ?? 10_000);
    return this.now() - this.balancesAt <= (maxAgeMs ?? 2 * period) ? this.latestBalances : null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Orders placed or cancelled through the adapter are tracked too, so their fills are looked for.
    this.unsubscribe = this.options.exchange.onOrderUpdate(({ order, fills }) => this.ownUpdate(order, fills));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake?.();
    await this.loop;
    this.setStatus({ state: 'disconnected', message: 'stopped' });
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.mode === 'websocket') {
        // A REST snapshot first: whatever happened while we were not listening.
        await this.pollOnce();
        if (!this.running || this.mode !== 'websocket') continue;
        this.watch('orders', () => this.watchOrders());
        this.watch('balance', () => this.watchBalance());
        await this.pause(this.options.resyncMs ?? 60_000);
      } else {
        await this.pollOnce();
        await this.pause(this.options.pollMs ?? 10_000);
        if (this.running && this.supportsWebsocket && this.now() >= this.nextWebsocketAttempt) this.mode = 'websocket';
      }
    }
  }

  private watch(which: 'orders' | 'balance', loop: () => Promise<void>): void {
    if (this.watching[which]) return;
    this.watching[which] = true;
    void loop()
      .catch((error: unknown) => this.fallBackToPolling(error))
      .finally(() => (this.watching[which] = false));
  }

  private async watchOrders(): Promise<void> {
    const client = this.options.exchange.client;
    while (this.running && this.mode === 'websocket') {
      const orders = await client.watchOrders().catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read')));
      if (!this.running || this.mode !== 'websocket') return;
      for (const raw of orders) this.consider(this.options.exchange.adopt(raw as Order));
      this.reconnectDelay = this.options.reconnectMs ?? 5_000; // the socket delivers: back-off starts over
      this.connected('websocket');
    }
  }

  private async watchBalance(): Promise<void> {
    const client = this.options.exchange.client;
    if (client.has['watchBalance'] !== true) return;
    while (this.running && this.mode === 'websocket') {
      const balance = await client.watchBalance().catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read')));
      if (!this.running || this.mode !== 'websocket') return;
      this.setBalances(toBalances(balance));
      this.connected('websocket');
    }
  }

  private fallBackToPolling(error: unknown): void {
    if (!this.running || this.mode === 'polling') return;
    this.mode = 'polling';
    this.nextWebsocketAttempt = this.now() + this.reconnectDelay;
    this.reconnectDelay = Math.min(60_000, this.reconnectDelay * 2);
    const why = error instanceof Error ? error.message : String(error);
    this.setStatus({ transport: 'polling', message: `private websocket unavailable (${why.slice(0, 160)}); polling every ${Math.round((this.options.pollMs ?? 10_000) / 1000)} s` });
    this.wake?.(); // poll now, not after the resync pause
  }

  /** One REST snapshot: open orders (and the final state of those that left the list), then balances. */
  private async pollOnce(): Promise<void> {
    const { exchange } = this.options;
    try {
      const listed = await exchange.fetchOpenOrders();
      const stillOpen = new Set<string>();
      for (const order of listed) {
        if (order.exchangeOrderId) stillOpen.add(order.exchangeOrderId);
        this.consider(order);
      }
      for (const [id, known] of [...this.open]) {
        if (stillOpen.has(id)) continue;
        const final = known.clientOrderId ? await exchange.fetchOrderByClientId(known.clientOrderId, known.symbol) : null;
        if (final) this.consider(final);
        else this.open.delete(id); // gone and not found: reconciliation will report it
      }
      this.setBalances(await exchange.fetchBalances());
      this.pollFailures = 0;
      // The snapshot proves the account answers; on the websocket a quiet account may send nothing for hours.
      if (this.mode === 'polling') this.connected('polling', this.state.message);
      else this.connected('websocket');
    } catch (error) {
      this.pollFailures++;
      const why = error instanceof Error ? error.message : String(error);
      const lost = this.pollFailures >= (this.options.maxPollFailures ?? 3);
      this.setStatus({ state: lost ? 'disconnected' : 'reconnecting', message: `${exchange.id} unreachable (${why.slice(0, 160)}); retrying` });
    }
  }

  /** Announces an order whose state changed since we last saw it, with its new fills. */
  private consider(order: ExchangeOrder): void {
    const id = order.exchangeOrderId;
    if (!id) return;
    const before = this.open.get(id);
    const changed = !before || before.status !== order.status || before.filled !== order.filled;
    this.track(order);
    if (!changed || (!before && TERMINAL_ORDER_STATUSES.has(order.status))) return;
    void this.fillsOf(order, before?.filled ?? 0).then((fills) => this.options.exchange.announce(order, fills));
  }

  /**
   * An update the adapter announced itself (our own placement, cancel or lookup). An order that traded
   * at once — a market order, a marketable limit — leaves the open list before any poll sees it, so its
   * fills are fetched here; a later update without new fills fetches nothing.
   */
  private ownUpdate(order: ExchangeOrder, fills: readonly Fill[]): void {
    const filledBefore = order.exchangeOrderId ? (this.open.get(order.exchangeOrderId)?.filled ?? this.announcedFilled.get(order.exchangeOrderId) ?? 0) : 0;
    this.track(order);
    if (!order.exchangeOrderId) return;
    if (fills.length > 0 || order.filled <= filledBefore) {
      this.announcedFilled.set(order.exchangeOrderId, Math.max(order.filled, filledBefore));
      return;
    }
    this.announcedFilled.set(order.exchangeOrderId, order.filled);
    void this.fillsOf(order, filledBefore).then((found) => {
      if (found.length > 0) this.options.exchange.announce(order, found);
    });
  }

  private setBalances(balances: readonly Balance[]): void {
    this.latestBalances = balances;
    this.balancesAt = this.now();
  }

  private track(order: ExchangeOrder): void {
    if (!order.exchangeOrderId) return;
    if (TERMINAL_ORDER_STATUSES.has(order.status)) this.open.delete(order.exchangeOrderId);
    else this.open.set(order.exchangeOrderId, order);
  }

  /** The order's trades when its filled amount grew (so positions can be rebuilt from fills). */
  private async fillsOf(order: ExchangeOrder, filledBefore: number) {
    if (order.filled <= filledBefore) return [];
    try {
      const fills = await this.options.exchange.fetchFills(order.symbol, order.createdAt - 1_000);
      return fills.filter((fill) => fill.exchangeOrderId === order.exchangeOrderId);
    } catch {
      return []; // the order state still goes through; reconciliation fetches fills again
    }
  }

  private connected(transport: 'websocket' | 'polling', message: string | null = null): void {
    this.setStatus({ state: 'connected', transport, lastUpdate: this.now(), message });
  }

  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private setStatus(patch: Partial<AccountStreamStatus>): void {
    this.state = { ...this.state, ...patch };
    this.options.onStatus?.(this.state);
  }
}

function toBalances(balance: CcxtBalances | Record<string, unknown>): Balance[] {
  const record = balance as unknown as { total?: Record<string, number | undefined>; free?: Record<string, number | undefined>; used?: Record<string, number | undefined> };
  const totals = record.total ?? {};
  return Object.keys(totals)
    .map((currency) => ({ currency, free: record.free?.[currency] ?? 0, used: record.used?.[currency] ?? 0, total: totals[currency] ?? 0 }))
    .filter((entry) => entry.total !== 0 || entry.free !== 0 || entry.used !== 0);
}

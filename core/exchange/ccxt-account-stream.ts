import type { Balance as CcxtBalances, Order } from 'ccxt';
import { TransportFallback } from '../market/transport-fallback.js';
import { mergeBalanceRead, newerReport } from './account-progress.js';
import type { CcxtExchange } from './ccxt-exchange.js';
import { mapCcxtError } from './error-map.js';
import { TERMINAL_ORDER_STATUSES, type Balance, type ExchangeOrder, type Fill } from './port.js';
import { inBackgroundLane } from './rate-budget.js';

/**
 * A live account's private updates (its orders and balances): over the venue's websocket where
 * ccxt.pro has `watchOrders`/`watchBalance`, REST polling otherwise or whenever the socket fails,
 * with a periodic attempt to get back onto the websocket. Updates reach the adapter's order
 * listeners (the journal, the UI). Each (re)subscription is followed by a REST read, because the venue
 * pushes nothing from before it; and even on the websocket a slow REST resync runs, because a socket
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
  /** Connected after a drop (a socket that delivered failed, the venue stopped answering, the machine slept): the venue replays nothing. */
  readonly onReconnected?: () => void;
  readonly now?: () => number;
}

export class CcxtAccountStream {
  /** Orders we last saw open, by exchange order id, with what we last announced. */
  private readonly open = new Map<string, ExchangeOrder>();
  /** Filled amount whose fills were looked for, of orders that ended (so a repeated final report fetches nothing). */
  private readonly announcedFilled = new Map<string, number>();
  /** Orders seen in a final state: a late snapshot that still lists one open must not reopen it. */
  private readonly ended = new Set<string>();
  /** Per currency, what the socket last reported (ccxt keeps one merged cache across pushes and reconnects). */
  private readonly pushed = new Map<string, string>();
  /** Per currency, the number of the balance push that last changed it (a REST read sent before it is older). */
  private readonly pushedAt = new Map<string, number>();
  private balancePushes = 0;
  /** Trades already announced: an order that fills in parts is announced with each trade once. */
  private readonly announcedFills = new Set<string>();
  private readonly now: () => number;
  private readonly transport: TransportFallback;
  private state: AccountStreamStatus;
  private latestBalances: readonly Balance[] = [];
  private balancesAt: number | null = null;
  private running = false;
  private watching = { orders: false, balance: false };
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** A connection that was up dropped: the next one is a reconnect. */
  private dropped = false;

  constructor(private readonly options: CcxtAccountStreamOptions) {
    const { exchange } = options;
    this.now = options.now ?? Date.now;
    const supportsWebsocket = exchange.capabilities.websocket && exchange.client.has['watchOrders'] === true;
    this.transport = new TransportFallback({
      supportsWebsocket,
      now: this.now,
      ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
      ...(options.maxPollFailures !== undefined ? { maxPollFailures: options.maxPollFailures } : {}),
    });
    this.state = { state: 'connecting', transport: this.transport.mode, lastUpdate: null, message: supportsWebsocket ? null : `${exchange.id} has no private websocket in ccxt; polling` };
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
    return this.now() - this.balancesAt <= (maxAgeMs ?? 2 * this.refreshMs()) ? this.latestBalances : null;
  }

  /** How often the account is read while all is well: the resync period on the websocket, the poll period otherwise. */
  private refreshMs(): number {
    return this.transport.mode === 'websocket' ? (this.options.resyncMs ?? 60_000) : this.pollMs();
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
      if (this.transport.mode === 'websocket') {
        // A REST snapshot first: whatever happened while we were not listening.
        await this.pollOnce();
        if (!this.running || this.transport.mode !== 'websocket') continue;
        const subscribing = !this.watching.orders;
        this.watch('orders', () => this.watchOrders());
        this.watch('balance', () => this.watchBalance());
        const caughtUp = !subscribing || (await this.catchUp());
        if (this.transport.mode !== 'websocket') continue; // it failed: poll now
        // The status says "websocket" once a socket is open and caught up, not while a (re)connect is only attempted.
        if (caughtUp && (await this.waitUntil(() => this.socketOpen()))) this.connected('websocket');
        if (!caughtUp) continue; // a whole resync period went by without the pushes: resync now
        await this.pause(this.options.resyncMs ?? 60_000);
      } else {
        await this.pollOnce();
        await this.pause(this.pollMs());
        if (this.running) this.transport.maybeRetryWebsocket();
      }
    }
  }

  /**
   * A change between the snapshot and the venue taking the subscription is pushed to nobody (venues replay
   * nothing): once ccxt listens for the pushes, the account is read once more, so such a fill shows now, not
   * at the next resync. False when the pushes did not start within a resync period.
   */
  private async catchUp(): Promise<boolean> {
    if (!(await this.waitUntil(() => this.listening()))) return false;
    await this.pollOnce();
    return true;
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
    while (this.running && this.transport.mode === 'websocket') {
      const orders = await client.watchOrders().catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read')));
      if (!this.running || this.transport.mode !== 'websocket') return;
      for (const raw of orders) this.consider(this.options.exchange.adopt(raw as Order));
      this.transport.delivered();
      this.connected('websocket');
    }
  }

  private async watchBalance(): Promise<void> {
    const client = this.options.exchange.client;
    if (client.has['watchBalance'] !== true) return;
    while (this.running && this.transport.mode === 'websocket') {
      const balance = await client.watchBalance().catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read')));
      if (!this.running || this.transport.mode !== 'websocket') return;
      this.applyPushedBalances(toBalances(balance));
      this.connected('websocket');
    }
  }

  private fallBackToPolling(error: unknown): void {
    if (!this.running) return;
    if (this.state.state === 'connected' && this.state.transport === 'websocket') this.dropped = true;
    const message = this.transport.websocketFailed(error, this.pollMs(), 'private websocket');
    if (message === null) return;
    this.setStatus({ transport: 'polling', message });
    this.wake?.(); // poll now, not after the resync pause
  }

  /** One REST snapshot in the background lane: it never holds up the trader's own requests. */
  private pollOnce(): Promise<void> {
    return inBackgroundLane(() => this.snapshot());
  }

  /** Open orders (and the final state of those that left the list), then balances. */
  private async snapshot(): Promise<void> {
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
      const sentAfter = this.balancePushes;
      const read = await exchange.fetchBalances();
      this.setBalances(mergeBalanceRead(read, this.latestBalances, (currency) => (this.pushedAt.get(currency) ?? 0) > sentAfter));
      this.transport.pollSucceeded();
      // The snapshot proves the account answers; on the websocket a quiet account may send nothing for hours.
      if (this.transport.mode === 'polling') this.connected('polling', this.state.message);
      else if (this.socketOpen()) this.connected('websocket');
    } catch (error) {
      if (this.state.lastUpdate !== null) this.dropped = true;
      this.setStatus(this.transport.pollFailed(error, exchange.id));
    }
  }

  /** Announces an order whose state changed since we last saw it, with its new fills. */
  private consider(report: ExchangeOrder): void {
    const id = report.exchangeOrderId;
    if (!id || this.ended.has(id)) return;
    const before = this.open.get(id);
    const order = newerReport(before, report);
    if (order === null) return; // a read taken before a push that already arrived
    const changed = !before || before.status !== order.status || before.filled !== order.filled;
    this.track(order);
    if (!changed) return;
    // First seen already ended: nothing to tell unless it traded. One that traded is an order whose push
    // overtook its own REST answer (a market order: the venue pushes before it answers) or one placed at
    // the venue; its fills are looked for now — its answer, arriving later, then finds them announced.
    if (!before && TERMINAL_ORDER_STATUSES.has(order.status) && !(order.filled > 0)) return;
    void this.fillsOf(order, before?.filled ?? 0).then((fills) => this.options.exchange.announce(order, fills));
  }

  /**
   * An update the adapter announced itself (our own placement, cancel or lookup). An order that traded
   * at once — a market order, a marketable limit — leaves the open list before any poll sees it, so its
   * fills are fetched here; a later update without new fills fetches nothing.
   */
  private ownUpdate(order: ExchangeOrder, fills: readonly Fill[]): void {
    const filledBefore = order.exchangeOrderId ? (this.open.get(order.exchangeOrderId)?.filled ?? this.announcedFilled.get(order.exchangeOrderId) ?? 0) : 0;
    for (const fill of fills) this.announcedFills.add(fill.id);
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

  /**
   * A websocket balance update. Venues push only the currencies that changed, and ccxt merges them
   * into a cache that outlives reconnects, so only the currencies whose figures moved since the
   * previous push are taken; the others keep the REST snapshot's figures.
   */
  private applyPushedBalances(cached: readonly Balance[]): void {
    const merged = new Map(this.latestBalances.map((entry) => [entry.currency, entry]));
    this.balancePushes += 1;
    for (const entry of cached) {
      const figures = `${entry.free}/${entry.used}/${entry.total}`;
      if (this.pushed.get(entry.currency) === figures) continue;
      this.pushed.set(entry.currency, figures);
      this.pushedAt.set(entry.currency, this.balancePushes);
      merged.set(entry.currency, entry);
    }
    this.setBalances([...merged.values()].filter(nonZero));
  }

  private setBalances(balances: readonly Balance[]): void {
    this.latestBalances = balances;
    this.balancesAt = this.now();
  }

  /** Records the order's state; never one older than what is known (see `newerReport`). */
  private track(report: ExchangeOrder): void {
    if (!report.exchangeOrderId) return;
    const order = newerReport(this.open.get(report.exchangeOrderId), report);
    if (order === null || !order.exchangeOrderId) return;
    if (TERMINAL_ORDER_STATUSES.has(order.status)) {
      this.open.delete(order.exchangeOrderId);
      this.ended.add(order.exchangeOrderId);
      // Its fills are being looked for now: a later report of ours (a cancel's answer) fetches nothing.
      this.announcedFilled.set(order.exchangeOrderId, Math.max(order.filled, this.announcedFilled.get(order.exchangeOrderId) ?? 0));
    } else if (!this.ended.has(order.exchangeOrderId)) {
      this.open.set(order.exchangeOrderId, order);
    }
  }

  /** The order's trades not announced yet, when its filled amount grew (so positions can be rebuilt from fills). */
  private async fillsOf(order: ExchangeOrder, filledBefore: number) {
    if (order.filled <= filledBefore) return [];
    try {
      const fills = await this.options.exchange.fetchFills(order.symbol, order.createdAt - 1_000, order.exchangeOrderId ?? undefined);
      const fresh = fills.filter((fill) => fill.exchangeOrderId === order.exchangeOrderId && !this.announcedFills.has(fill.id));
      for (const fill of fresh) this.announcedFills.add(fill.id);
      return fresh;
    } catch {
      return []; // the order state still goes through; reconciliation fetches fills again
    }
  }

  private connected(transport: 'websocket' | 'polling', message: string | null = null): void {
    const heardLast = this.state.lastUpdate;
    const reconnected = this.dropped || (heardLast !== null && this.now() - heardLast > Math.max(SILENT_MS, 3 * this.refreshMs()));
    this.dropped = false;
    this.setStatus({ state: 'connected', transport, lastUpdate: this.now(), message });
    if (reconnected) this.options.onReconnected?.();
  }

  /** ccxt's websockets for this account (it forgets closed ones). */
  private sockets(): readonly CcxtSocket[] {
    return Object.values((this.options.exchange.client as unknown as { clients?: Record<string, CcxtSocket> }).clients ?? {});
  }

  /** Whether ccxt holds an open websocket for this account. */
  private socketOpen(): boolean {
    return this.sockets().some((socket) => socket.isConnected === true);
  }

  /**
   * Whether order pushes reach ccxt: on an open socket it waits for them (a pending future named after
   * orders — 'orders' on Binance, Bybit, Kraken, OKX — or Coinbase's 'user' channel). ccxt starts that
   * wait once the venue confirmed the subscription where the venue answers one (Binance's
   * `userDataStream.subscribe.signature`), else right after sending the subscription on the open socket.
   */
  private listening(): boolean {
    return this.sockets().some((socket) => socket.isConnected === true && Object.keys(socket.futures ?? {}).some((hash) => ORDER_PUSHES.test(hash)));
  }

  /** Waits (within one resync period) until `ready`; false when it did not come, the socket failed or the stream stopped. */
  private async waitUntil(ready: () => boolean): Promise<boolean> {
    const deadline = Date.now() + (this.options.resyncMs ?? 60_000); // real time: the wait is real
    while (this.running && this.transport.mode === 'websocket' && !ready() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.running && this.transport.mode === 'websocket' && ready();
  }

  private pollMs(): number {
    return this.options.pollMs ?? 10_000;
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

/** Heard nothing for longer than this (and three refresh periods): the machine slept, or the process stalled. */
const SILENT_MS = 2 * 60_000;

/** ccxt's names of the waits for a private order push ('orders', 'orders:BTC/USDT', 'user'…). */
const ORDER_PUSHES = /order|^user\b/i;

/** What the stream reads of a ccxt websocket client. */
interface CcxtSocket {
  readonly isConnected?: boolean;
  readonly futures?: Record<string, unknown>;
}

function toBalances(balance: CcxtBalances | Record<string, unknown>): Balance[] {
  const record = balance as unknown as { total?: Record<string, number | undefined>; free?: Record<string, number | undefined>; used?: Record<string, number | undefined> };
  const totals = record.total ?? {};
  // Zero figures are kept: a currency that went to zero is an update too (filtered after merging).
  return Object.keys(totals).map((currency) => ({ currency, free: record.free?.[currency] ?? 0, used: record.used?.[currency] ?? 0, total: totals[currency] ?? 0 }));
}

function nonZero(entry: Balance): boolean {
  return entry.total !== 0 || entry.free !== 0 || entry.used !== 0;
}

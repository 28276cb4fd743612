import { isExchangeError } from '../exchange/errors.js';
import type { Balance, ExchangePort, Fill } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderBook } from '../market/order-book.js';
import type { OrderJournal } from '../orders/journal.js';
import { JournaledExchange } from '../orders/journaled-exchange.js';
import { DeadManSwitch } from '../risk/dead-man.js';
import { PROTECTIVE_REASON } from '../orders/protective-stops.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { AccountRecord } from './account-record.js';
import type { FillRecord } from '../orders/order-record.js';
import { LiveStrategyPort } from './live-strategy-port.js';
import { keyRefusal } from './key-refusal.js';
import { DailyTierRefresh } from './tier-refresh.js';
import { HoldingPrices, type HoldingPrice } from './holding-prices.js';
import type { TierVolumes } from '../exchange/volume-tiers.js';
import type { LiveVenue, OpenLiveVenue } from './live-venue.js';
import type { AccountRegistry } from './registry.js';
import type { TradingAccount } from './trading-account.js';

/** Arming refused, or the venue could not be reached: the message says which and what to do. */
export class ArmingError extends Error {
  constructor(
    message: string,
    readonly kind: 'not_found' | 'rejected' | 'unavailable',
  ) {
    super(message);
    this.name = 'ArmingError';
  }
}

export interface LiveAccountsOptions {
  readonly accounts: {
    list(): AccountRecord[];
    get(id: number): AccountRecord | null;
    setMode(id: number, mode: 'paper' | 'live'): AccountRecord;
  };
  /** The keychain credentials of an account; null when there are none. */
  readonly credentials: (accountId: number) => Promise<{ apiKey: string; apiSecret: string; passphrase?: string } | null>;
  readonly openVenue: OpenLiveVenue;
  readonly registry: AccountRegistry;
  readonly journal: OrderJournal;
  readonly halt: HaltSwitch;
  /** True once the trader saved risk limits (live trading needs them). */
  readonly limitsSaved: () => boolean;
  readonly audit: (action: string, source: string, detail: Readonly<Record<string, unknown>>, category?: 'mode' | 'risk') => void;
  /** The quote currency a live account's equity is counted in. */
  readonly quote: () => string;
  /** The price a position on `exchange` is marked at, or null when Halyard does not watch that market. */
  readonly markPrice: (exchange: string, symbol: MarketSymbol) => number | null;
  /** The set of armed accounts or an account's health changed (the status bar). */
  readonly onChange: () => void;
  /** An armed account's order changed (placed, filled, cancelled — also when seen by its stream). */
  readonly onOrderUpdate?: (clientOrderId: string) => void;
  /** Fills of an armed account Halyard had not seen before, each told once however it arrived. */
  readonly onFills?: (fills: readonly FillRecord[]) => void;
  /**
   * An account left armed could not be connected again at start and is back on paper; `why` is the venue's or
   * the keychain's answer. Told where the trader reads it later (the risk events), not only to the audit log.
   */
  readonly onReconnectFailed?: (venue: string, why: string) => void;
  /** The trader is disarming `<exchange>:<label>`: its strategies stop before the connection closes. */
  readonly onDisarm?: (venue: string) => Promise<void>;
  /** The 24 h volumes that make a market large, mid or small (risk config); without it tiers stay the defaults. */
  readonly tierVolumes?: () => TierVolumes;
  /** Orders die this long after Halyard's last heartbeat; default 60 s. */
  readonly deadManTimeoutMs?: number;
  /** The wall clock the venue's prices are aged by; default Date.now. */
  readonly now?: () => number;
}

/**
 * Live trading is armed deliberately, one account at a time: credentials in the keychain, risk limits
 * saved by the trader, the account label typed to confirm, the key accepted by the exchange, and no
 * withdrawal permission where the exchange reports it. An armed account is a TradingAccount in the
 * registry — journaled, halt-checked, with its private stream and the venue's dead-man timer.
 */
export class LiveAccounts {
  private readonly connected = new Map<number, LiveAccount>();

  constructor(private readonly options: LiveAccountsOptions) {}

  /** Reconnects accounts the trader left armed (they stay LIVE across restarts; HALTED still applies). */
  async start(): Promise<void> {
    for (const record of this.options.accounts.list()) {
      if (record.mode !== 'live') continue;
      try {
        await this.connect(record);
      } catch (error) {
        // Keys revoked or the venue down: back to paper rather than LIVE with no connection, saying why.
        const why = `could not reconnect at start: ${error instanceof Error ? error.message : String(error)}`;
        this.options.accounts.setMode(record.id, 'paper');
        this.options.audit('disarmed', 'system', { ...describe(record), why });
        this.options.onReconnectFailed?.(`${record.exchange}:${record.label}`, why);
      }
    }
  }

  /** True when `venue` (`<exchange>:<label>`) names a configured account, armed or not. */
  knows(venue: string): boolean {
    return this.options.accounts.list().some((record) => `${record.exchange}:${record.label}` === venue);
  }

  /** The port strategy engines hear an armed account's updates through (each fill once). */
  enginePort(venue: string): ExchangePort | null {
    return this.byVenue(venue)?.strategyPort ?? null;
  }

  /** Takes fills that reached the journal another way (reconciliation) to engines and the UI. */
  syncFills(): void {
    for (const account of this.connected.values()) account.syncFills();
  }

  accounts(): LiveAccount[] {
    return [...this.connected.values()];
  }

  async arm(id: number, confirmLabel: string): Promise<AccountRecord> {
    const record = this.options.accounts.get(id);
    if (!record) throw new ArmingError(`no account ${id}`, 'not_found');
    if (confirmLabel !== record.label) throw new ArmingError(`type the account label "${record.label}" exactly to arm it for live trading`, 'rejected');
    if (!this.options.limitsSaved()) throw new ArmingError('save your risk limits (Risk tab → Risk limits) before going live: max order size, exposure and the daily loss breaker apply to live orders', 'rejected');
    if (this.connected.has(id)) return record;
    await this.connect(record);
    const armed = this.options.accounts.setMode(id, 'live');
    // The label was typed to confirm; where the venue cannot say whether the key can withdraw, the audit says so.
    this.options.audit('armed', 'user', { ...describe(armed), withdrawalPermission: this.byVenue(`${armed.exchange}:${armed.label}`)?.withdrawals === 'unknown' ? 'unknown' : 'none' });
    this.options.onChange();
    return armed;
  }

  async disarm(id: number): Promise<AccountRecord> {
    const record = this.options.accounts.get(id);
    if (!record) throw new ArmingError(`no account ${id}`, 'not_found');
    const account = this.connected.get(id);
    if (account) await this.options.onDisarm?.(account.id);
    this.connected.delete(id);
    if (account) {
      this.options.registry.unregister(account.id);
      await account.disconnect();
    }
    const paper = this.options.accounts.setMode(id, 'paper');
    if (record.mode === 'live') this.options.audit('disarmed', 'user', describe(record));
    this.options.onChange();
    return paper;
  }

  /** On quit: timers off (the trader chose what happens to open orders), streams stopped, clients closed. */
  async close(): Promise<void> {
    for (const account of this.connected.values()) {
      this.options.registry.unregister(account.id);
      await account.disconnect();
    }
    this.connected.clear();
  }

  private byVenue(venue: string): LiveAccount | null {
    for (const account of this.connected.values()) if (account.id === venue) return account;
    return null;
  }

  private async connect(record: AccountRecord): Promise<void> {
    const credentials = await this.options.credentials(record.id);
    if (!credentials) throw new ArmingError(`no API key for ${record.exchange}:${record.label} in the keychain: add it under Settings → Accounts`, 'rejected');
    const venue = this.options.openVenue({
      exchange: record.exchange,
      label: record.label,
      sandbox: record.sandbox,
      baseUrl: record.baseUrl,
      apiKey: credentials.apiKey,
      secret: credentials.apiSecret,
      ...(credentials.passphrase ? { password: credentials.passphrase } : {}),
      onStatus: () => this.options.onChange(),
    });
    let balances: readonly Balance[];
    let withdrawals: boolean | 'unknown';
    try {
      await venue.exchange.loadMarkets();
      balances = await venue.exchange.fetchBalances(); // proves the key signs and is accepted
      const permissions = await venue.keyPermissions();
      withdrawals = permissions.withdrawals;
      if (permissions.withdrawals === true) {
        throw new ArmingError(`this ${record.exchange} key allows withdrawals. Create a trade-only key (no withdrawal permission, ideally IP-restricted) and replace it in Settings → Accounts`, 'rejected');
      }
    } catch (error) {
      await venue.exchange.close();
      if (error instanceof ArmingError) throw error;
      if (isExchangeError(error, 'auth')) throw new ArmingError(keyRefusal(record.exchange, error.message), 'rejected');
      throw new ArmingError(`could not connect to ${record.exchange}: ${error instanceof Error ? error.message : String(error)}`, 'unavailable');
    }
    const account = new LiveAccount(record, venue, balances, this.options, withdrawals);
    // Priced before anyone reads the account's equity: the day's starting equity counts every coin from the first reading.
    await account.startPricing();
    this.connected.set(record.id, account);
    this.options.registry.register(account);
    venue.stream.start();
    await account.startDeadMan();
    await account.tiers?.start();
  }
}

/** Warm connections beyond the account's working orders. */
const WARM_MARGIN = 2;

/**
 * One armed live account: its journaled port, the port engines listen on, its balances (the private
 * stream's while fresh, else the last fetched) and the venue's dead-man timer, kept armed for as long as
 * the account is armed — HALTED too: if a cancel of the emergency stop failed and Halyard then dies, the
 * venue still cancels the order.
 */
export class LiveAccount implements TradingAccount {
  readonly id: string;
  readonly label: string;
  readonly mode = 'live' as const;
  readonly exchange: string;
  readonly port: JournaledExchange;
  readonly strategyPort: LiveStrategyPort;
  readonly deadMan: DeadManSwitch;
  deadManProblem: string | null = null;
  /** Daily liquidity tiers from the venue's 24 h volumes (null where the venue or the options give none). */
  readonly tiers: DailyTierRefresh | null;
  /** The venue's prices of every currency held (null where the venue gives none). */
  private readonly holdings: HoldingPrices | null;
  /** Venue trade ids already announced (each fill reaches engines and the UI once). */
  private readonly seen: Set<string>;
  private readonly detach: () => void;
  private readonly stopWarm: () => void;
  private balancesRead: Promise<readonly Balance[]> | null = null;

  constructor(
    readonly record: AccountRecord,
    readonly venue: LiveVenue,
    private lastBalances: readonly Balance[],
    private readonly options: LiveAccountsOptions,
    /** What the venue said about withdrawals when the account was armed: `unknown` where its API cannot tell. */
    readonly withdrawals: boolean | 'unknown',
  ) {
    this.id = `${record.exchange}:${record.label}`;
    this.label = record.label;
    this.exchange = record.exchange;
    this.port = JournaledExchange.wrap({ inner: venue.exchange, journal: options.journal, halted: () => options.halt.halted, venue: this.id, accountId: record.id });
    this.strategyPort = new LiveStrategyPort(this.port);
    this.seen = new Set(options.journal.venueFills(this.id).map((fill) => fill.id));
    this.deadMan = new DeadManSwitch({
      port: venue.exchange,
      ...(options.deadManTimeoutMs !== undefined ? { timeoutMs: options.deadManTimeoutMs } : {}),
      onProblem: (message) => this.deadManTrouble(message),
      holdOff: () => this.protectiveStopsResting(),
    });
    const refresh = venue.refreshTiers?.bind(venue);
    const volumes = options.tierVolumes;
    this.tiers =
      refresh && volumes
        ? new DailyTierRefresh({ refresh, volumes, now: Date.now, onProblem: (message) => this.options.audit('tiers_problem', 'system', { account: this.id, message }, 'risk') })
        : null;
    const lastPrices = venue.lastPrices?.bind(venue);
    this.holdings = lastPrices
      ? new HoldingPrices({
          venue: record.exchange,
          markets: () => venue.exchange.loadMarkets(),
          lastPrices,
          balances: () => this.balanceSnapshot(),
          quote: () => this.quote,
          now: options.now ?? Date.now,
          onProblem: (message) => this.options.audit('prices_problem', 'system', { account: this.id, message }, 'risk'),
          onStale: (message, since) => this.options.audit('prices_stale', 'system', { account: this.id, message, since }, 'risk'),
          onFresh: (message) => this.options.audit('prices_fresh', 'system', { account: this.id, message }, 'risk'),
        })
      : null;
    // One connection per order an emergency stop would cancel at once, and a margin for orders placed meanwhile.
    this.stopWarm = venue.keepConnectionsWarm?.(() => options.journal.live(this.id).length + WARM_MARGIN) ?? (() => undefined);
    const stopChanges = options.journal.onOrderChange((order) => {
      if (order.venue === this.id && order.reason === PROTECTIVE_REASON) this.deadMan.refresh();
    });
    // Subscribed after the journaled port's own listener: the journal (and the ledger) is current when engines and the UI hear of it.
    const stopUpdates = this.port.onOrderUpdate(({ order, fills }) => {
      const fresh = this.take(fills);
      // Engines first: a fill announced to the UI already carries the trade its engine put it in.
      this.strategyPort.deliver(order, fresh);
      options.onOrderUpdate?.(order.clientOrderId);
      if (fresh.length > 0) options.onFills?.(fresh.map((fill) => ({ ...fill, venue: this.id })));
    });
    this.detach = () => {
      stopUpdates();
      stopChanges();
    };
  }

  /** Why the venue's cancel-all timer must stay off: protective stops rest here, and it would cancel them too. */
  private protectiveStopsResting(): string | null {
    const count = this.options.journal.live(this.id).filter((order) => order.reason === PROTECTIVE_REASON).length;
    if (count === 0) return null;
    return `off while ${count} protective stop${count === 1 ? ' rests' : 's rest'} at ${this.exchange}: the timer would cancel ${count === 1 ? 'it' : 'them'} too`;
  }

  get quote(): string {
    return this.options.quote();
  }

  balanceSnapshot(): readonly Balance[] | null {
    return this.venue.stream.currentBalances() ?? this.lastBalances;
  }

  /**
   * The stream's balances while current; else one read of the venue, shared by everyone who asks while
   * it is on its way (the UI asks from several places at once while the stream connects — one read each
   * would keep the stream's own first reads, which yield to the trader's, waiting behind them).
   */
  balances(): Promise<readonly Balance[]> {
    const streamed = this.venue.stream.currentBalances();
    if (streamed) return Promise.resolve(streamed);
    this.balancesRead ??= this.port.fetchBalances().then((read) => (this.lastBalances = read)).finally(() => (this.balancesRead = null));
    return this.balancesRead;
  }

  markPrice(symbol: MarketSymbol): number | null {
    return this.options.markPrice(this.exchange, symbol);
  }

  venuePrice(currency: string, total: number): HoldingPrice {
    return this.holdings?.price(currency, total) ?? { kind: 'unvalued', reason: `Halyard reads no prices from ${this.exchange} for holdings it does not watch` };
  }

  /** First prices of the holdings, then a refresh every minute while armed. */
  async startPricing(): Promise<void> {
    await this.holdings?.refresh();
    this.holdings?.start();
  }

  async orderBookNow(symbol: MarketSymbol): Promise<OrderBook | null> {
    if (!this.venue.orderBook) return null;
    try {
      return await this.venue.orderBook(symbol);
    } catch {
      return null; // no book is an answer: the depth check says so, the order's other checks still apply
    }
  }

  /** Fills the journal holds that engines and the UI have not heard of (recorded by reconciliation). */
  syncFills(): void {
    const fresh = this.take(this.options.journal.venueFills(this.id));
    for (const clientOrderId of new Set(fresh.map((fill) => fill.clientOrderId))) {
      const record = this.options.journal.get(clientOrderId);
      if (record?.strategy) this.strategyPort.deliver(record, fresh);
    }
    if (fresh.length > 0) this.options.onFills?.(fresh.map((fill) => ({ ...fill, venue: this.id })));
  }

  async startDeadMan(): Promise<void> {
    if (this.deadMan.armed || !this.port.capabilities.cancelAllAfter) return;
    try {
      await this.deadMan.start();
      this.deadManProblem = null;
    } catch (error) {
      this.deadManTrouble(`could not arm the cancel-all-after timer: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.options.onChange();
  }

  async disconnect(): Promise<void> {
    this.detach();
    this.stopWarm();
    this.tiers?.stop();
    this.holdings?.stop();
    try {
      await this.deadMan.stop();
      this.deadManProblem = null;
    } catch (error) {
      this.deadManTrouble(`could not switch the cancel-all-after timer off: ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.venue.stream.stop();
    await this.port.close();
  }

  private take(fills: readonly Fill[]): Fill[] {
    const fresh: Fill[] = [];
    for (const fill of fills) {
      if (this.seen.has(fill.id)) continue;
      this.seen.add(fill.id);
      fresh.push(fill);
    }
    return fresh;
  }

  private deadManTrouble(message: string): void {
    const first = this.deadManProblem === null;
    this.deadManProblem = message;
    // The first problem of a series goes to the audit log; the heartbeat's repeats only to the status.
    if (first) this.options.audit('dead_man_problem', 'system', { account: this.id, message }, 'risk');
    this.options.onChange();
  }
}

function describe(record: AccountRecord): Record<string, unknown> {
  return { accountId: record.id, exchange: record.exchange, label: record.label };
}

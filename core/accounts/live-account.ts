import type { Balance, Fill } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderBook } from '../market/order-book.js';
import { JournaledExchange } from '../orders/journaled-exchange.js';
import { DeadManSwitch } from '../risk/dead-man.js';
import { PROTECTIVE_REASON } from '../orders/protective-stops.js';
import type { AccountRecord } from './account-record.js';
import { LiveStrategyPort } from './live-strategy-port.js';
import { DailyTierRefresh } from './tier-refresh.js';
import { HoldingPrices, type HoldingPrice } from './holding-prices.js';
import type { LiveAccountsOptions } from './live-accounts.js';
import type { LiveVenue } from './live-venue.js';
import type { TradingAccount } from './trading-account.js';

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

import { ApiError } from '../api/errors.js';
import type { LiveAccountHealth } from '../api/contract/app.js';
import type { PositionView } from '../api/contract/trading.js';
import { CcxtAccountStream } from '../exchange/ccxt-account-stream.js';
import { CcxtExchange } from '../exchange/ccxt-exchange.js';
import { isExchangeError } from '../exchange/errors.js';
import { keyPermissions } from '../exchange/key-permissions.js';
import type { Balance } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { RateBudgets } from '../exchange/rate-budget.js';
import { DeadManSwitch } from '../risk/dead-man.js';
import type { StopAccount } from '../risk/emergency-stop.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { OrderJournal } from '../risk/journal.js';
import { JournaledExchange } from '../risk/journaled-exchange.js';
import type { AccountRecord } from '../store/repositories/accounts.js';
import type { FillRecord } from '../store/repositories/fills.js';
import type { HalyardStore } from '../store/store.js';
import { toView, type AccountsService } from './accounts-service.js';
import type { HandlerMap } from './handlers.js';
import { LiveBook } from './live-book.js';
import { LiveStrategyPort } from './live-strategy-port.js';

interface Connected {
  readonly record: AccountRecord;
  readonly venue: string;
  readonly port: JournaledExchange;
  /** What strategy engines on this account trade through (fills once each, from the book). */
  readonly strategyPort: LiveStrategyPort;
  /** Order and balance updates from the venue (websocket, or REST polling as the fallback). */
  readonly stream: CcxtAccountStream;
  /**
   * The venue's cancel-all-after timer, kept armed for as long as the account is armed — HALTED too:
   * if a cancel of the emergency stop failed and Halyard then dies, the venue still cancels the order.
   */
  readonly deadMan: DeadManSwitch;
  deadManProblem: string | null;
  readonly detach: () => void;
}

export interface LiveAccountsOptions {
  readonly store: HalyardStore;
  readonly accounts: AccountsService;
  readonly journal: OrderJournal;
  readonly halt: HaltSwitch;
  readonly budgets: RateBudgets;
  /** Called when the set of armed accounts changes (the status bar's mode) or an account's health does. */
  readonly onChange: () => void;
  /** An armed account's order changed (placed, filled, cancelled — also when seen by its stream). */
  readonly onOrderUpdate?: (clientOrderId: string) => void;
  /** Fills of an armed account Halyard had not seen before, each told once (however many ways it arrived). */
  readonly onFills?: (fills: readonly FillRecord[]) => void;
  /** The trader is disarming the account `<exchange>:<label>`: its strategies stop before the connection closes. */
  readonly onDisarm?: (venue: string) => Promise<void>;
  /** The price a live position on `exchange` is marked at, or null when Halyard does not watch that market. */
  readonly markPrice?: (exchange: string, symbol: MarketSymbol) => number | null;
  /** Orders die this long after Halyard's last heartbeat; default 60 s. */
  readonly deadManTimeoutMs?: number;
  /** REST polling period of the private updates when the websocket is unavailable; default 10 s. */
  readonly pollMs?: number;
}

const RISK_CONFIG_KEY = 'risk.config';

/**
 * Live trading is armed deliberately, one account at a time: credentials in the keychain, risk limits
 * saved by the trader, the account label typed to confirm, the key accepted by the exchange, and no
 * withdrawal permission where the exchange reports it. Armed accounts are journaled, halt-checked
 * ports that the emergency stop cancels on and reconciliation checks.
 */
export class LiveAccounts {
  private readonly connected = new Map<number, Connected>();
  /** Fills taken once each, and the manual positions built from them. */
  private readonly book: LiveBook;
  /** Client order ids a strategy configuration is about to send (journaled under its name). */
  private readonly claims = new Map<string, string>();

  constructor(private readonly options: LiveAccountsOptions) {
    this.book = new LiveBook({ journal: options.journal, ...(options.markPrice ? { markPrice: options.markPrice } : {}) });
  }

  /** Reconnects accounts the trader left armed (they stay LIVE across restarts; HALTED still applies). */
  async start(): Promise<void> {
    for (const record of this.options.store.accounts.list()) {
      if (record.mode !== 'live') continue;
      try {
        await this.connect(record);
      } catch {
        // Keys revoked or the venue down: back to paper rather than LIVE with no connection.
        this.options.store.accounts.setMode(record.id, 'paper');
        this.audit('disarmed', record, 'system', { why: 'could not reconnect at start' });
      }
    }
  }

  stopAccounts(): readonly StopAccount[] {
    return [...this.connected.values()].map((c) => ({ id: c.venue, label: c.record.label, mode: 'live' as const, port: c.port }));
  }

  /** The journaled port of an armed account, by its venue key `<exchange>:<label>`. */
  port(venue: string): JournaledExchange | null {
    for (const c of this.connected.values()) if (c.venue === venue) return c.port;
    return null;
  }

  /** The port strategy engines trade through on an armed account, by its venue key; null when not armed. */
  strategyPort(venue: string): LiveStrategyPort | null {
    for (const c of this.connected.values()) if (c.venue === venue) return c.strategyPort;
    return null;
  }

  /** True when `venue` (`<exchange>:<label>`) names a configured account, armed or not. */
  knows(venue: string): boolean {
    return this.options.store.accounts.list().some((record) => `${record.exchange}:${record.label}` === venue);
  }

  /** A strategy configuration is about to send this order: the journal records it under its name. */
  claimOrder(clientOrderId: string, strategy: string): void {
    this.claims.set(clientOrderId, strategy);
  }

  /** The trader's positions on armed accounts (manual orders and orders placed at the venue), rebuilt from fills. */
  positions(): PositionView[] {
    return this.book.positions();
  }

  /** The trade a live fill belongs to (and the exit reason of a closing fill). */
  fillTrade(venue: string, fillId: string) {
    return this.book.trade(venue, fillId);
  }

  /** An armed account's balances: the private stream's while fresh, else fetched from the venue; null when not armed. */
  async balances(venue: string): Promise<readonly Balance[] | null> {
    const c = [...this.connected.values()].find((candidate) => candidate.venue === venue);
    if (!c) return null;
    return c.stream.currentBalances() ?? (await c.port.fetchBalances());
  }

  /** Takes fills that reached the journal another way (reconciliation) and announces the new ones. */
  syncFills(): void {
    for (const c of this.connected.values()) {
      const fresh = this.book.sync(c.venue);
      // Strategy engines hear of these fills with their order as the journal now has it.
      for (const clientOrderId of new Set(fresh.map((fill) => fill.clientOrderId))) {
        const record = this.options.journal.get(clientOrderId);
        if (record?.strategy) c.strategyPort.deliver(record, fresh);
      }
      if (fresh.length > 0) this.options.onFills?.(fresh);
    }
  }

  mode(): { kind: 'paper' | 'live'; account: string | null } {
    const first = [...this.connected.values()][0];
    return first ? { kind: 'live', account: [...this.connected.values()].map((c) => c.venue).join(', ') } : { kind: 'paper', account: null };
  }

  /** Per armed account: how its updates arrive and whether the venue's dead-man timer is armed. */
  health(): LiveAccountHealth[] {
    return [...this.connected.values()].map((c) => ({
      account: c.venue,
      updates: c.stream.status(),
      deadMan: {
        supported: c.port.capabilities.cancelAllAfter,
        armed: c.deadMan.armed,
        timeoutMs: c.port.capabilities.cancelAllAfter ? c.deadMan.timeoutMs : null,
        problem: c.deadMan.armed && c.deadMan.consecutiveFailures === 0 ? null : c.deadManProblem,
      },
    }));
  }

  /** On quit: timers off (the trader chose what happens to open orders), streams stopped, clients closed. */
  async close(): Promise<void> {
    for (const c of this.connected.values()) await this.disconnect(c);
    this.connected.clear();
  }

  handlers(): HandlerMap {
    return {
      'accounts.arm': async ({ id, confirmLabel }) => {
        const record = this.options.store.accounts.get(id);
        if (!record) throw new ApiError('not_found', `no account ${id}`);
        if (confirmLabel !== record.label) throw new ApiError('rejected', `type the account label "${record.label}" exactly to arm it for live trading`);
        if (this.options.store.settings.getRaw(RISK_CONFIG_KEY) == null) {
          throw new ApiError('rejected', 'save your risk limits (Risk tab) before going live: max order size, exposure and the daily loss breaker apply to live orders');
        }
        if (this.connected.has(id)) return toView(this.options.store.accounts.get(id)!);
        await this.connect(record);
        const armed = this.options.store.accounts.setMode(id, 'live');
        this.audit('armed', armed, 'user', {});
        this.options.onChange();
        return toView(armed);
      },
      'accounts.disarm': async ({ id }) => {
        const record = this.options.store.accounts.get(id);
        if (!record) throw new ApiError('not_found', `no account ${id}`);
        const connected = this.connected.get(id);
        if (connected) await this.options.onDisarm?.(connected.venue);
        this.connected.delete(id);
        if (connected) await this.disconnect(connected);
        const paper = this.options.store.accounts.setMode(id, 'paper');
        if (record.mode === 'live') this.audit('disarmed', paper, 'user', {});
        this.options.onChange();
        return toView(paper);
      },
    };
  }

  private async connect(record: AccountRecord): Promise<void> {
    const credentials = await this.options.accounts.credentials(record.id);
    if (!credentials) throw new ApiError('rejected', `no API key for ${record.exchange}:${record.label} in the keychain: add it under Settings → Accounts`);
    const exchange = new CcxtExchange({
      account: {
        exchange: record.exchange,
        apiKey: credentials.apiKey,
        secret: credentials.apiSecret,
        ...(credentials.passphrase ? { password: credentials.passphrase } : {}),
        sandbox: record.sandbox,
        baseUrl: record.baseUrl,
      },
      budgets: this.options.budgets,
    });
    try {
      await exchange.loadMarkets();
      await exchange.fetchBalances(); // proves the key signs and is accepted
      const permissions = await keyPermissions(exchange);
      if (permissions.withdrawals === true) {
        throw new ApiError('rejected', `this ${record.exchange} key allows withdrawals. Create a trade-only key (no withdrawal permission, ideally IP-restricted) and replace it in Settings → Accounts`);
      }
    } catch (error) {
      await exchange.close();
      if (error instanceof ApiError) throw error;
      if (isExchangeError(error, 'auth')) throw new ApiError('rejected', `${record.exchange} refused the key: ${error.message}`);
      throw new ApiError('unavailable', `could not connect to ${record.exchange}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const venue = `${record.exchange}:${record.label}`;
    const port = JournaledExchange.wrap({
      inner: exchange,
      journal: this.options.journal,
      halted: () => this.options.halt.halted,
      venue,
      accountId: record.id,
      describe: (request) => {
        const strategy = this.claims.get(request.clientOrderId);
        if (!strategy) return null;
        this.claims.delete(request.clientOrderId);
        return { strategy, reason: `${strategy} intent` };
      },
    });
    const strategyPort = new LiveStrategyPort(port);
    const stream = new CcxtAccountStream({ exchange, ...(this.options.pollMs !== undefined ? { pollMs: this.options.pollMs } : {}), onStatus: () => this.options.onChange() });
    const connected: Connected = {
      record,
      venue,
      port,
      strategyPort,
      stream,
      deadMan: new DeadManSwitch({
        port: exchange,
        ...(this.options.deadManTimeoutMs !== undefined ? { timeoutMs: this.options.deadManTimeoutMs } : {}),
        onProblem: (message) => this.deadManTrouble(connected, message),
      }),
      deadManProblem: null,
      // Subscribed after the journaled port's own listener: the journal is current when the UI hears of it.
      detach: port.onOrderUpdate(({ order, fills }) => {
        const fresh = this.book.add(venue, fills);
        // Engines first: a fill announced to the UI already carries the trade its engine put it in.
        strategyPort.deliver(order, fresh);
        this.options.onOrderUpdate?.(order.clientOrderId);
        if (fresh.length > 0) this.options.onFills?.(fresh);
      }),
    };
    // The book starts from the journal's fills (positions survive a restart) before any update arrives.
    this.book.attach(venue, record.exchange);
    this.connected.set(record.id, connected);
    stream.start();
    await this.startDeadMan(connected);
  }

  private async disconnect(c: Connected): Promise<void> {
    c.detach();
    this.book.detach(c.venue);
    await this.stopDeadMan(c);
    await c.stream.stop();
    await c.port.close();
  }

  private async startDeadMan(c: Connected): Promise<void> {
    if (c.deadMan.armed || !c.port.capabilities.cancelAllAfter) return;
    try {
      await c.deadMan.start();
      c.deadManProblem = null;
      // Disarmed while the first request was in flight: do not leave the timer beating.
      if (this.connected.get(c.record.id) !== c) await c.deadMan.stop();
    } catch (error) {
      this.deadManTrouble(c, `could not arm the cancel-all-after timer: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.options.onChange();
  }

  private async stopDeadMan(c: Connected): Promise<void> {
    try {
      await c.deadMan.stop();
      c.deadManProblem = null;
    } catch (error) {
      this.deadManTrouble(c, `could not switch the cancel-all-after timer off: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.options.onChange();
  }

  private deadManTrouble(c: Connected, message: string): void {
    const first = c.deadManProblem === null;
    c.deadManProblem = message;
    // The first problem of a series goes to the audit log; the heartbeat's repeats only to the status.
    if (first) this.options.store.audit.append({ category: 'risk', action: 'dead_man_problem', source: 'system', detail: { account: c.venue, message } });
    this.options.onChange();
  }

  private audit(action: string, account: AccountRecord, source: string, extra: Record<string, unknown>): void {
    this.options.store.audit.append({ category: 'mode', action, source, detail: { accountId: account.id, exchange: account.exchange, label: account.label, ...extra } });
  }
}

import { isExchangeError } from '../exchange/errors.js';
import type { Balance, ExchangePort } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderJournal } from '../orders/journal.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { AccountRecord } from './account-record.js';
import type { FillRecord } from '../orders/order-record.js';
import { keyRefusal } from './key-refusal.js';
import type { TierVolumes } from '../exchange/volume-tiers.js';
import type { OpenLiveVenue } from './live-venue.js';
import type { AccountRegistry } from './registry.js';
import { LiveAccount } from './live-account.js';

export { LiveAccount } from './live-account.js';

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
  /**
   * Reconciles an account armed after start-up before it trades (orders placed at the venue while Halyard was
   * off are seen first): `hold` refuses its orders from before it is registered; arming answers once `run` ended.
   */
  readonly reconcileArmed?: { hold(venue: string): () => void; run(venue: string): Promise<unknown> };
  /** An armed account's private stream is back after a drop (socket lost, venue unreachable): Halyard may have missed updates. */
  readonly onReconnected?: (venue: string) => void;
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

  /**
   * Reconnects accounts the trader left armed (they stay LIVE across restarts; HALTED still applies). Each one's
   * orders are held from before it is registered (a stop restored then, a strategy's first order) until the
   * returned release: the caller releases once its start-up reconciliation holds them (Reconciler.reconcile).
   */
  async start(): Promise<() => void> {
    const releases: (() => void)[] = [];
    const releaseAll = () => {
      for (const release of releases.splice(0)) release();
    };
    for (const record of this.options.accounts.list()) {
      if (record.mode !== 'live') continue;
      const release = this.options.reconcileArmed?.hold(`${record.exchange}:${record.label}`) ?? (() => undefined);
      releases.push(release);
      try {
        await this.connect(record);
      } catch (error) {
        release();
        // Keys revoked or the venue down: back to paper rather than LIVE with no connection, saying why.
        const why = `could not reconnect at start: ${error instanceof Error ? error.message : String(error)}`;
        this.options.accounts.setMode(record.id, 'paper');
        this.options.audit('disarmed', 'system', { ...describe(record), why });
        this.options.onReconnectFailed?.(`${record.exchange}:${record.label}`, why);
      }
    }
    return releaseAll;
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
    const venue = `${record.exchange}:${record.label}`;
    const release = this.options.reconcileArmed?.hold(venue) ?? (() => undefined);
    try {
      await this.connect(record);
      // LIVE means checked: what the Reconciliation view lists is there when arming answers. A failed run does
      // not undo the arming: the account's health says so, and the run is retried on its own.
      await this.options.reconcileArmed?.run(venue).catch(() => undefined);
    } finally {
      release();
    }
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
      onReconnected: () => this.options.onReconnected?.(`${record.exchange}:${record.label}`),
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

function describe(record: AccountRecord): Record<string, unknown> {
  return { accountId: record.id, exchange: record.exchange, label: record.label };
}

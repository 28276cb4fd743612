import type { MarketSymbol } from '../market/candle.js';
import type { PrecisionPort } from '../exchange/precision.js';
import { RiskControls } from './controls.js';
import { EmergencyStop, type AuditSink, type Notification, type StopAccount, type StoppedOrderFacts } from './emergency-stop.js';
import type { GatePortfolio } from './guard.js';
import type { HaltState } from './halt-state.js';
import type { HaltSwitch } from './halt.js';
import type { RiskEventRecord, RiskEventStore } from './events.js';
import { Reconciler, type ReconcileJournal, type ReconcileTrigger } from './reconcile.js';
import { ReconcileRetries } from './reconcile-retry.js';
import type { FlattenReport, ReconcileReport, RiskStateView, StopReport } from './reports.js';
import { InMemoryRiskStateStore, settingsRiskStateStore, type JsonSettings } from './state.js';
import { lockView, riskStateView } from './state-view.js';

/**
 * The risk domain for a running terminal: controls (gate, regime, locks), the emergency stop, flatten,
 * reconciliation. The composition root gives it the halt switch, the store's settings / audit log /
 * journal, the connected accounts, each account's portfolio, and flatten (which sends through the order
 * pipeline); it tells what happens through its callbacks.
 */

export interface RiskServiceOptions {
  readonly halt: HaltSwitch;
  readonly accounts: () => readonly StopAccount[];
  /** What an order Halyard placed was (the stop report lists side, amount, price and source). */
  readonly describeOrder?: (account: string, clientOrderId: string) => StoppedOrderFacts | null;
  readonly settings?: JsonSettings;
  /** Keeps the risk events log across restarts. */
  readonly eventStore?: RiskEventStore;
  readonly audit?: AuditSink;
  readonly journal?: ReconcileJournal;
  /** An account as the gate sees it now (equity, exposure, the day's P&L); null when unknown. */
  readonly portfolio?: (account: string) => GatePortfolio | null;
  /** What resumes on re-arm. */
  readonly strategies?: () => readonly { readonly name: string; readonly symbols: readonly string[]; readonly account: string }[];
  /** Every owner's open position on every account (the ledger), for the resume preview. */
  readonly openPositions?: () => readonly { readonly account: string; readonly owner: string; readonly symbol: string; readonly quantity: number }[];
  /** Sells every position on every account (through the order pipeline) and verifies with the venues. */
  readonly flatten?: () => Promise<FlattenReport>;
  readonly precision?: (symbol: MarketSymbol) => PrecisionPort | null;
  readonly now?: () => number;
  /** The time locks and the breaker count in: the watched market's (a replayed or simulated market runs on its own clock). */
  readonly marketNow?: () => number;
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
  /** Audit the halt/re-arm here too (false when the composition root audits every HaltSwitch change). */
  readonly auditHaltChanges?: boolean;
  readonly onEvent?: (event: RiskEventRecord) => void;
  readonly notify?: (notification: Notification) => void;
  readonly onStopReport?: (report: StopReport) => void;
  readonly onReconciled?: (report: ReconcileReport) => void;
}

/** Something the risk service cannot do in this terminal (no journal, no store). */
export class RiskUnavailableError extends Error {
  override readonly name = 'RiskUnavailableError';
}

const CONFIG_KEY = 'risk.config';

/** An account's last successful reconciliation: when it finished, the markets whose trades it read, and those left for the next run. */
export interface ReconciledMarkets {
  readonly at: number;
  readonly marketsChecked: string[];
  readonly marketsLater?: string[];
  /** One listing held the account's trades on every market (Kraken) and it was read: every market was checked. */
  readonly everyMarket?: boolean;
}

export class RiskService {
  readonly controls: RiskControls;
  readonly stop: EmergencyStop;
  readonly reconciler: Reconciler | null;
  /** Accounts whose reconciliation failed, tried again on their own (bounded back-off) until it succeeds. */
  readonly reconcileRetries: ReconcileRetries;
  private readonly now: () => number;
  /** Per account, what its last successful reconciliation read (a failed run keeps the one before). */
  private readonly lastMarkets = new Map<string, ReconciledMarkets>();

  constructor(private readonly options: RiskServiceOptions) {
    this.now = options.now ?? Date.now;
    const settings = options.settings;
    this.reconciler = options.journal ? new Reconciler({ journal: options.journal, accounts: options.accounts, now: this.now, ...(settings ? { settings } : {}) }) : null;
    this.controls = new RiskControls({
      stateStore: settings ? settingsRiskStateStore(settings) : new InMemoryRiskStateStore(),
      ...(settings ? { configStore: { load: () => settings.getRaw(CONFIG_KEY) ?? null, save: (config) => settings.set(CONFIG_KEY, config) } } : {}),
      halted: () => options.halt.halted,
      // A run holds the orders of the accounts it checks: a retry of one failing account holds no other.
      reconciling: (account) => (account === undefined ? (this.reconciler?.reconciling ?? false) : (this.reconciler?.reconcilingAccount(account) ?? false)),
      keepHistory: true,
      ...(options.eventStore ? { eventStore: options.eventStore } : {}),
      ...(options.precision ? { precision: options.precision } : {}),
    });
    this.controls.events.onEvent((event) => options.onEvent?.(event));
    this.reconcileRetries = new ReconcileRetries({
      retry: (accounts, trigger, attempt) => this.run(trigger, accounts, attempt),
      connected: (account) => options.accounts().some((a) => a.id === account),
      now: this.now,
    });
    this.stop = new EmergencyStop({
      halt: options.halt,
      accounts: options.accounts,
      ...(options.describeOrder ? { describeOrder: options.describeOrder } : {}),
      now: this.now,
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      auditHaltChanges: options.auditHaltChanges ?? false,
      notify: (notification) => options.notify?.(notification),
      onReport: (report) => options.onStopReport?.(structuredClone(report)),
      // Written once the cancels have left, like the audit entry (nothing synchronous between the button and the sends).
      onHalted: (source, reason) => this.controls.events.record({ time: this.now(), kind: 'halted', detail: `emergency stop by ${source}: ${reason}` }),
    });
  }

  /** True when a risk configuration was saved by the trader (live arming requires it). */
  get configSaved(): boolean {
    return this.options.settings?.getRaw(CONFIG_KEY) != null;
  }

  /** The emergency stop: HALTED now, then every open order cancelled; resolves with the per-order report. */
  async emergencyStop(source: string, reason: string, flatten = false): Promise<HaltState & { stop: StopReport }> {
    const { halt, done } = this.stop.trigger(source, reason);
    const report = await done;
    if (flatten) await this.flatten(source);
    return { ...halt, stop: structuredClone(this.stop.lastReport ?? report) };
  }

  /**
   * Closes every position on every account (explicitly confirmed by the caller). Halts first if needed:
   * flatten is the trader's own act, so its sells go out while HALTED; nothing automatic does.
   */
  async flatten(source: string): Promise<FlattenReport> {
    const flatten = this.options.flatten;
    if (!flatten) throw new RiskUnavailableError('flatten needs the order journal (the encrypted store) to know which positions are held');
    if (!this.options.halt.halted) await this.stop.trigger(source, 'flatten requested').done;
    this.options.audit?.append({ category: 'emergency_stop', action: 'flatten_requested', source, detail: {} });
    const report = await flatten();
    this.options.audit?.append({ category: 'emergency_stop', action: 'flatten_results', source, detail: { verified: report.verified, positions: report.positions } });
    this.stop.attachFlatten(report);
    this.options.notify?.({
      title: report.verified ? 'Positions flattened' : 'Flatten incomplete',
      body: report.verified ? `${report.positions.length} position${report.positions.length === 1 ? '' : 's'} closed and verified with the exchange.` : 'Some positions could not be closed; see the risk panel.',
      level: report.verified ? 'info' : 'critical',
    });
    return report;
  }

  rearm(source: string): HaltState {
    const preview = this.resumePreview();
    const state = this.stop.rearm(source, { strategies: preview.strategies, accounts: preview.accounts.map((a) => a.account) });
    this.controls.events.record({ time: this.now(), kind: 'rearmed', detail: `re-armed by ${source}; resuming ${preview.strategies.map((s) => s.name).join(', ') || 'no strategies'}` });
    return state;
  }

  /**
   * Reconciles every account with the journal (the gate refuses all orders meanwhile), or only those named in
   * `only` (an account reconnected or armed: only its orders are held), and announces the result.
   */
  reconcile(trigger: 'start' | 'reconnect' | 'resume' | 'manual', only?: ReadonlySet<string>): Promise<ReconcileReport> {
    return this.run(trigger, only);
  }

  /** Refuses the account's orders until the release, as a reconciliation of it does (see Reconciler.hold). */
  holdForReconcile(account: string): () => void {
    return this.requireReconciler().hold(account);
  }

  /**
   * One run over every account, or (`retry`) over the accounts whose last run failed. A failed account is
   * tried again on its own (ReconcileRetries); a retry is logged when it succeeds, its failures only in the
   * account's risk state (the first failure was logged and alerted).
   */
  private async run(trigger: ReconcileTrigger, only?: ReadonlySet<string>, attempt?: number): Promise<ReconcileReport> {
    const reconciler = this.requireReconciler();
    const report =
      only === undefined
        ? await reconciler.reconcile(trigger)
        : // A retry that broke down altogether is a failure of its accounts: they are tried again later.
          await reconciler.reconcile(trigger, only).catch((error: unknown): ReconcileReport => {
            const at = this.now();
            const message = error instanceof Error ? error.message : String(error);
            return { trigger, startedAt: at, finishedAt: at, accounts: [...only].map((account) => ({ account, ok: false, error: message })), updated: [], differences: reconciler.differences(), positions: [] };
          });
    if (attempt !== undefined) report.retry = { attempt };
    this.reconcileRetries.after(report);
    for (const result of report.accounts) {
      if (result.ok) this.lastMarkets.set(result.account, { at: report.finishedAt, marketsChecked: [...(result.marketsChecked ?? [])], ...(result.marketsLater ? { marketsLater: [...result.marketsLater] } : {}), ...(result.everyMarket ? { everyMarket: true } : {}) });
    }
    const failed = report.accounts.filter((a) => !a.ok);
    const retrying = failed.map((a) => this.reconcileRetries.problem(a.account)).filter((text): text is string => text !== null);
    if (attempt === undefined) {
      this.controls.events.record({
        time: this.now(),
        kind: 'reconciled',
        detail: `reconciliation (${trigger})${only ? ` of ${[...only].join(', ')}` : ''}: ${report.updated.length} journal update(s), ${report.differences.length} difference(s) for the trader${failed.length > 0 ? `; failed for ${failed.map((a) => a.account).join(', ')}` : ''}${retrying.length > 0 ? `; ${retrying.join('; ')}` : ''}`,
      });
    } else if (failed.length === 0) {
      this.controls.events.record({
        time: this.now(),
        kind: 'reconciled',
        detail: `reconciliation (${trigger}) of ${report.accounts.map((a) => a.account).join(', ')} succeeded on retry ${attempt}: ${report.updated.length} journal update(s), ${report.differences.length} difference(s) for the trader`,
      });
    }
    this.options.onReconciled?.(report);
    return report;
  }

  requireReconciler(): Reconciler {
    if (!this.reconciler) throw new RiskUnavailableError('reconciliation needs the order journal (the encrypted store)');
    return this.reconciler;
  }

  resumePreview() {
    const halt = this.options.halt.current;
    const market = this.options.marketNow?.() ?? this.now();
    return {
      halted: halt.halted,
      since: halt.since,
      reason: halt.reason,
      source: halt.source,
      strategies: (this.options.strategies?.() ?? []).map((s) => ({ name: s.name, symbols: [...s.symbols], account: s.account })),
      accounts: this.options.accounts().map((a) => ({ account: a.id, label: a.label, mode: a.mode })),
      openPositions: (this.options.openPositions?.() ?? []).map((p) => ({ account: p.account, symbol: p.symbol, quantity: p.quantity })),
      locks: this.controls.state.locks(market).map((lock) => lockView(lock, market)),
      lastStop: this.stop.lastReport ? structuredClone(this.stop.lastReport) : null,
    };
  }

  /** True for the paper account and every armed one: the accounts the risk panel can show. */
  hasAccount(account: string): boolean {
    return this.options.accounts().some((a) => a.id === account);
  }

  /** The risk panel's view of one account (the paper account unless another is named). */
  state(account = 'paper') {
    const portfolio = this.options.portfolio?.(account) ?? null;
    // Locks and the breaker count in the account's (the market's) time.
    const reconcileFailed = this.reconcileFailed(account);
    return riskStateView(this.controls, portfolio, portfolio?.time ?? this.now(), { halted: this.options.halt.halted, reconciling: this.reconciler?.reconcilingAccount(account) ?? false, ...(reconcileFailed ? { reconcileFailed } : {}) });
  }

  /** The markets whose trades the account's last successful reconciliation read, and those it left for the next run. */
  reconciledMarkets(account: string): ReconciledMarkets | undefined {
    const markets = this.lastMarkets.get(account);
    return markets && structuredClone(markets);
  }

  /** The account's failed reconciliation waiting for its retry, for the trader; undefined when its last run succeeded. */
  reconcileFailed(account: string): RiskStateView['reconcileFailed'] {
    const failed = this.reconcileRetries.state(account);
    if (!failed) return undefined;
    const note = `${this.reconcileRetries.problem(account)}: the journal may not match the venue; protective stops refused meanwhile go to the venue once it succeeds.`;
    return { error: failed.error, failures: failed.failures, nextAt: failed.nextAt, note };
  }

  /** Resets the daily-loss breaker of every account (entries resume; a further loss trips it again), audited. */
  resetBreaker(by: string): void {
    const portfolios = this.options.accounts().flatMap((account) => {
      const portfolio = this.options.portfolio?.(account.id) ?? null;
      return portfolio ? [portfolio] : [];
    });
    const removed = this.controls.resetBreaker(this.options.marketNow?.() ?? this.now(), portfolios, by);
    this.options.audit?.append({ category: 'risk', action: 'breaker_reset', source: by === 'trader' ? 'user' : by, detail: { accounts: portfolios.map((p) => ({ account: p.account ?? null, dailyPnl: p.dailyPnl })), wasTripped: removed.length > 0 } });
  }

  /** Validates and applies a new risk configuration (a ZodError names the field), audited. */
  setConfig(input: unknown): ReturnType<RiskControls['setConfig']> {
    const next = this.controls.setConfig(input, this.now());
    this.options.audit?.append({ category: 'settings', action: 'risk_config', source: 'user', detail: { config: next } });
    return next;
  }
}

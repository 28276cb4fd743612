import type { HaltState } from '../api/contract/app.js';
import type { EventName, EventPayload, Handlers } from '../api/contract/index.js';
import type { FlattenReport, StopReport } from '../api/contract/risk.js';
import { ApiError } from '../api/errors.js';
import type { Fill } from '../exchange/port.js';
import type { PrecisionPort } from '../exchange/precision.js';
import type { MarketSymbol } from '../market/candle.js';
import { RiskControls } from './controls.js';
import { EmergencyStop, type AuditSink, type StopAccount } from './emergency-stop.js';
import { flattenAccounts } from './flatten.js';
import type { GatePortfolio } from './guard.js';
import type { HaltSwitch } from './halt.js';
import type { OrderJournal } from './journal.js';
import { Reconciler } from './reconcile.js';
import { InMemoryRiskStateStore, settingsRiskStateStore, type JsonSettings } from './state.js';
import { lockView, riskStateView } from './state-view.js';

/**
 * The risk domain for a running terminal: controls (gate, regime, locks), the emergency stop, flatten,
 * reconciliation and the `risk.*` API. The composition root gives it the halt switch, the store's
 * settings / audit log / journal, the connected accounts and a portfolio snapshot.
 */

export interface RiskServiceOptions {
  readonly halt: HaltSwitch;
  readonly accounts: () => readonly StopAccount[];
  readonly settings?: JsonSettings;
  readonly audit?: AuditSink;
  readonly journal?: OrderJournal;
  readonly emit?: <K extends EventName>(name: K, payload: EventPayload<K>) => void;
  /** The account as the gate sees it now (equity, exposure, the day's P&L); null when unknown. */
  readonly portfolio?: () => GatePortfolio | null;
  /** What resumes on re-arm. */
  readonly strategies?: () => readonly { readonly name: string; readonly symbols: readonly string[]; readonly account: string }[];
  readonly precision?: (symbol: MarketSymbol) => PrecisionPort | null;
  readonly newOrderId?: () => string;
  readonly now?: () => number;
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
  /** Fills of the flatten's own orders, per account (the strategy runner closes its engines' positions from them). */
  readonly onFlattenFills?: (account: StopAccount, fills: readonly Fill[]) => void;
  /** Audit the halt/re-arm here too (false when the composition root audits every HaltSwitch change). */
  readonly auditHaltChanges?: boolean;
}

const CONFIG_KEY = 'risk.config';
type RiskHandlerName = Extract<keyof Handlers, `risk.${string}`>;

export class RiskService {
  readonly controls: RiskControls;
  readonly stop: EmergencyStop;
  readonly reconciler: Reconciler | null;
  private readonly now: () => number;
  private flattenSeq = 0;

  constructor(private readonly options: RiskServiceOptions) {
    this.now = options.now ?? Date.now;
    const settings = options.settings;
    this.reconciler = options.journal ? new Reconciler({ journal: options.journal, accounts: options.accounts, now: this.now, ...(settings ? { settings } : {}) }) : null;
    this.controls = new RiskControls({
      stateStore: settings ? settingsRiskStateStore(settings) : new InMemoryRiskStateStore(),
      ...(settings ? { configStore: { load: () => settings.getRaw(CONFIG_KEY) ?? null, save: (config) => settings.set(CONFIG_KEY, config) } } : {}),
      halted: () => options.halt.halted,
      reconciling: () => this.reconciler?.reconciling ?? false,
      keepHistory: true,
      ...(options.precision ? { precision: options.precision } : {}),
    });
    this.controls.events.onEvent((event) => options.emit?.('risk.event', { ...event }));
    this.stop = new EmergencyStop({
      halt: options.halt,
      accounts: options.accounts,
      now: this.now,
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      auditHaltChanges: options.auditHaltChanges ?? false,
      notify: (notification) => options.emit?.('risk.notification', notification),
      onReport: (report) => options.emit?.('risk.stop', structuredClone(report)),
    });
  }

  /** The emergency stop: HALTED now, then every open order cancelled; resolves with the per-order report. */
  async emergencyStop(source: string, reason: string, flatten = false): Promise<HaltState & { stop: StopReport }> {
    const { halt, done } = this.stop.trigger(source, reason);
    this.controls.events.record({ time: this.now(), kind: 'halted', detail: `emergency stop by ${source}: ${reason}` });
    const report = await done;
    if (flatten) await this.flatten(source);
    return { ...halt, stop: structuredClone(this.stop.lastReport ?? report) };
  }

  /** Closes every bot-owned position (explicitly confirmed by the caller). Halts first if needed. */
  async flatten(source: string): Promise<FlattenReport> {
    const { journal } = this.options;
    if (!journal || !this.reconciler) throw new ApiError('unavailable', 'flatten needs the order journal (the encrypted store) to know which positions the bot opened');
    if (!this.options.halt.halted) await this.stop.trigger(source, 'flatten requested').done;
    const reconciler = this.reconciler;
    this.options.audit?.append({ category: 'emergency_stop', action: 'flatten_requested', source, detail: {} });
    const report = await flattenAccounts(this.options.accounts(), {
      journal,
      positions: (account) => reconciler.botPositions(account),
      newOrderId: this.options.newOrderId ?? (() => `hyflat${this.now().toString(36)}${(++this.flattenSeq).toString(36)}`),
      now: this.now,
      ...(this.options.onFlattenFills ? { onFills: this.options.onFlattenFills } : {}),
    });
    this.options.audit?.append({ category: 'emergency_stop', action: 'flatten_results', source, detail: { verified: report.verified, positions: report.positions } });
    this.stop.attachFlatten(report);
    this.options.emit?.('risk.notification', {
      title: report.verified ? 'Positions flattened' : 'Flatten incomplete',
      body: report.verified ? `${report.positions.length} position(s) closed and verified with the exchange.` : 'Some bot positions could not be closed; see the risk panel.',
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

  /** Reconciles every account with the journal (the gate refuses all orders meanwhile) and announces the result. */
  async reconcile(trigger: 'start' | 'reconnect' | 'resume' | 'manual') {
    if (!this.reconciler) throw new ApiError('unavailable', 'reconciliation needs the order journal (the encrypted store)');
    const report = await this.reconciler.reconcile(trigger);
    this.controls.events.record({
      time: this.now(),
      kind: 'reconciled',
      detail: `reconciliation (${trigger}): ${report.updated.length} journal update(s), ${report.differences.length} difference(s) for the trader${report.accounts.some((a) => !a.ok) ? `; failed for ${report.accounts.filter((a) => !a.ok).map((a) => a.account).join(', ')}` : ''}`,
    });
    this.options.emit?.('risk.reconciled', report);
    return report;
  }

  resumePreview() {
    const halt = this.options.halt.current;
    const now = this.now();
    return {
      halted: halt.halted,
      since: halt.since,
      reason: halt.reason,
      source: halt.source,
      strategies: (this.options.strategies?.() ?? []).map((s) => ({ name: s.name, symbols: [...s.symbols], account: s.account })),
      accounts: this.options.accounts().map((a) => ({ account: a.id, label: a.label, mode: a.mode })),
      openPositions: this.reconciler ? this.options.accounts().flatMap((a) => this.reconciler!.botPositions(a.id).map((p) => ({ account: a.id, symbol: p.symbol, quantity: p.quantity }))) : [],
      locks: this.controls.state.locks(now).map((lock) => lockView(lock, now)),
      lastStop: this.stop.lastReport ? structuredClone(this.stop.lastReport) : null,
    };
  }

  state() {
    return riskStateView(this.controls, this.options.portfolio?.() ?? null, this.now(), { halted: this.options.halt.halted, reconciling: this.reconciler?.reconciling ?? false });
  }

  /** The `risk.*` commands (the terminal keeps `risk.emergencyStop` / `risk.rearm` and calls this service for them). */
  handlers(): Pick<Handlers, Exclude<RiskHandlerName, 'risk.emergencyStop' | 'risk.rearm'>> {
    const requireReconciler = () => {
      if (!this.reconciler) throw new ApiError('unavailable', 'reconciliation needs the order journal (the encrypted store)');
      return this.reconciler;
    };
    return {
      'risk.state': async () => this.state(),
      'risk.events': async ({ limit }) => this.controls.events.recent(limit),
      'risk.resetBreaker': async () => {
        const pnl = this.options.portfolio?.()?.dailyPnl ?? 0;
        const removed = this.controls.resetBreaker(this.now(), pnl, 'trader');
        this.options.audit?.append({ category: 'risk', action: 'breaker_reset', source: 'user', detail: { dailyPnl: pnl, wasTripped: removed.length > 0 } });
        return this.state();
      },
      'risk.config.get': async () => this.controls.config as unknown as Record<string, unknown>,
      'risk.config.set': async ({ config }) => {
        let next;
        try {
          next = this.controls.setConfig(config, this.now());
        } catch (error) {
          throw new ApiError('bad_request', `invalid risk configuration: ${error instanceof Error ? error.message : String(error)}`);
        }
        this.options.audit?.append({ category: 'settings', action: 'risk_config', source: 'user', detail: { config: next } });
        return next as unknown as Record<string, unknown>;
      },
      'risk.flatten': async () => this.flatten('api'),
      'risk.lastStop': async () => (this.stop.lastReport ? structuredClone(this.stop.lastReport) : null),
      'risk.retryStop': async () => this.stop.retryFailed(),
      'risk.reconcile': async ({ trigger }) => this.reconcile(trigger),
      'risk.differences': async () => requireReconciler().differences(),
      'risk.resolve': async ({ id, action }) => {
        try {
          return await requireReconciler().resolve(id, action);
        } catch (error) {
          throw new ApiError('rejected', error instanceof Error ? error.message : String(error));
        }
      },
      'risk.resumePreview': async () => this.resumePreview(),
    };
  }
}

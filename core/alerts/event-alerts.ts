import type { AppStatus } from '../api/contract/app.js';
import type { EventName, EventPayload } from '../api/contract/index.js';
import type { StrategyConfigView } from '../api/contract/live-strategies.js';
import type { ReconcileReport, RiskEventView, StopReport } from '../api/contract/risk.js';
import type { FillView, OrderView } from '../api/contract/trading.js';
import { accountName, deskName, formatMoney, formatPercent, formatPrice, formatQuantity } from './format.js';
import type { Alert, AlertLevel } from './model.js';

/** What an exit realised, worked out from the account's fills (null when it cannot be told). */
export interface ExitResult {
  readonly net: number;
  readonly pct: number | null;
  readonly currency: string;
}

export interface EventAlertContext {
  readonly now: () => number;
  readonly exitResult: (fill: FillView) => Promise<ExitResult | null>;
}

/** Remembers the last `size` ids, so an event seen twice (a fill over websocket and polling) alerts once. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly size: number) {}

  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.size) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}

const EXIT_REASONS: Record<string, string> = {
  take_profit: 'take profit',
  stop_loss: 'stop loss',
  trailing_stop: 'trailing stop',
  time_exit: 'time exit',
  signal: 'signal',
  emergency_stop: 'emergency stop',
  manual: 'manual',
};

/**
 * Turns the terminal's events into alerts: one short message per fill, exit, rejected order, risk
 * event, HALT / re-arm, reconciliation difference and strategy error, each naming its account. Events
 * the terminal repeats (a status pushed many times, a fill heard twice) give one alert.
 */
export class EventAlerts {
  private readonly fills = new RecentIds(5_000);
  private readonly rejected = new RecentIds(5_000);
  private readonly differences = new RecentIds(5_000);
  private readonly strategyErrors = new Map<string, string>();
  private readonly symbolStopsTold = new Map<string, string[]>();
  private halted: boolean | null = null;
  private liveAccounts: string[] = [];

  constructor(private readonly context: EventAlertContext) {}

  /** The status the terminal started with: a HALT already in force is not news. */
  seed(status: AppStatus): void {
    this.halted = status.halt.halted;
    this.liveAccounts = (status.liveAccounts ?? []).map((account) => account.account);
  }

  get desk(): string {
    return deskName(this.liveAccounts);
  }

  async translate<K extends EventName>(name: K, payload: EventPayload<K>): Promise<Alert[]> {
    switch (name) {
      case 'fills.new':
        return this.fill((payload as EventPayload<'fills.new'>).fill);
      case 'orders.updated':
        return this.order((payload as EventPayload<'orders.updated'>).order);
      case 'risk.event':
        return this.riskEvent(payload as RiskEventView);
      case 'app.status':
        return this.status(payload as AppStatus);
      case 'risk.stop':
        return this.stopReport(payload as StopReport);
      case 'risk.reconciled':
        return this.reconciled(payload as ReconcileReport);
      case 'strategies.updated':
        return this.strategies((payload as EventPayload<'strategies.updated'>).configs);
      default:
        return [];
    }
  }

  /** Configurations in an error state, or stopped on a symbol while trading others, not reported yet (also fed by a periodic check). */
  strategies(configs: readonly StrategyConfigView[]): Alert[] {
    const alerts: Alert[] = [];
    for (const config of configs) {
      const error = config.state.startsWith('error:') ? config.state.slice('error:'.length).trim() : null;
      if (error === null) {
        this.strategyErrors.delete(config.name);
        alerts.push(...this.symbolStops(config));
        continue;
      }
      if (this.strategyErrors.get(config.name) === error) continue;
      this.strategyErrors.set(config.name, error);
      alerts.push(this.alert('strategy_errors', 'warning', `${accountName(config.account)} · Strategy ${config.name} (${config.strategy}) stopped with an error: ${error}`));
    }
    return alerts;
  }

  /** Symbols a configuration stopped on while its others trade: each told once per stop. */
  private symbolStops(config: StrategyConfigView): Alert[] {
    const stops = Object.entries(config.stoppedSymbols ?? {});
    const told = stops.map(([symbol, why]) => `${symbol}\u0000${why}`);
    const before = this.symbolStopsTold.get(config.name) ?? [];
    if (told.length === 0) this.symbolStopsTold.delete(config.name);
    else this.symbolStopsTold.set(config.name, told);
    return stops
      .filter((_stop, index) => !before.includes(told[index]!))
      .map(([symbol, why]) => this.alert('strategy_errors', 'warning', `${accountName(config.account)} · Strategy ${config.name} (${config.strategy}) stopped on ${symbol}, its other symbols trading: ${why}`));
  }

  private async fill(fill: FillView): Promise<Alert[]> {
    if (!this.fills.firstTime(`${fill.account}|${fill.id}`)) return [];
    const quote = fill.symbol.split('/')[1] ?? '';
    const fee = fill.fee > 0 ? ` · fee ${formatMoney(fill.fee, fill.feeCurrency || quote)}${fill.feeCurrency && fill.feeCurrency !== quote && fill.feeInQuote !== null ? ` (≈ ${formatMoney(fill.feeInQuote, quote)})` : ''}` : '';
    const trade = `${fill.side.toUpperCase()} ${formatQuantity(fill.amount)} ${fill.symbol} @ ${formatPrice(fill.price)}`;
    if (fill.exitReason === null) return [this.alert('fills', 'info', `${accountName(fill.account)} · Fill: ${trade}${fee} · ${fill.source}`)];
    const result = await this.context.exitResult(fill).catch(() => null);
    const pnl = result ? ` · P&L ${formatMoney(result.net, result.currency, true)}${result.pct !== null ? ` (${formatPercent(result.pct)})` : ''}` : '';
    const level: AlertLevel = fill.exitReason === 'stop_loss' || fill.exitReason === 'emergency_stop' ? 'warning' : 'info';
    return [{ ...this.alert('exits', level, `${accountName(fill.account)} · Exit ${fill.symbol} (${EXIT_REASONS[fill.exitReason] ?? fill.exitReason}): ${trade}${pnl}${fee} · ${fill.source}`), also: ['fills'] }];
  }

  private order(order: OrderView): Alert[] {
    if (order.status !== 'rejected' || !this.rejected.firstTime(`${order.account}|${order.clientOrderId}`)) return [];
    const price = order.price !== null ? ` @ ${formatPrice(order.price)}` : '';
    const why = order.reason ? ` — ${order.reason}` : '';
    return [this.alert('orders_rejected', 'warning', `${accountName(order.account)} · Order rejected: ${order.side.toUpperCase()} ${formatQuantity(order.amount)} ${order.symbol} ${order.type.replace('_', '-')}${price}${why} · ${order.source}`)];
  }

  private riskEvent(event: RiskEventView): Alert[] {
    // HALT and re-arm come from the halt state itself; reconciliation from its report.
    if (event.kind === 'halted' || event.kind === 'rearmed' || event.kind === 'reconciled') return [];
    if (event.kind === 'reconcile_failed') return [this.alert('reconciliation', 'critical', `${this.desk} · Reconciliation failed: ${event.detail}`)];
    const [title, level] = riskTitle(event.kind);
    const where = [event.strategy, event.symbol].filter((part): part is string => part !== null).join(' ');
    return [this.alert('risk', level, `${this.desk} · ${title}${where ? ` (${where})` : ''}: ${event.detail}`)];
  }

  private status(status: AppStatus): Alert[] {
    this.liveAccounts = (status.liveAccounts ?? []).map((account) => account.account);
    const was = this.halted;
    this.halted = status.halt.halted;
    if (was === null || was === status.halt.halted) return [];
    if (status.halt.halted) {
      return [this.alert('halt', 'critical', `🛑 HALTED · ${this.desk} · by ${status.halt.source ?? 'unknown'}: ${status.halt.reason ?? 'no reason given'}. No new orders; open orders are being cancelled.`)];
    }
    return [this.alert('halt', 'warning', `▶ Re-armed · ${this.desk}: trading may resume. Re-arming is only possible at the desk.`)];
  }

  /** The stop's outcome matters to the trader only when something could not be cancelled. */
  private stopReport(report: StopReport): Alert[] {
    const failed = report.orders.filter((order) => order.outcome === 'failed').length;
    if (report.finishedAt === null || (failed === 0 && report.remainingOpen === 0)) return [];
    return [this.alert('halt', 'critical', `⚠ Emergency stop incomplete · ${this.desk}: ${failed} cancel${failed === 1 ? '' : 's'} failed, ${report.remainingOpen} order${report.remainingOpen === 1 ? '' : 's'} still open at the exchange. Check the Risk tab.`)];
  }

  private reconciled(report: ReconcileReport): Alert[] {
    const alerts: Alert[] = [];
    const fresh = report.differences.filter((difference) => this.differences.firstTime(difference.id));
    if (fresh.length > 0) {
      const lines = fresh.slice(0, 5).map((d) => `${accountName(d.account)} ${d.symbol}: ${d.kind.replace(/_/g, ' ')} — ${d.detail}`);
      const more = fresh.length > 5 ? `\n…and ${fresh.length - 5} more` : '';
      alerts.push(this.alert('reconciliation', 'warning', `Reconciliation (${report.trigger}): ${fresh.length} difference(s) need you:\n${lines.join('\n')}${more}`));
    }
    const failed = report.accounts.filter((account) => !account.ok);
    // A retry failing again is no news (the first failure was alerted and says it is retried); its success is.
    if (report.retry !== undefined) {
      if (failed.length === 0) alerts.push(this.alert('reconciliation', 'info', `Reconciliation (${report.trigger}) of ${report.accounts.map((a) => accountName(a.account)).join(', ')} succeeded on retry ${report.retry.attempt}`));
      return alerts;
    }
    if (failed.length > 0) {
      alerts.push(this.alert('reconciliation', 'critical', `Reconciliation (${report.trigger}) could not check ${failed.map((a) => `${accountName(a.account)} (${a.error ?? 'unknown error'})`).join(', ')}`));
    }
    return alerts;
  }

  private alert(kind: Alert['kind'], level: AlertLevel, text: string): Alert {
    return { kind, level, text, time: this.context.now() };
  }
}

function riskTitle(kind: string): [string, AlertLevel] {
  if (kind === 'breaker') return ['Daily loss breaker tripped', 'critical'];
  if (kind === 'breaker_reset') return ['Daily loss breaker reset', 'warning'];
  if (kind === 'cooldown') return ['Cooldown', 'warning'];
  if (kind === 'regime:PANIC') return ['Regime PANIC: new entries blocked', 'critical'];
  if (kind.startsWith('regime:')) return [`Regime ${kind.slice('regime:'.length)}`, kind === 'regime:NORMAL' ? 'info' : 'warning'];
  if (kind === 'exit_blocked') return ['Exit blocked', 'critical'];
  if (kind === 'strategy_disabled') return ['Strategy paused by volatility', 'warning'];
  if (kind === 'config_invalid') return ['Risk configuration invalid', 'warning'];
  if (kind === 'edge_decay') return ['Edge decay', 'warning'];
  if (kind === 'strategy_rolled_back') return ['Adjustment rolled back', 'warning'];
  if (kind === 'strategy_adjusted') return ['Parameters adjusted automatically', 'warning'];
  return [kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), 'info'];
}

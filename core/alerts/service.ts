import type { DeliveryView, ReportView } from '../api/contract/alerts.js';
import { reportScheduleSchema } from '../api/contract/alerts.js';
import type { EventName, EventPayload, Handlers } from '../api/contract/index.js';
import type { FlattenReport, StopReport } from '../api/contract/risk.js';
import type { EventListener } from '../api/server.js';
import { ChannelAdmin } from './channel-admin.js';
import { ChannelRuntime, type DeliveryLog } from './channel-runtime.js';
import { systemClock, type Clock } from './clock.js';
import { pnlText, positionsText, statusText } from './desk-texts.js';
import { EventAlerts } from './event-alerts.js';
import { exitResult } from './exit-result.js';
import type { Alert } from './model.js';
import type { AlertChannelStore, AuditAppender, JsonSettingsStore, PriceAlertStore, SecretVault } from './ports.js';
import { PriceAlerts } from './price-alerts.js';
import { buildReport } from './report.js';
import { reportText } from './report-render.js';
import { ReportScheduler, type ReportSchedule } from './report-scheduler.js';
import { ReportLedger, type LateReport } from './missed-reports.js';
import type { RemoteDesk } from './remote-commands.js';
import { settingsOffsets } from './telegram-poller.js';

export interface AlertsDependencies {
  /** The terminal's own API (late-bound): alerts read what the app shows, and never trade through it. */
  readonly api: () => Handlers;
  readonly events: { subscribe(listener: EventListener): () => void; emit<K extends EventName>(name: K, payload: EventPayload<K>): void };
  readonly store: AlertChannelStore;
  readonly settings: JsonSettingsStore;
  readonly priceAlerts: PriceAlertStore;
  readonly audit: AuditAppender;
  readonly vault: SecretVault;
  /** Why channel secrets cannot be stored now, or null. */
  readonly secretsBlocked: () => string | null;
  /** The emergency stop (HALTED in the caller's turn) and flatten, as the remote /halt uses them. */
  readonly emergencyStop: (source: string, reason: string) => Promise<{ readonly stop: StopReport }>;
  readonly flatten: (source: string) => Promise<FlattenReport>;
  readonly clock?: Clock;
  /** Seconds a Telegram long poll waits for a command (25 by default). */
  readonly telegramPollSeconds?: number;
  /** The report time zone until the trader picks one (the computer's). */
  readonly defaultTimeZone?: string;
}

const SCHEDULE_KEY = 'alerts.schedule';
/** Events that can become alerts; everything else the bus carries is ignored in O(1). */
const ALERT_EVENTS = new Set<EventName>(['fills.new', 'orders.updated', 'risk.event', 'app.status', 'risk.stop', 'risk.reconciled', 'strategies.updated']);
/** Strategy errors found by the engine do not announce themselves: the configurations are looked at this often. */
const STRATEGY_CHECK_MS = 15_000;

export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Alerts off the desk. Subscribes to the terminal's events, turns them into short messages, routes
 * each to the channels that want it and hands it to their outboxes — all after the event's own turn
 * (the listener only appends to an inbox), so an order, a fill or the emergency stop never waits for
 * a message. Also runs the report schedule, the price alerts and the Telegram command pollers.
 */
export class AlertsService {
  readonly admin: ChannelAdmin;
  readonly prices: PriceAlerts;
  private readonly clock: Clock;
  private readonly runtimes = new Map<number, ChannelRuntime>();
  private readonly translator: EventAlerts;
  private readonly scheduler: ReportScheduler;
  private readonly reportLedger: ReportLedger;
  private readonly inbox: { name: EventName; payload: unknown }[] = [];
  private draining: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private cancelStrategyCheck: (() => void) | null = null;
  private stopped = false;
  /** Each watched market's price precision (from the watchlist), for the price alerts' messages. */
  private readonly priceDecimals = new Map<string, number>();

  constructor(private readonly deps: AlertsDependencies) {
    this.clock = deps.clock ?? systemClock;
    this.admin = new ChannelAdmin({ store: deps.store, vault: deps.vault, audit: deps.audit, blocked: deps.secretsBlocked });
    this.prices = new PriceAlerts(deps.priceAlerts, this.clock.now);
    this.translator = new EventAlerts({
      now: this.clock.now,
      exitResult: async (fill) => exitResult(fill, await deps.api()['fills.list']({ symbol: fill.symbol, limit: 100_000 })),
    });
    this.reportLedger = new ReportLedger(deps.settings);
    this.scheduler = new ReportScheduler(this.clock, (period, _at, slots) => {
      this.reportLedger.record(slots);
      void this.sendReport(period);
    });
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.events.subscribe(this.listener);
    this.translator.seed(await this.deps.api()['app.status']({}));
    // Messages a previous run queued but never sent are stale now; say so in their log entries.
    this.deps.store.abandonUnfinished('not sent: Halyard stopped before it could be delivered');
    for (const record of this.deps.store.list()) await this.launch(record.id);
    // A report whose time passed while Halyard was closed goes out now, once, marked late.
    const late = this.reportLedger.catchUp(this.schedule(), this.clock.now());
    if (late) void this.sendReport(late.period, late);
    this.scheduler.start(this.schedule());
    this.checkStrategiesLater();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.scheduler.stop();
    this.cancelStrategyCheck?.();
    await this.draining;
    for (const runtime of this.runtimes.values()) runtime.close();
    this.runtimes.clear();
  }

  channels(): ChannelRuntime[] {
    return [...this.runtimes.values()];
  }

  runtime(id: number): ChannelRuntime | undefined {
    return this.runtimes.get(id);
  }

  /** (Re)starts a channel's runtime from its stored row and keychain entry. */
  async launch(id: number): Promise<ChannelRuntime | null> {
    // What the old runtime had not sent yet goes on through the new one (an edit must not lose a waiting HALT).
    const waiting = this.runtimes.get(id)?.handOver() ?? [];
    this.runtimes.delete(id);
    const record = this.deps.store.get(id);
    if (!record || this.stopped) {
      for (const { message } of waiting) this.log.update(message, 'failed', 'not sent: the channel was removed');
      return null;
    }
    const { secret, problem } = await this.admin.secret(record);
    const runtime = new ChannelRuntime({
      record,
      secret,
      secretProblem: problem,
      clock: this.clock,
      log: this.log,
      remote: {
        desk: this.remoteDesk,
        audit: (action, detail) => this.deps.audit.append({ category: 'remote', action, source: 'telegram', detail }),
        offsets: settingsOffsets(this.deps.settings, this.clock.now),
      },
      pollSeconds: this.deps.telegramPollSeconds ?? 25,
    });
    this.runtimes.set(id, runtime);
    runtime.start();
    runtime.adopt(waiting);
    return runtime;
  }

  forget(id: number): void {
    this.runtimes.get(id)?.close('the channel was removed');
    this.runtimes.delete(id);
  }

  /** Hands `alert` to every enabled channel whose routing wants it. */
  dispatch(alert: Alert): void {
    for (const runtime of this.runtimes.values()) if (runtime.wants(alert)) runtime.deliver(alert);
  }

  schedule(): ReportSchedule {
    const parsed = reportScheduleSchema.safeParse(this.deps.settings.getRaw(SCHEDULE_KEY));
    return parsed.success ? parsed.data : { enabled: true, timeZone: this.deps.defaultTimeZone ?? hostTimeZone(), daily: ['07:00', '19:00'], weekly: { day: 'monday', time: '07:00' } };
  }

  setSchedule(schedule: ReportSchedule): void {
    this.deps.settings.set(SCHEDULE_KEY, schedule);
    this.deps.audit.append({ category: 'settings', action: 'report_schedule', source: 'user', detail: { ...schedule } });
    // New times that already passed today were never due: nothing to send late at the next start.
    this.reportLedger.restart(schedule, this.clock.now());
    this.scheduler.start(schedule);
  }

  upcomingReports() {
    return this.scheduler.upcoming();
  }

  async report(period: ReportView['period'], late?: LateReport): Promise<ReportView> {
    const api = this.deps.api();
    const optional = async <T>(read: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await read();
      } catch {
        return fallback;
      }
    };
    const report = buildReport({
      period,
      now: this.clock.now(),
      timeZone: this.schedule().timeZone,
      status: await api['app.status']({}),
      pnl: await optional(() => api['pnl.summary']({}), null),
      positions: await optional(() => api['positions.list']({}), []),
      strategies: await optional(() => api['strategies.configs']({}), []),
      risk: await optional(() => api['risk.state']({}), null),
      differences: await optional(() => api['risk.differences']({}), []),
      extraAttention: this.channels()
        .filter((runtime) => runtime.record.enabled && runtime.currentProblem)
        .map((runtime) => `Alert channel "${runtime.record.name}": ${runtime.currentProblem}`),
    });
    return late ? { ...report, late: { dueAt: late.dueAt, since: late.since } } : report;
  }

  private async sendReport(period: 'daily' | 'weekly', late?: LateReport): Promise<void> {
    try {
      const report = await this.report(period, late);
      this.dispatch({ kind: 'reports', level: 'info', text: reportText(report), time: report.generatedAt });
    } catch (error) {
      this.dispatch({ kind: 'reports', level: 'warning', text: `The ${period} report could not be built: ${error instanceof Error ? error.message : String(error)}`, time: this.clock.now() });
    }
  }

  /** The only work done in the event's own turn: remember it. */
  private readonly listener: EventListener = (name, payload) => {
    if (name === 'market.watchlist') {
      for (const row of (payload as EventPayload<'market.watchlist'>).rows) if (this.priceDecimals.get(row.symbol) !== row.priceDecimals) this.priceDecimals.set(row.symbol, row.priceDecimals);
      return;
    }
    if (name === 'market.candles') {
      // Every live price is checked against its symbol's alerts; only a firing wakes the drain.
      let fired = false;
      for (const update of (payload as EventPayload<'market.candles'>).updates) fired = this.prices.observe(update.symbol, update.candle.close) || fired;
      if (!fired) return;
    } else if (ALERT_EVENTS.has(name)) {
      this.inbox.push({ name, payload });
    } else {
      return;
    }
    if (!this.draining) this.draining = new Promise((resolve) => setImmediate(resolve)).then(() => this.drain());
  };

  private async drain(): Promise<void> {
    try {
      while (this.inbox.length > 0 && !this.stopped) {
        const { name, payload } = this.inbox.shift()!;
        const alerts = await this.translator.translate(name, payload as EventPayload<typeof name>).catch(() => []);
        for (const alert of alerts) this.dispatch(alert);
      }
      for (const firing of this.prices.drain(this.translator.desk, (symbol) => this.priceDecimals.get(symbol))) {
        this.deps.events.emit('alerts.priceFired', { alert: firing.alert, price: firing.price, text: firing.alertMessage.text, time: firing.alertMessage.time });
        this.dispatch(firing.alertMessage);
      }
    } finally {
      this.draining = null;
      // A price alert may have fired while this drain was awaiting: it is not left waiting for the next event.
      if ((this.inbox.length > 0 || this.prices.hasPending()) && !this.stopped) this.draining = new Promise((resolve) => setImmediate(resolve)).then(() => this.drain());
    }
  }

  private checkStrategiesLater(): void {
    this.cancelStrategyCheck = this.clock.setTimer(() => {
      const api = this.deps.api();
      void api['strategies.configs']({})
        .then((configs) => {
          for (const alert of this.translator.strategies(configs)) this.dispatch(alert);
        })
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.checkStrategiesLater();
        });
    }, STRATEGY_CHECK_MS);
  }

  private readonly log: DeliveryLog = {
    add: (channelId, message) => {
      const entry = this.deps.store.addDelivery({ channelId, kind: message.kind, level: message.level, text: message.text });
      this.deps.events.emit('alerts.delivery', entry satisfies DeliveryView);
      return entry.id;
    },
    update: (message, status, detail) => {
      const entry = this.deps.store.updateDelivery(message.deliveryId, status, message.attempts, detail);
      if (entry) this.deps.events.emit('alerts.delivery', entry satisfies DeliveryView);
    },
  };

  private readonly remoteDesk: RemoteDesk = {
    halt: async (reason) => (await this.deps.emergencyStop('telegram', reason)).stop,
    flatten: () => this.deps.flatten('telegram'),
    statusText: async () => {
      const api = this.deps.api();
      const [status, risk, positions, strategies] = await Promise.all([api['app.status']({}), api['risk.state']({}).catch(() => null), api['positions.list']({}).catch(() => []), api['strategies.configs']({}).catch(() => [])]);
      return statusText(status, risk, positions, strategies);
    },
    positionsText: async () => positionsText(await this.deps.api()['positions.list']({})),
    pnlText: async () => pnlText(await this.deps.api()['pnl.summary']({}).catch(() => null)),
  };
}

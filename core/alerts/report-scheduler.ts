import type { Clock } from './clock.js';
import { nextFireTime, type ScheduleTime } from './schedule.js';

export type ReportPeriod = 'daily' | 'weekly';

export interface ReportSchedule {
  readonly enabled: boolean;
  /** IANA zone the times are in, e.g. Europe/Berlin. */
  readonly timeZone: string;
  /** Daily report times, `HH:MM`. */
  readonly daily: readonly string[];
  /** The weekly summary: one day and time. */
  readonly weekly: { readonly day: NonNullable<ScheduleTime['day']>; readonly time: string } | null;
}

/**
 * Fires the daily and weekly reports at the trader's local times. It wakes at least once a minute and
 * compares with the clock, so a laptop that slept through 07:00 sends the report when it wakes and a
 * changed clock or time zone takes effect within a minute; each fire time is computed afresh from the
 * wall clock, so DST changes never shift a report by an hour.
 */
export class ReportScheduler {
  private due: { at: number; period: ReportPeriod }[] = [];
  private cancel: (() => void) | null = null;
  private schedule: ReportSchedule | null = null;

  constructor(
    private readonly clock: Clock,
    /** `slots`: the report time(s) of each period this firing stands for (for the record of what was sent). */
    private readonly fire: (period: ReportPeriod, at: number, slots: Partial<Record<ReportPeriod, number>>) => void,
    private readonly maxSleepMs = 60_000,
  ) {}

  /** (Re)starts with `schedule`; fire times are counted from now. */
  start(schedule: ReportSchedule): void {
    this.stop();
    this.schedule = schedule;
    if (!schedule.enabled) return;
    const now = this.clock.now();
    this.due = [
      ...schedule.daily.map((time) => ({ at: nextFireTime(now, { time }, schedule.timeZone), period: 'daily' as const })),
      ...(schedule.weekly ? [{ at: nextFireTime(now, schedule.weekly, schedule.timeZone), period: 'weekly' as const }] : []),
    ];
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.due = [];
  }

  /** The next fire times, soonest first (for the UI). */
  upcoming(): { at: number; period: ReportPeriod }[] {
    return [...this.due].sort((a, b) => a.at - b.at);
  }

  private arm(): void {
    if (this.due.length === 0) return;
    const soonest = Math.min(...this.due.map((d) => d.at));
    this.cancel = this.clock.setTimer(() => this.tick(), Math.min(this.maxSleepMs, Math.max(0, soonest - this.clock.now())));
  }

  private tick(): void {
    this.cancel = null;
    const schedule = this.schedule;
    if (!schedule) return;
    const now = this.clock.now();
    const firing = new Set<ReportPeriod>();
    const slots: Partial<Record<ReportPeriod, number>> = {};
    this.due = this.due.map((entry, index) => {
      if (entry.at > now) return entry;
      firing.add(entry.period);
      slots[entry.period] = Math.max(slots[entry.period] ?? entry.at, entry.at);
      const spec = entry.period === 'weekly' && schedule.weekly ? schedule.weekly : { time: schedule.daily[index] ?? '07:00' };
      return { at: nextFireTime(now, spec, schedule.timeZone), period: entry.period };
    });
    // A daily and the weekly report due together are one weekly report (it holds the daily figures too).
    if (firing.has('weekly')) this.fire('weekly', now, slots);
    else if (firing.has('daily')) this.fire('daily', now, slots);
    this.arm();
  }
}

import { z } from 'zod';
import type { JsonSettingsStore } from './ports.js';
import type { ReportPeriod, ReportSchedule } from './report-scheduler.js';
import { previousFireTime } from './schedule.js';

/** A report sent after its time because Halyard was closed then: when it was due, and since when it covers. */
export interface LateReport {
  readonly period: ReportPeriod;
  readonly dueAt: number;
  /** The report time before the missed one(s), which Halyard had sent (or passed while running). */
  readonly since: number;
}

export type ReportSlots = Partial<Record<ReportPeriod, number>>;

const KEY = 'alerts.reports.handled';
const slotsSchema = z.object({ daily: z.number().optional(), weekly: z.number().optional() });

/** The latest report time of each period at or before `now` (none when the schedule is off). */
export function latestSlots(schedule: ReportSchedule, now: number): ReportSlots {
  if (!schedule.enabled) return {};
  const daily = schedule.daily.map((time) => previousFireTime(now, { time }, schedule.timeZone)).filter((at): at is number => at !== null);
  const weekly = schedule.weekly ? previousFireTime(now, schedule.weekly, schedule.timeZone) : null;
  return { ...(daily.length > 0 ? { daily: Math.max(...daily) } : {}), ...(weekly !== null ? { weekly } : {}) };
}

/**
 * Which report times are done (sent, or passed while Halyard ran), kept in the settings table so a
 * report missed while Halyard was closed goes out once at the next start, and never again after that.
 */
export class ReportLedger {
  constructor(private readonly settings: JsonSettingsStore) {}

  /** Marks `slots` done (a later time only moves a period on). */
  record(slots: ReportSlots): void {
    const handled = this.load();
    for (const period of ['daily', 'weekly'] as const) {
      const at = slots[period];
      if (at !== undefined && at > (handled[period] ?? -Infinity)) handled[period] = at;
    }
    this.settings.set(KEY, handled);
  }

  /** The schedule changed: what it would have sent before now is not "missed". */
  restart(schedule: ReportSchedule, now: number): void {
    this.settings.set(KEY, latestSlots(schedule, now));
  }

  /**
   * At start: the one report to send late, or null. Only the latest missed time counts, and a missed
   * weekly report stands for a missed daily one too (it holds the daily figures), as when both fall due
   * together. Everything due by `now` is marked done at once, so a restart never sends it again. With
   * nothing recorded (a first start) nothing was missed.
   */
  catchUp(schedule: ReportSchedule, now: number): LateReport | null {
    const handled = this.load();
    const due = latestSlots(schedule, now);
    this.settings.set(KEY, due);
    const missed = (period: ReportPeriod): LateReport | null => {
      const dueAt = due[period];
      const since = handled[period];
      return dueAt !== undefined && since !== undefined && dueAt > since ? { period, dueAt, since } : null;
    };
    return missed('weekly') ?? missed('daily');
  }

  private load(): { daily?: number; weekly?: number } {
    const parsed = slotsSchema.safeParse(this.settings.getRaw(KEY));
    if (!parsed.success) return {};
    const { daily, weekly } = parsed.data;
    return { ...(daily !== undefined ? { daily } : {}), ...(weekly !== undefined ? { weekly } : {}) };
  }
}

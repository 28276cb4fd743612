import { z } from 'zod';
import type { JsonSettings } from './state.js';
import { nextDayStart, tradingDay } from './trading-day.js';

const storedSchema = z.record(z.string(), z.object({ day: z.string(), equity: z.number(), last: z.number(), lastAt: z.number() }));
type Stored = z.infer<typeof storedSchema>;

export interface DayStart {
  /** `YYYY-MM-DD` in the trader's time zone. */
  readonly day: string;
  readonly equity: number;
  /** When this trading day ends (the breaker's lock runs until then). */
  readonly endsAt: number;
}

const KEY = 'risk.dayStart';
/** The last equity is saved at most this often between day changes (a restart loses at most this much). */
const SAVE_EVERY_MS = 60_000;

/**
 * Each account's equity at the start of its trading day, for the daily-loss breaker: the last equity
 * seen before the day changed (or the first seen on a new day), kept in the store so that a restart on
 * the same day measures the loss from the same start.
 */
export class DayStarts {
  private stored: Stored;

  constructor(
    private readonly settings: JsonSettings | null,
    private readonly timeZone: () => string,
  ) {
    const parsed = storedSchema.safeParse(settings?.getRaw(KEY) ?? {});
    this.stored = parsed.success ? parsed.data : {};
  }

  /** The day start of `account` at `time`, given its equity now (which it remembers). */
  observe(account: string, time: number, equity: number): DayStart {
    const zone = this.timeZone();
    const day = tradingDay(time, zone);
    const current = this.stored[account];
    let save = false;
    if (current === undefined || current.day < day) {
      // A new day starts from where the last one ended (the last equity seen), else from now.
      this.stored[account] = { day, equity: current?.last ?? equity, last: equity, lastAt: time };
      save = true;
    } else if (current.day === day) {
      save = time - current.lastAt >= SAVE_EVERY_MS;
      current.last = equity;
      if (save) current.lastAt = time;
    }
    if (save) this.settings?.set(KEY, this.stored);
    const entry = this.stored[account]!;
    return { day: entry.day, equity: entry.equity, endsAt: nextDayStart(time, zone) };
  }
}

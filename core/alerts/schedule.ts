/**
 * Report times in the trader's own time zone. A time is a wall-clock `HH:MM` in an IANA zone, so
 * "07:00" stays 07:00 across daylight-saving changes. A time the clocks skip (02:30 on a
 * spring-forward night) fires at the same offset past the gap (03:30); a time that happens twice
 * (01:30 on a fall-back night) fires once, at its first occurrence.
 */

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

interface LocalParts extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(timeZone, found);
  }
  return found;
}

/** True when the runtime knows `timeZone` (an IANA name such as Europe/Berlin). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const SHORT_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localParts(time: number, timeZone: string): LocalParts & { readonly second: number } {
  const parts = formatterFor(timeZone).formatToParts(time);
  const value = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(value('year')),
    month: Number(value('month')),
    day: Number(value('day')),
    hour: Number(value('hour')),
    minute: Number(value('minute')),
    second: Number(value('second')),
    weekday: SHORT_WEEKDAYS.indexOf(value('weekday')),
  };
}

/** How far the zone's wall clock is ahead of UTC at `time`, in ms. */
function offsetAt(time: number, timeZone: string): number {
  const p = localParts(time, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(time / 1000) * 1000;
}

/** The trader's calendar date at `time`. */
export function localDate(time: number, timeZone: string): LocalDate {
  const { year, month, day } = localParts(time, timeZone);
  return { year, month, day };
}

/**
 * The instant the wall clock in `timeZone` reads `date` `hour:minute` — the first of two when the hour
 * repeats, the same offset past the gap when the clocks skip it.
 */
export function zonedInstant(date: LocalDate, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // The offsets in force a day either side bound the answer; try each and keep those that read right.
  const offsets = [...new Set([offsetAt(wall - 86_400_000, timeZone), offsetAt(wall, timeZone), offsetAt(wall + 86_400_000, timeZone)])];
  const matching = offsets
    .map((offset) => wall - offset)
    .filter((time) => {
      const p = localParts(time, timeZone);
      return p.year === date.year && p.month === date.month && p.day === date.day && p.hour === hour && p.minute === minute;
    })
    .sort((a, b) => a - b);
  if (matching.length > 0) return matching[0]!;
  // Skipped by a spring-forward: the offset before the gap, which lands as far past the gap as the time was into it.
  return wall - Math.min(...offsets);
}

export interface ScheduleTime {
  /** `HH:MM`, 24-hour, in the trader's zone. */
  readonly time: string;
  /** Only on these days (a weekly report); every day when absent. */
  readonly day?: Weekday;
}

export function parseClockTime(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`"${time}" is not a time like 07:00`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The first instant strictly after `after` at which `schedule` fires in `timeZone`. */
export function nextFireTime(after: number, schedule: ScheduleTime, timeZone: string): number {
  const { hour, minute } = parseClockTime(schedule.time);
  const today = localDate(after, timeZone);
  // Walk calendar dates (not 24 h steps, which drift across DST) for up to 8 days.
  for (let offset = 0; offset <= 8; offset++) {
    const noon = new Date(Date.UTC(today.year, today.month - 1, today.day + offset, 12));
    const date = { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate() };
    if (schedule.day !== undefined && WEEKDAYS[noon.getUTCDay()] !== schedule.day) continue;
    const at = zonedInstant(date, hour, minute, timeZone);
    if (at > after) return at;
  }
  throw new Error(`no fire time found for ${schedule.time} in ${timeZone}`);
}

/** The last instant at or before `atOrBefore` at which `schedule` fired in `timeZone`, or null within 8 days. */
export function previousFireTime(atOrBefore: number, schedule: ScheduleTime, timeZone: string): number | null {
  const { hour, minute } = parseClockTime(schedule.time);
  const today = localDate(atOrBefore, timeZone);
  for (let offset = 0; offset >= -8; offset--) {
    const noon = new Date(Date.UTC(today.year, today.month - 1, today.day + offset, 12));
    const date = { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate() };
    if (schedule.day !== undefined && WEEKDAYS[noon.getUTCDay()] !== schedule.day) continue;
    const at = zonedInstant(date, hour, minute, timeZone);
    if (at <= atOrBefore) return at;
  }
  return null;
}

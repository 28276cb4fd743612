/**
 * The trading day the daily-loss breaker counts in: a calendar day in the trader's time zone (UTC
 * unless the trader sets one), as `YYYY-MM-DD`, and the moment the next one starts.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  // The default needs no formatter (building the first one initialises ICU: a tool's start-up notices).
  if (timeZone === 'UTC') return true;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(time: number, timeZone: string): { y: number; m: number; d: number; offsetMs: number } {
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(time)) if (part.type !== 'literal') values[part.type] = Number(part.value);
  const asUtc = Date.UTC(values.year!, values.month! - 1, values.day!, values.hour!, values.minute!, values.second!);
  return { y: values.year!, m: values.month!, d: values.day!, offsetMs: asUtc - Math.floor(time / 1000) * 1000 };
}

/** The calendar day of `time` in `timeZone`, `YYYY-MM-DD`. */
export function tradingDay(time: number, timeZone = 'UTC'): string {
  const { y, m, d } = parts(time, timeZone);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** When the day after the one `time` falls on starts, in `timeZone` (local midnight; DST-aware). */
export function nextDayStart(time: number, timeZone = 'UTC'): number {
  const { y, m, d, offsetMs } = parts(time, timeZone);
  let candidate = Date.UTC(y, m - 1, d + 1) - offsetMs;
  // The offset at local midnight may differ from the one at `time` (a DST change in between).
  for (let i = 0; i < 2; i++) candidate = Date.UTC(y, m - 1, d + 1) - parts(candidate, timeZone).offsetMs;
  return candidate;
}

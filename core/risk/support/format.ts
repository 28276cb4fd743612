import { fmt } from '../../exchange/precision.js';

/** How rejection reasons and regime explanations write numbers: the trader reads these. */
export { fmt };

/** 60 → "1 h", 90 → "90 min". */
export function windowLabel(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

/** A percentage with two decimals: 6.2 → "6.20 %". */
export function pctText(value: number): string {
  return `${value.toFixed(2)} %`;
}

/** A duration a trader reads: 3 h 5 min, 12 min, 40 s. */
export function durationText(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.ceil(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** The last time written by timeText: a cooldown's refusals repeat its end on every blocked order. */
let lastTime = Number.NaN;
let lastTimeText = '';

/** ISO time without milliseconds, UTC: `2024-01-02T22:37:00Z`. Written by hand from 1970 to 9999 (a refusal's text is made per blocked order; a Date and toISOString cost ~1 µs). */
export function timeText(ms: number): string {
  if (ms === lastTime) return lastTimeText;
  lastTimeText = Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000 ? isoSeconds(ms) : `${new Date(ms).toISOString().slice(0, -5)}Z`;
  lastTime = ms;
  return lastTimeText;
}

const DAY_MS = 86_400_000;
const YEAR_10000 = 253_402_300_800_000;

/** The civil UTC date and time of `ms` (a whole number from 1970 to 9999), days to date as in Hinnant's days_from_civil inverse. */
function isoSeconds(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const seconds = Math.floor((ms - days * DAY_MS) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(seconds / 3_600);
  const minute = Math.floor((seconds % 3_600) / 60);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(seconds % 60)}Z`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

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

/** ISO time without milliseconds, UTC (toISOString always ends in `.sssZ`: cut, not matched). */
export function timeText(ms: number): string {
  if (ms === lastTime) return lastTimeText;
  const iso = new Date(ms).toISOString();
  lastTimeText = `${iso.slice(0, -5)}Z`;
  lastTime = ms;
  return lastTimeText;
}

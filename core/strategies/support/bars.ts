import { timeframeMs, type Timeframe } from '../../market/candle.js';

export const HOUR_MS = 3_600_000;

/** How many bars of `timeframe` cover `hours` (at least one): windows are set in time, evaluated in bars. */
export function barsInHours(hours: number, timeframe: Timeframe): number {
  return Math.max(1, Math.ceil((hours * HOUR_MS) / timeframeMs(timeframe)));
}

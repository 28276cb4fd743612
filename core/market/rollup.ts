import { alignToTimeframe, timeframeMs, type Candle, type Timeframe } from './candle.js';

/**
 * Rolls 1m candles up to a higher timeframe the way exchanges do: bars aligned to UTC
 * boundaries, open of the first minute, close of the last, high/low extremes, summed volume.
 * Input must be sorted by time. A bucket is marked closed only when its last minute is present.
 */
export function rollupCandles(minutes: readonly Candle[], timeframe: Timeframe): { candles: Candle[]; lastClosed: boolean } {
  if (timeframe === '1m') return { candles: minutes.slice(), lastClosed: true };
  const step = timeframeMs(timeframe);
  const out: Candle[] = [];
  let current: { time: number; open: number; high: number; low: number; close: number; volume: number } | null = null;
  let lastMinute = -Infinity;
  for (const minute of minutes) {
    const bucket = alignToTimeframe(minute.time, timeframe);
    if (!current || current.time !== bucket) {
      if (current) out.push(current);
      current = { time: bucket, open: minute.open, high: minute.high, low: minute.low, close: minute.close, volume: minute.volume };
    } else {
      current.high = Math.max(current.high, minute.high);
      current.low = Math.min(current.low, minute.low);
      current.close = minute.close;
      current.volume += minute.volume;
    }
    lastMinute = minute.time;
  }
  if (current) out.push(current);
  const lastClosed = current !== null && lastMinute === current.time + step - 60_000;
  return { candles: out, lastClosed };
}

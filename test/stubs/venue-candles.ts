import type { Candle } from '../../core/market/candle.js';

/**
 * The one-minute bars a venue stub serves (a test appends them), rolled up into a longer interval the
 * way a venue aggregates trades: open of the first minute, high/low over all, close of the last, volume
 * summed. Buckets start on multiples of the interval since the epoch (UTC).
 */
export class MinuteBars {
  private readonly bars = new Map<string, Candle[]>();

  set(symbol: string, candles: readonly Candle[]): void {
    this.bars.set(symbol, [...candles].sort((a, b) => a.time - b.time));
  }

  append(symbol: string, candle: Candle): void {
    this.set(symbol, [...(this.bars.get(symbol) ?? []).filter((c) => c.time !== candle.time), candle]);
  }

  of(symbol: string, intervalMinutes: number): Candle[] {
    const minutes = this.bars.get(symbol) ?? [];
    if (intervalMinutes === 1) return minutes;
    const step = intervalMinutes * 60_000;
    const buckets = new Map<number, Candle>();
    for (const m of minutes) {
      const time = m.time - (m.time % step);
      const b = buckets.get(time);
      buckets.set(time, b ? { time, open: b.open, high: Math.max(b.high, m.high), low: Math.min(b.low, m.low), close: m.close, volume: b.volume + m.volume } : { ...m, time });
    }
    return [...buckets.values()];
  }
}

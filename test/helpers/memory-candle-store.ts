import type { CandleStore, SeriesKey } from '../../core/market/candle-store.js';
import { candlesToColumns, type Candle, type CandleColumns } from '../../core/market/candle.js';

/** A tiny CandleStore for unit tests: a sorted map per series, same contract as the SQLite repository. */
export class MemoryCandleStore implements CandleStore {
  private readonly series = new Map<string, Map<number, Candle>>();
  upserts = 0;

  upsert(key: SeriesKey, candles: readonly Candle[]): number {
    const bars = this.bars(key);
    for (const candle of candles) bars.set(candle.time, { ...candle });
    this.upserts++;
    return candles.length;
  }

  range(key: SeriesKey, from: number, to: number): CandleColumns {
    return candlesToColumns(this.sorted(key).filter((c) => c.time >= from && c.time < to));
  }

  latest(key: SeriesKey, limit: number): CandleColumns {
    return candlesToColumns(this.sorted(key).slice(-limit));
  }

  bounds(key: SeriesKey): { first: number; last: number; count: number } | null {
    const sorted = this.sorted(key);
    if (sorted.length === 0) return null;
    return { first: sorted[0]!.time, last: sorted[sorted.length - 1]!.time, count: sorted.length };
  }

  all(key: SeriesKey): Candle[] {
    return this.sorted(key);
  }

  private bars(key: SeriesKey): Map<number, Candle> {
    const id = `${key.exchange}|${key.symbol}|${key.timeframe}`;
    let bars = this.series.get(id);
    if (!bars) {
      bars = new Map();
      this.series.set(id, bars);
    }
    return bars;
  }

  private sorted(key: SeriesKey): Candle[] {
    return [...this.bars(key).values()].sort((a, b) => a.time - b.time);
  }
}

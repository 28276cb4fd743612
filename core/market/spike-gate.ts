import type { Candle } from './candle.js';
import type { SeriesKey } from './candle-store.js';
import type { SpikeFlag } from './validation.js';

/**
 * Holds flagged (spike) candles out of strategy input until a trader or a later check confirms
 * them. The candles stay in the store and on the chart; only the strategy feed skips them, and
 * it says which bars it held back.
 *
 * In memory for now; a persistent implementation belongs in core/store behind the same class
 * shape (flag/confirm/unconfirmed).
 */
export interface HeldCandles {
  readonly candles: Candle[];
  readonly held: SpikeFlag[];
}

export class SpikeGate {
  private readonly flags = new Map<string, Map<number, SpikeFlag>>();

  flag(key: SeriesKey, flags: readonly SpikeFlag[]): void {
    if (flags.length === 0) return;
    const series = this.series(key);
    for (const flag of flags) series.set(flag.time, flag);
  }

  /** Marks a flagged bar as real; returns false when it was not flagged. */
  confirm(key: SeriesKey, time: number): boolean {
    return this.series(key).delete(time);
  }

  unconfirmed(key: SeriesKey): SpikeFlag[] {
    return [...this.series(key).values()].sort((a, b) => a.time - b.time);
  }

  /** The candles a strategy may see, and the flagged ones it may not (yet). */
  strategyInput(key: SeriesKey, candles: readonly Candle[]): HeldCandles {
    const series = this.series(key);
    if (series.size === 0) return { candles: [...candles], held: [] };
    const held: SpikeFlag[] = [];
    const kept = candles.filter((candle) => {
      const flag = series.get(candle.time);
      if (flag) held.push(flag);
      return !flag;
    });
    return { candles: kept, held };
  }

  private series(key: SeriesKey): Map<number, SpikeFlag> {
    const id = `${key.exchange}|${key.symbol}|${key.timeframe}`;
    let series = this.flags.get(id);
    if (!series) {
      series = new Map();
      this.flags.set(id, series);
    }
    return series;
  }
}

import { z } from 'zod';
import type { Candle } from './candle.js';
import type { SeriesKey } from './candle-store.js';
import type { SpikeFlag } from './validation.js';

/**
 * Holds flagged (spike) candles out of strategy input until a trader or a later check confirms
 * them. The candles stay in the store and on the chart; only the strategy feed skips them, and
 * it says which bars it held back. Flags persist through a small key/value port (the store's
 * settings repository fits it), so a bar flagged by the CLI is still held when the app starts.
 */
export interface HeldCandles {
  readonly candles: Candle[];
  readonly held: SpikeFlag[];
}

/** Where flags live between runs; `HalyardStore.settings` satisfies this structurally. */
export interface SpikeFlagPersistence {
  getRaw(key: string): unknown;
  set(key: string, value: unknown): void;
}

const flagsSchema = z.array(z.object({ time: z.number(), move: z.number(), detail: z.string() }));
const KEY_PREFIX = 'market.spikeFlags:';

export class SpikeGate {
  private readonly flags = new Map<string, Map<number, SpikeFlag>>();

  constructor(private readonly persistence?: SpikeFlagPersistence) {}

  flag(key: SeriesKey, flags: readonly SpikeFlag[]): void {
    if (flags.length === 0) return;
    const series = this.series(key);
    for (const flag of flags) series.set(flag.time, flag);
    this.save(key, series);
  }

  /** Marks a flagged bar as real; returns false when it was not flagged. */
  confirm(key: SeriesKey, time: number): boolean {
    const series = this.series(key);
    const removed = series.delete(time);
    if (removed) this.save(key, series);
    return removed;
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
    const id = seriesId(key);
    let series = this.flags.get(id);
    if (!series) {
      const stored = this.persistence ? flagsSchema.safeParse(this.persistence.getRaw(KEY_PREFIX + id) ?? []) : null;
      series = new Map((stored?.success ? stored.data : []).map((flag) => [flag.time, flag]));
      this.flags.set(id, series);
    }
    return series;
  }

  private save(key: SeriesKey, series: Map<number, SpikeFlag>): void {
    this.persistence?.set(KEY_PREFIX + seriesId(key), [...series.values()].sort((a, b) => a.time - b.time));
  }
}

function seriesId(key: SeriesKey): string {
  return `${key.exchange}|${key.symbol}|${key.timeframe}`;
}

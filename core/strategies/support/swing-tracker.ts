import { SwingHigh, SwingLow } from '../../indicators/index.js';
import type { Candle } from '../../market/candle.js';

export interface Pivot {
  readonly price: number;
  /** Index (count of bars fed so far, 0-based) of the bar that made the pivot. */
  readonly index: number;
}

/** What the newest bar revealed: a pivot is confirmed `lookback` bars after the bar that made it. */
export interface SwingUpdate {
  readonly high: Pivot | null;
  readonly low: Pivot | null;
}

/**
 * Confirmed swing highs and lows (fractal pivots: strictly above/below `lookback` bars on each side),
 * detected by SwingHigh/SwingLow from core/indicators. Keeps only the latest pivot of each kind.
 */
export class SwingTracker {
  private readonly highs: SwingHigh;
  private readonly lows: SwingLow;
  private readonly lookback: number;
  private bars = 0;
  lastHigh: Pivot | null = null;
  lastLow: Pivot | null = null;

  constructor(lookback: number) {
    this.lookback = lookback;
    this.highs = new SwingHigh({ lookback });
    this.lows = new SwingLow({ lookback });
  }

  push(candle: Candle): SwingUpdate {
    const pivotIndex = this.bars - this.lookback;
    this.bars += 1;
    const input = { high: candle.high, low: candle.low };
    const high = this.highs.add(input);
    const low = this.lows.add(input);
    const update: SwingUpdate = {
      high: high === null ? null : { price: high, index: pivotIndex },
      low: low === null ? null : { price: low, index: pivotIndex },
    };
    if (update.high) this.lastHigh = update.high;
    if (update.low) this.lastLow = update.low;
    return update;
  }

  /** Index the next pushed bar will get. */
  get nextIndex(): number {
    return this.bars;
  }
}

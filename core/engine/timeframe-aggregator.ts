import { alignToTimeframe, timeframeMs, type Candle, type Timeframe } from '../market/candle.js';

/**
 * Builds closed bars of one timeframe from a stream of base bars, bar for bar the same as
 * `rollupCandles` (core/market/rollup.ts): UTC-aligned buckets, open of the first base bar, close
 * of the last, extreme high/low, summed volume. A bucket closes when its last base bar arrives; if
 * a gap skipped that bar, it closes (late) when the first bar of a later bucket arrives.
 * Each closed bar is a new object that only the strategy (and its windows) ever see.
 */
export class TimeframeAggregator {
  private readonly stepMs: number;
  private readonly baseMs: number;
  private bucket = Number.NaN;
  /** The last aligned bucket [from, to): bars inside it need no alignment (two float remainders per bar). */
  private alignedFrom = Number.NaN;
  private alignedTo = Number.NaN;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  /** Base bars before this time are not rolled up (their buckets came whole: see `startAt`). */
  private from = -Infinity;

  constructor(
    readonly timeframe: Timeframe,
    base: Timeframe,
  ) {
    this.stepMs = timeframeMs(timeframe);
    this.baseMs = timeframeMs(base);
    if (this.stepMs < this.baseMs || this.stepMs % this.baseMs !== 0) {
      throw new Error(`cannot build ${timeframe} bars from ${base} bars`);
    }
  }

  /** Feeds one base bar; calls `emit` for each bar of this timeframe that is now closed (0, 1 or 2). */
  push(candle: Candle, emit: (bar: Candle) => void): void {
    const time = candle.time;
    let bucket = this.alignedFrom;
    if (!(time >= bucket && time < this.alignedTo)) {
      bucket = alignToTimeframe(time, this.timeframe);
      // Only on a bucket change: the hot path inside a bucket pays nothing for it.
      if (bucket < this.from) return;
      this.alignedFrom = bucket;
      this.alignedTo = bucket + this.stepMs;
    }
    if (bucket !== this.bucket) {
      if (!Number.isNaN(this.bucket)) emit(this.take());
      this.bucket = bucket;
      this.open = candle.open;
      this.high = candle.high;
      this.low = candle.low;
      this.close = candle.close;
      this.volume = candle.volume;
    } else {
      if (candle.high > this.high) this.high = candle.high;
      if (candle.low < this.low) this.low = candle.low;
      this.close = candle.close;
      this.volume += candle.volume;
    }
    if (candle.time + this.baseMs === bucket + this.stepMs) emit(this.take());
  }

  /**
   * Rolls up only base bars from `time` (a bucket boundary) on: the warm-up handed the strategy the
   * closed bars before it whole (the venue's own), so counting those minutes again would double them.
   */
  startAt(time: number): void {
    if (alignToTimeframe(time, this.timeframe) !== time) throw new Error(`${time} is not the start of a ${this.timeframe} bar`);
    this.from = time;
    this.bucket = Number.NaN;
    this.alignedFrom = Number.NaN;
    this.alignedTo = Number.NaN;
  }

  private take(): Candle {
    const bar = { time: this.bucket, open: this.open, high: this.high, low: this.low, close: this.close, volume: this.volume };
    this.bucket = Number.NaN;
    return bar;
  }
}

import { checkPeriod, StreamingIndicator } from './streaming.js';

/**
 * The sum of squared deviations is recomputed when it is below this share of the updates made to it since
 * it was last computed afresh: each update may leave a rounding of ~1e-16 of its size, so what remains is
 * then known to ~1e-9 of itself at least (and the bands to far better, relative to the price).
 */
const UNSURE = 2 ** -52 * 1e7;

export interface BandsResult {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/**
 * Bollinger Bands (middle: the simple average of the last `interval` inputs; upper/lower: ± the population
 * standard deviation times `deviationMultiplier`, as TA-Lib's BBANDS and trading-signals compute them) in
 * O(1) per update: the window's mean and sum of squared deviations slide with each input (Welford's
 * update for a sliding window), and are computed afresh from the window each time the ring wraps — once
 * every `interval` inputs, so rounding never accumulates over more than one window — and whenever the
 * sum has become small beside the rounding its updates may have left in it (a flat window: the square
 * root would magnify that rounding into bands of visible width where the true width is nil).
 *
 * Project-local because trading-signals' BollingerBands averages its whole window twice and builds two
 * arrays on every update (O(interval)): the chart computes it over every bar it holds when its history
 * arrives. Agrees with trading-signals and TA-Lib within 1e-9 (relative; `test/unit/indicators/
 * running-bollinger.test.ts`, `test/refdata/running-bollinger-talib.test.ts`). `update(input, true)`
 * revises the newest input (a forming bar), like every streaming indicator.
 */
export class RunningBollinger extends StreamingIndicator<number, BandsResult> {
  readonly interval: number;
  readonly deviationMultiplier: number;
  private readonly ring: Float64Array;
  /** Where the next input goes; the oldest input sits there once the ring is full. */
  private next = 0;
  private count = 0;
  private mean = 0;
  /** Sum of squared deviations from `mean` over the window. */
  private squares = 0;
  /** Sum of the sizes of the updates to `squares` since it was last computed afresh: bounds its rounding. */
  private magnitude = 0;
  /** The state before the newest input and the ring value it overwrote (a revision starts from it). */
  private nextBefore = 0;
  private countBefore = 0;
  private meanBefore = 0;
  private squaresBefore = 0;
  private magnitudeBefore = 0;
  private overwritten = 0;

  constructor(interval: number, deviationMultiplier = 2) {
    super();
    this.interval = checkPeriod('Bollinger interval', interval);
    if (!Number.isFinite(deviationMultiplier)) throw new RangeError(`Bollinger deviation multiplier must be a finite number, got ${deviationMultiplier}`);
    this.deviationMultiplier = deviationMultiplier;
    this.ring = new Float64Array(interval);
  }

  update(input: number, replace = false): BandsResult | null {
    if (replace && this.count > 0) {
      this.next = this.nextBefore;
      this.count = this.countBefore;
      this.mean = this.meanBefore;
      this.squares = this.squaresBefore;
      this.magnitude = this.magnitudeBefore;
      this.ring[this.next] = this.overwritten;
    } else {
      this.nextBefore = this.next;
      this.countBefore = this.count;
      this.meanBefore = this.mean;
      this.squaresBefore = this.squares;
      this.magnitudeBefore = this.magnitude;
    }
    const slot = this.next;
    const leaving = this.ring[slot]!;
    this.overwritten = leaving;
    this.ring[slot] = input;
    this.next = slot + 1 === this.interval ? 0 : slot + 1;
    if (this.count < this.interval) {
      this.count += 1;
      const delta = input - this.mean;
      this.mean += delta / this.count;
      const change = delta * (input - this.mean);
      this.squares += change;
      this.magnitude += Math.abs(change);
    } else {
      const mean = this.mean + (input - leaving) / this.interval;
      const change = (input - leaving) * (input - mean + leaving - this.mean);
      this.squares += change;
      this.magnitude += Math.abs(change);
      this.mean = mean;
    }
    if ((this.next === 0 && this.count === this.interval) || this.squares < UNSURE * this.magnitude) this.exact();
    if (this.count < this.interval) return (this.result = null);
    const deviation = Math.sqrt(Math.max(0, this.squares) / this.interval) * this.deviationMultiplier;
    return (this.result = { upper: this.mean + deviation, middle: this.mean, lower: this.mean - deviation });
  }

  /** Mean and squared deviations computed afresh from the full window (two passes, as the library does). */
  private exact(): void {
    const count = this.count;
    let sum = 0;
    for (let i = 0; i < count; i++) sum += this.ring[i]!;
    const mean = sum / count;
    let squares = 0;
    for (let i = 0; i < count; i++) squares += (this.ring[i]! - mean) ** 2;
    this.mean = mean;
    this.squares = squares;
    this.magnitude = 0;
  }
}

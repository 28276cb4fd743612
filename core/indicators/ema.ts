import { checkPeriod, StreamingIndicator } from './streaming.js';

/**
 * Exponential moving average seeded the way TA-Lib (`TA_EMA`) and TradingView (`ta.ema`) seed it: the
 * first value is the simple average of the first `interval` inputs, then
 * `ema += (input − ema) × 2 / (interval + 1)`. O(1) per update.
 *
 * Project-local because trading-signals' EMA starts from the first input instead, which leaves its
 * values visibly off TA-Lib's for many bars (EMA(26): 1e-6 relative after 120 bars).
 */
export class EMA extends StreamingIndicator<number, number> {
  readonly interval: number;
  private readonly k: number;
  private count = 0;
  private sum = 0;
  private value = Number.NaN;
  /** The state before the newest input, so a revision can replace it (plain fields: this is the hot path of backtests). */
  private countBefore = 0;
  private sumBefore = 0;
  private valueBefore = Number.NaN;

  constructor(interval: number) {
    super();
    this.interval = checkPeriod('EMA interval', interval);
    this.k = 2 / (interval + 1);
  }

  update(input: number, replace = false): number | null {
    if (replace && this.count > 0) {
      this.count = this.countBefore;
      this.sum = this.sumBefore;
      this.value = this.valueBefore;
    } else {
      this.countBefore = this.count;
      this.sumBefore = this.sum;
      this.valueBefore = this.value;
    }
    this.count += 1;
    if (this.count <= this.interval) {
      this.sum += input;
      this.value = this.count === this.interval ? this.sum / this.interval : Number.NaN;
    } else {
      // TA-Lib's order of operations, so results agree to the last bits.
      this.value = (input - this.value) * this.k + this.value;
    }
    this.result = this.count < this.interval ? null : this.value;
    return this.result;
  }
}

import { checkPeriod, StreamingIndicator } from './streaming.js';

/**
 * Rate of change in percent, as TA-Lib's `TA_ROC` and TradingView's `ta.roc`: (input / input `interval`
 * bars ago − 1) × 100; 0 when the older input is 0 (TA-Lib's rule). First value on input `interval + 1`. O(1).
 *
 * Project-local because trading-signals' ROC is a ratio (0.05 for 5 %), which no chart shows.
 */
export class ROC extends StreamingIndicator<number, number> {
  readonly interval: number;
  /** The last `interval + 1` inputs, oldest overwritten first. */
  private readonly window: Float64Array;
  private count = 0;
  private next = 0;

  constructor(interval: number) {
    super();
    this.interval = checkPeriod('ROC interval', interval);
    this.window = new Float64Array(interval + 1);
  }

  update(input: number, replace = false): number | null {
    const size = this.window.length;
    if (replace && this.count > 0) {
      this.window[(this.next + size - 1) % size] = input;
    } else {
      this.window[this.next] = input;
      this.next = (this.next + 1) % size;
      this.count += 1;
    }
    if (this.count < size) return (this.result = null);
    // After a write, `next` points at the oldest input of the window.
    const older = this.window[this.next]!;
    this.result = older === 0 ? 0 : (input / older - 1) * 100;
    return this.result;
  }
}

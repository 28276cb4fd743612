import { checkPeriod, checkpoint, StreamingIndicator } from './streaming.js';

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
  private readonly state = { count: 0, sum: 0, value: Number.NaN };
  private readonly before = { ...this.state };

  constructor(interval: number) {
    super();
    this.interval = checkPeriod('EMA interval', interval);
    this.k = 2 / (interval + 1);
  }

  update(input: number, replace = false): number | null {
    const s = this.state;
    checkpoint(s, this.before, replace, s.count > 0);
    s.count += 1;
    if (s.count <= this.interval) {
      s.sum += input;
      s.value = s.count === this.interval ? s.sum / this.interval : Number.NaN;
    } else {
      // TA-Lib's order of operations, so results agree to the last bits.
      s.value = (input - s.value) * this.k + s.value;
    }
    this.result = s.count < this.interval ? null : s.value;
    return this.result;
  }
}

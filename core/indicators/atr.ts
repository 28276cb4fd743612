import { getTrueRange } from 'trading-signals';
import { checkPeriod, checkpoint, StreamingIndicator } from './streaming.js';

export interface HighLowClose {
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * Average true range as TA-Lib's `TA_ATR`: true ranges from the second bar on (the first bar has no
 * previous close), the first ATR the simple average of the first `interval` of them, then Wilder's
 * smoothing `atr = (atr × (interval − 1) + tr) / interval`. First value on bar `interval + 1`. O(1).
 *
 * Project-local because trading-signals' ATR counts the first bar's high − low as a true range and
 * so is seeded one bar early on a different average (TradingView's `ta.atr` does the same; the
 * difference fades within a few hundred bars).
 */
export class ATR extends StreamingIndicator<HighLowClose, number> {
  readonly interval: number;
  private readonly state = { bars: 0, previousClose: Number.NaN, sum: 0, value: Number.NaN };
  private readonly before = { ...this.state };

  constructor(interval: number) {
    super();
    this.interval = checkPeriod('ATR interval', interval);
  }

  update(bar: HighLowClose, replace = false): number | null {
    const s = this.state;
    checkpoint(s, this.before, replace, s.bars > 0);
    s.bars += 1;
    const previousClose = s.previousClose;
    s.previousClose = bar.close;
    const ranges = s.bars - 1;
    if (ranges > 0) {
      const trueRange = getTrueRange(bar, previousClose);
      if (ranges <= this.interval) {
        s.sum += trueRange;
        s.value = ranges === this.interval ? s.sum / this.interval : Number.NaN;
      } else {
        s.value = (s.value * (this.interval - 1) + trueRange) / this.interval;
      }
    }
    this.result = ranges < this.interval ? null : s.value;
    return this.result;
  }
}

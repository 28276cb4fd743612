import { getTrueRange } from 'trading-signals';
import type { HighLowClose } from './atr.js';
import { checkPeriod, checkpoint, StreamingIndicator } from './streaming.js';

export interface DirectionalResult {
  /** +DI and −DI in percent, from bar `interval + 1` on. */
  readonly plusDI: number;
  readonly minusDI: number;
  /** From bar `2 × interval` on; null before. */
  readonly adx: number | null;
}

/**
 * Wilder's directional movement as TA-Lib's `TA_PLUS_DI` / `TA_MINUS_DI` / `TA_ADX`. The +DM, −DM and
 * true-range sums start as plain sums of the first `interval − 1` moves and are then smoothed with
 * `sum − sum / interval + move` (TA-Lib's seed; TradingView's `ta.dmi` averages the first `interval`
 * moves instead, so its first DI values differ until that seed fades). DI = 100 × DM sum / TR sum.
 * ADX is seeded with the simple average of the first `interval` DX values, then Wilder-smoothed;
 * a bar where DX is undefined (no range, or +DI = −DI = 0) leaves ADX where it was, as in TA-Lib. O(1).
 *
 * Project-local because trading-signals' DX/ADX seed their averages on different bars than TA-Lib.
 */
export class ADX extends StreamingIndicator<HighLowClose, DirectionalResult> {
  readonly interval: number;
  private readonly state = {
    bars: 0,
    high: Number.NaN,
    low: Number.NaN,
    close: Number.NaN,
    plusDM: 0,
    minusDM: 0,
    trueRange: 0,
    dxSum: 0,
    adx: Number.NaN,
  };
  private readonly before = { ...this.state };

  constructor(interval: number) {
    super();
    this.interval = checkPeriod('ADX interval', interval, 2);
  }

  update(bar: HighLowClose, replace = false): DirectionalResult | null {
    const s = this.state;
    const n = this.interval;
    checkpoint(s, this.before, replace, s.bars > 0);
    s.bars += 1;
    const moves = s.bars - 1;
    const up = bar.high - s.high;
    const down = s.low - bar.low;
    const trueRange = moves === 0 ? 0 : getTrueRange(bar, s.close);
    s.high = bar.high;
    s.low = bar.low;
    s.close = bar.close;
    if (moves === 0) return (this.result = null);
    if (moves >= n) {
      s.plusDM -= s.plusDM / n;
      s.minusDM -= s.minusDM / n;
      s.trueRange = s.trueRange - s.trueRange / n + trueRange;
    } else {
      s.trueRange += trueRange;
    }
    // A move counts for one side only: the larger of the two, when positive (equal moves count for neither).
    if (down > 0 && up < down) s.minusDM += down;
    else if (up > 0 && up > down) s.plusDM += up;
    if (moves < n) return (this.result = null);

    const plusDI = s.trueRange === 0 ? 0 : 100 * (s.plusDM / s.trueRange);
    const minusDI = s.trueRange === 0 ? 0 : 100 * (s.minusDM / s.trueRange);
    const diSum = minusDI + plusDI;
    const dx = s.trueRange === 0 || diSum === 0 ? null : 100 * (Math.abs(minusDI - plusDI) / diSum);
    const dxCount = moves - n + 1;
    if (dxCount <= n) {
      s.dxSum += dx ?? 0;
      if (dxCount === n) s.adx = s.dxSum / n;
    } else if (dx !== null) {
      s.adx = (s.adx * (n - 1) + dx) / n;
    }
    this.result = { plusDI, minusDI, adx: dxCount >= n ? s.adx : null };
    return this.result;
  }
}

import { EMA } from './ema.js';
import { checkPeriod, StreamingIndicator } from './streaming.js';

export interface MACDResult {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/**
 * MACD as TA-Lib's `TA_MACD` (what TA-Lib-based tools show): MACD = fast EMA − slow EMA, signal = EMA of
 * the MACD line, histogram = MACD − signal; every EMA seeded with a simple average. TA-Lib starts the
 * fast EMA so that it is seeded on the same bar as the slow one (over the `fast` inputs ending there),
 * so the first result (all three lines, like TA-Lib) comes with input `slow + signal − 1`.
 * TradingView's `ta.macd` seeds its fast EMA `slow − fast` bars earlier; the two agree once that seed
 * has faded (to 1e-9 after about 150 bars on real data).
 */
export class MACD extends StreamingIndicator<number, MACDResult> {
  readonly fast: number;
  readonly slow: number;
  readonly signal: number;
  private readonly fastEma: EMA;
  private readonly slowEma: EMA;
  private readonly signalEma: EMA;
  private inputs = 0;

  constructor(fast: number, slow: number, signal: number) {
    super();
    this.fast = checkPeriod('MACD fast period', fast);
    this.slow = checkPeriod('MACD slow period', slow);
    this.signal = checkPeriod('MACD signal period', signal);
    if (fast >= slow) throw new RangeError(`MACD fast period (${fast}) must be shorter than the slow one (${slow})`);
    this.fastEma = new EMA(fast);
    this.slowEma = new EMA(slow);
    this.signalEma = new EMA(signal);
  }

  update(input: number, replace = false): MACDResult | null {
    const revising = replace && this.inputs > 0;
    const index = revising ? this.inputs - 1 : this.inputs;
    if (!revising) this.inputs += 1;
    const slow = this.slowEma.update(input, replace);
    // The fast EMA sees only the last `fast` inputs before the slow EMA's seed, as in TA-Lib.
    const fast = index >= this.slow - this.fast ? this.fastEma.update(input, revising) : null;
    if (slow === null || fast === null) return (this.result = null);
    const macd = fast - slow;
    const signal = this.signalEma.update(macd, revising);
    this.result = signal === null ? null : { macd, signal, histogram: macd - signal };
    return this.result;
  }
}

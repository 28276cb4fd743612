import { EMA } from './ema.js';
import { checkPeriod, StreamingIndicator } from './streaming.js';

/**
 * Double EMA as TA-Lib's `TA_DEMA`: 2·EMA(x) − EMA(EMA(x)), both EMAs seeded with a simple average (so
 * the inner one starts on the outer one's first `interval` values). First value on input 2·interval − 1.
 */
export class DEMA extends StreamingIndicator<number, number> {
  private readonly first: EMA;
  private readonly second: EMA;

  constructor(readonly interval: number) {
    super();
    checkPeriod('DEMA interval', interval);
    this.first = new EMA(interval);
    this.second = new EMA(interval);
  }

  update(input: number, replace = false): number | null {
    const e1 = this.first.update(input, replace);
    const e2 = e1 === null ? null : this.second.update(e1, replace);
    this.result = e1 === null || e2 === null ? null : 2 * e1 - e2;
    return this.result;
  }
}

/**
 * Triple EMA as TA-Lib's `TA_TEMA`: 3·e1 − 3·e2 + e3 with e2 = EMA(e1), e3 = EMA(e2), each seeded with a
 * simple average. First value on input 3·interval − 2.
 */
export class TEMA extends StreamingIndicator<number, number> {
  private readonly first: EMA;
  private readonly second: EMA;
  private readonly third: EMA;

  constructor(readonly interval: number) {
    super();
    checkPeriod('TEMA interval', interval);
    this.first = new EMA(interval);
    this.second = new EMA(interval);
    this.third = new EMA(interval);
  }

  update(input: number, replace = false): number | null {
    const e1 = this.first.update(input, replace);
    const e2 = e1 === null ? null : this.second.update(e1, replace);
    const e3 = e1 === null || e2 === null ? null : this.third.update(e2, replace);
    this.result = e1 === null || e2 === null || e3 === null ? null : e3 + (3 * e1 - 3 * e2);
    return this.result;
  }
}

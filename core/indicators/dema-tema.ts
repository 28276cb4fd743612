import { EMA } from './ema.js';
import { checkPeriod, StreamingIndicator } from './streaming.js';

/** `depth` EMAs, each fed the one before's values (TA-Lib's DEMA/TEMA building block), each seeded with a simple average. */
class EmaChain {
  private readonly emas: EMA[];

  constructor(name: string, interval: number, depth: number) {
    checkPeriod(`${name} interval`, interval);
    this.emas = Array.from({ length: depth }, () => new EMA(interval));
  }

  /** e1 = EMA(input), e2 = EMA(e1), …; null until the last EMA has its first value. */
  update(input: number, replace: boolean): number[] | null {
    const values: number[] = [];
    let value: number | null = input;
    for (const ema of this.emas) {
      value = ema.update(value, replace);
      if (value === null) return null;
      values.push(value);
    }
    return values;
  }
}

/** Double EMA as TA-Lib's `TA_DEMA`: 2·e1 − e2 (e2 = EMA of e1). First value on input 2·interval − 1. */
export class DEMA extends StreamingIndicator<number, number> {
  private readonly chain: EmaChain;

  constructor(readonly interval: number) {
    super();
    this.chain = new EmaChain('DEMA', interval, 2);
  }

  update(input: number, replace = false): number | null {
    const e = this.chain.update(input, replace);
    this.result = e === null ? null : 2 * e[0]! - e[1]!;
    return this.result;
  }
}

/** Triple EMA as TA-Lib's `TA_TEMA`: 3·e1 − 3·e2 + e3 (in TA-Lib's order of operations). First value on input 3·interval − 2. */
export class TEMA extends StreamingIndicator<number, number> {
  private readonly chain: EmaChain;

  constructor(readonly interval: number) {
    super();
    this.chain = new EmaChain('TEMA', interval, 3);
  }

  update(input: number, replace = false): number | null {
    const e = this.chain.update(input, replace);
    this.result = e === null ? null : e[2]! + (3 * e[0]! - 3 * e[1]!);
    return this.result;
  }
}

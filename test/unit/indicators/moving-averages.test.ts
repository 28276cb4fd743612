import { describe, expect, it } from 'vitest';
import { DEMA, EMA, MACD, TEMA } from '../../../core/indicators/index.js';

/** Feeds every input and collects each output (null while warming up). */
function feed<R>(indicator: { add(input: number): R }, inputs: readonly number[]): R[] {
  return inputs.map((input) => indicator.add(input));
}

describe('EMA (seeded with the simple average of its first N inputs, as TA-Lib and TradingView)', () => {
  it('starts with the average of the first 3 inputs, then moves half the way (k = 2/(3+1)) to each input', () => {
    // Seed (1+2+3)/3 = 2; then 2 + (4−2)/2 = 3, 3 + (5−3)/2 = 4, 4 + (6−4)/2 = 5.
    // (Seeded from the first price instead, as trading-signals' EMA is, bar 3 would read 2.25.)
    expect(feed(new EMA(3), [1, 2, 3, 4, 5, 6])).toEqual([null, null, 2, 3, 4, 5]);
  });

  it('revises its newest input: a forming bar may change until it closes', () => {
    const ema = new EMA(3);
    feed(ema, [1, 2, 3, 4]);
    expect(ema.replace(10)).toBe(6); // 2 + (10−2)/2 instead of 3
    expect(ema.replace(4)).toBe(3); // back to the close it really had
    expect(ema.add(5)).toBe(4);
    // Revised during warm-up: the seed averages the revised input.
    const warming = new EMA(3);
    warming.add(1);
    warming.add(2);
    warming.replace(5);
    expect(warming.getResult()).toBeNull();
    expect(warming.add(3)).toBe(3); // (1+5+3)/3
    expect(warming.isStable).toBe(true);
  });

  it('refuses a period that is not a whole number of inputs', () => {
    expect(() => new EMA(0)).toThrow('EMA interval must be an integer ≥ 1, got 0');
    expect(() => new EMA(2.5)).toThrow(/EMA interval/);
  });
});

describe('DEMA and TEMA (TA-Lib: every inner EMA seeded with a simple average)', () => {
  // EMA(2) has k = 2/3. Inputs 1, 2, 4, 8, 16:
  //   e1 = EMA(x):  3/2, 19/6, 115/18, 691/54             (from input 2)
  //   e2 = EMA(e1): 7/3 = (3/2 + 19/6)/2, 136/27, 827/81 (from input 3)
  //   e3 = EMA(e2): 199/54 = (7/3 + 136/27)/2, 3905/486  (from input 4)
  it('DEMA(2) = 2·e1 − e2 from input 3 on', () => {
    const values = feed(new DEMA(2), [1, 2, 4, 8]);
    expect(values.slice(0, 2)).toEqual([null, null]);
    expect(values[2]).toBeCloseTo(2 * (19 / 6) - 7 / 3, 12); // 4
    expect(values[3]).toBeCloseTo(2 * (115 / 18) - 136 / 27, 12); // 209/27
  });

  it('TEMA(2) = 3·e1 − 3·e2 + e3 from input 4 on', () => {
    const values = feed(new TEMA(2), [1, 2, 4, 8, 16]);
    expect(values.slice(0, 3)).toEqual([null, null, null]);
    expect(values[3]).toBeCloseTo(3 * (115 / 18) - 3 * (136 / 27) + 199 / 54, 12);
    expect(values[4]).toBeCloseTo(3 * (691 / 54) - 3 * (827 / 81) + 3905 / 486, 12);
  });
});

describe('MACD (TA-Lib: the fast EMA is seeded on the same bar as the slow one)', () => {
  it('MACD(2, 3, 2) by hand', () => {
    // Inputs 1, 2, 4, 8, 16. Slow EMA(3), k = 1/2: 7/3 = (1+2+4)/3, then 31/6, 127/12.
    // Fast EMA(2), k = 2/3, fed from input 2 so it is seeded with input 3: 3 = (2+4)/2, then 19/3, 115/9.
    // MACD: 2/3, 7/6, 79/36. Signal EMA(2) of MACD: 11/12 = (2/3 + 7/6)/2, then 191/108.
    const values = feed(new MACD(2, 3, 2), [1, 2, 4, 8, 16]);
    expect(values.slice(0, 3)).toEqual([null, null, null]);
    expect(values[3]!.macd).toBeCloseTo(7 / 6, 12);
    expect(values[3]!.signal).toBeCloseTo(11 / 12, 12);
    expect(values[3]!.histogram).toBeCloseTo(1 / 4, 12);
    expect(values[4]!.macd).toBeCloseTo(79 / 36, 12);
    expect(values[4]!.signal).toBeCloseTo(191 / 108, 12);
    expect(values[4]!.histogram).toBeCloseTo(79 / 36 - 191 / 108, 12);
  });

  it('revises the newest input in all three lines', () => {
    const macd = new MACD(2, 3, 2);
    feed(macd, [1, 2, 4, 8]);
    macd.replace(100);
    const revised = macd.replace(16);
    const straight = feed(new MACD(2, 3, 2), [1, 2, 4, 8, 16]).at(-1);
    expect(revised).toEqual(feed(new MACD(2, 3, 2), [1, 2, 4, 16]).at(-1));
    expect(macd.add(16)).toEqual(feed(new MACD(2, 3, 2), [1, 2, 4, 16, 16]).at(-1));
    expect(straight).not.toEqual(revised);
  });

  it('needs a fast period shorter than the slow one', () => {
    expect(() => new MACD(26, 12, 9)).toThrow('MACD fast period (26) must be shorter than the slow one (12)');
    expect(() => new MACD(12, 26, 0)).toThrow(/MACD signal period/);
  });
});

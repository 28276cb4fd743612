import sumPrecise from 'core-js-pure/stable/math/sum-precise.js';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../../../core/indicators/exact-sum.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';

/** A small deterministic generator (the cases must be the same on every run). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every case compared bit for bit (Object.is tells −0 from 0). */
function mismatches(cases: Float64Array[]): string[] {
  return cases.filter((values) => !Object.is(exactSum(values), sumPrecise(values))).map((values) => `[${[...values].join(', ')}]`);
}

describe('exactSum (the correctly rounded sum, as Math.sumPrecise)', () => {
  it('equals core-js sumPrecise on sma-cross windows of simulated closes', () => {
    const closes = Float64Array.from(simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 11, Date.UTC(2024, 0, 1), 30_000).map((c) => c.close));
    const cases: Float64Array[] = [];
    for (const period of [1, 2, 20, 60, 500]) for (let end = period; end <= closes.length; end += 97) cases.push(closes.subarray(end - period, end));
    expect(mismatches(cases)).toEqual([]);
  });

  it('equals it where rounding is hard: cancellation, halfway cases, mixed magnitudes and signs, −0', () => {
    const random = generator(7);
    const cases: Float64Array[] = [
      Float64Array.of(1, 1e100, 1, -1e100),
      Float64Array.of(1e16, 1, 1e-16),
      Float64Array.of(2 ** 53, 1, 2 ** -60), // halfway, pushed up by the partial below
      Float64Array.of(2 ** 53, 1, -(2 ** -60)),
      Float64Array.of(2 ** 53, -1, 2 ** -60),
      Float64Array.of(0.1, 0.2, 0.3, -0.6),
      Float64Array.of(-0, -0),
      Float64Array.of(-0, 0),
      Float64Array.of(Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE), // handed to core-js (overflowing partials)
      Float64Array.of(1, Number.NaN),
      Float64Array.of(Number.POSITIVE_INFINITY, 1),
      new Float64Array(0),
    ];
    for (let n = 0; n < 20_000; n++) {
      const length = 1 + Math.floor(random() * 80);
      const values = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const magnitude = 2 ** Math.floor(random() * 200 - 100);
        values[i] = (random() < 0.5 ? -1 : 1) * magnitude * (1 + random());
      }
      if (n % 3 === 0) values[length - 1] = -values.subarray(0, length - 1).reduce((a, b) => a + b, 0); // near-total cancellation
      cases.push(values);
    }
    expect(mismatches(cases)).toEqual([]);
  });
});

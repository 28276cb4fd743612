import * as ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { StepRounder, decimalsOf } from '../../../core/exchange/paper-precision.js';
import { SeededRandom } from '../../../core/market/random.js';

const { decimalToPrecision, TRUNCATE, ROUND, TICK_SIZE } = ccxt.functions;

describe('paper market rounding', () => {
  it("agrees with ccxt's amountToPrecision (truncate) and priceToPrecision (round) on awkward values", () => {
    const random = new SeededRandom(99);
    const steps = [1e-8, 0.0001, 0.001, 0.01, 0.05, 0.25, 0.5, 1, 10];
    let checked = 0;
    const mismatches: string[] = [];
    for (const step of steps) {
      const rounder = new StepRounder(step);
      for (let i = 0; i < 800; i++) {
        const magnitude = 10 ** Math.floor(random.next() * 9 - 3);
        const onStep = Math.round((random.next() * magnitude) / step) * step;
        // On a step, a hair off it, exact halves, slipped prices and plain random values.
        const values = [onStep, onStep * (1 + 1e-15), onStep + step / 2, onStep * 1.0015, onStep * 0.9985, random.next() * magnitude];
        for (const value of values) {
          if (!(value > 0)) continue;
          const truncated = Number(decimalToPrecision(value, TRUNCATE, step, TICK_SIZE));
          const rounded = Number(decimalToPrecision(value, ROUND, step, TICK_SIZE));
          if (rounder.truncate(value) !== truncated) mismatches.push(`truncate ${value} to ${step}: ${rounder.truncate(value)} vs ${truncated}`);
          if (rounder.round(value) !== rounded) mismatches.push(`round ${value} to ${step}: ${rounder.round(value)} vs ${rounded}`);
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(30_000);
  }, 120_000);

  it('knows the decimals of a step', () => {
    expect([0.01, 0.25, 5, 1e-8, 0.0001].map(decimalsOf)).toEqual([2, 2, 0, 8, 4]);
  });

  it('keeps a step finer than a billionth (prices read to 10 decimals from a file): 0.049551 stays 0.049551, not 0', () => {
    expect([1e-9, 1e-10, 1e-12, 2.5e-11].map(decimalsOf)).toEqual([9, 10, 12, 12]);
    const rounder = new StepRounder(1e-10);
    for (const value of [0.049551, 0.04988666666666666, 0.049879999999999994]) {
      expect(rounder.round(value)).toBe(Number(decimalToPrecision(value, ROUND, 1e-10, TICK_SIZE)));
      expect(rounder.truncate(value)).toBe(Number(decimalToPrecision(value, TRUNCATE, 1e-10, TICK_SIZE)));
      expect(rounder.round(value)).toBeGreaterThan(0.049);
    }
  });
});

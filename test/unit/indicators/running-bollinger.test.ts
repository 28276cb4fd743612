import { BollingerBands } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { RunningBollinger, type BandsResult } from '../../../core/indicators/index.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { worstAgreement } from '../../helpers/indicator-agreement.js';

const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const worstOf = (a: BandsResult, b: BandsResult) => Math.max(relative(a.upper, b.upper), relative(a.middle, b.middle), relative(a.lower, b.lower));
const candles = (count: number, seed: number) => simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, seed, Date.UTC(2024, 0, 1), count);

describe('RunningBollinger (O(1) per update)', () => {
  it('agrees with trading-signals BollingerBands within 1e-12 over 50k simulated closes, and shows nothing while it fills', () => {
    const closes = candles(50_000, 3).map((c) => c.close);
    for (const [period, deviations] of [[1, 2], [2, 2], [20, 2], [20, 2.5], [50, 1], [200, 3]] as const) {
      const ours = new RunningBollinger(period, deviations);
      const library = new BollingerBands(period, deviations);
      const worst = worstAgreement(closes, period, ours, library, worstOf);
      expect(worst, `period ${period}, ${deviations} deviations`).toBeLessThan(1e-12);
    }
  });

  it('follows a forming bar as the chart feeds it (each bar opens, is revised to its close), like the library', () => {
    const bars = candles(20_000, 7);
    const ours = new RunningBollinger(20, 2);
    const library = new BollingerBands(20, 2);
    let worst = 0;
    for (const bar of bars) {
      for (const price of [bar.open, bar.high, bar.low]) {
        ours.update(price, price !== bar.open);
        library.update(price, price !== bar.open);
      }
      const a = ours.update(bar.close, true);
      const b = library.update(bar.close, true);
      if (a === null || b === null) expect(a).toBe(b);
      else worst = Math.max(worst, worstOf(a, b));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives bands of zero width on a flat market (never the square root of a rounding error below zero)', () => {
    const bands = new RunningBollinger(5, 2);
    let last: BandsResult | null = null;
    for (let i = 0; i < 50; i++) last = bands.add(64_123.45);
    expect(last).toEqual({ upper: 64_123.45, middle: 64_123.45, lower: 64_123.45 });
  });

  it('keeps no drift after millions of updates: the window computed afresh gives the same bands', () => {
    const bands = new RunningBollinger(30, 2);
    const window: number[] = [];
    let x = 12_345.678;
    let result: BandsResult | null = null;
    for (let i = 0; i < 3_000_007; i++) {
      x = Math.max(1, x * (1 + Math.sin(i * 0.37) * 0.002));
      result = bands.add(x);
      window.push(x);
      if (window.length > 30) window.shift();
    }
    const mean = window.reduce((a, b) => a + b, 0) / 30;
    const deviation = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 30) * 2;
    expect(worstOf(result!, { upper: mean + deviation, middle: mean, lower: mean - deviation })).toBeLessThan(1e-12);
  });

  it('revises its newest input during warm-up and after', () => {
    const bands = new RunningBollinger(3, 1);
    bands.add(1);
    bands.add(2);
    expect(bands.replace(5)).toBeNull(); // the second input was revised to 5
    const sd = (values: number[]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    };
    expect(bands.add(3)!.middle).toBeCloseTo(3, 12); // (1 + 5 + 3) / 3
    expect(bands.replace(6)!.upper).toBeCloseTo(4 + sd([1, 5, 6]), 12);
    expect(bands.add(7)!.lower).toBeCloseTo(6 - sd([5, 6, 7]), 12); // the revised input is the one that stays
  });

  it('refuses a period that is not a whole number of inputs, or a multiplier that is not a number', () => {
    expect(() => new RunningBollinger(0)).toThrow('Bollinger interval must be an integer ≥ 1, got 0');
    expect(() => new RunningBollinger(2.5)).toThrow(/Bollinger interval/);
    expect(() => new RunningBollinger(20, Number.NaN)).toThrow(/deviation multiplier/);
  });
});

import { describe, expect, it } from 'vitest';
import { fibonacciValidatorParamsSchema, validateFibonacciEntry, type FibonacciCandidate } from '../../../core/strategies/fibonacci-validator.js';

const DEFAULTS = fibonacciValidatorParamsSchema().parse({});
const GOOD: FibonacciCandidate = {
  levelDistance: 0.2,
  open: 99,
  close: 100,
  rsi: 45,
  emaFast: 101,
  emaSlow: 100,
  volumeRatio: 1.2,
  atrRatio: 1,
  winRate: 50,
  marketTrend: 'up',
};

describe('fibonacci validator', () => {
  it('scores a clean setup FULL: 30/20/20/15/15 weights over the five components', () => {
    const v = validateFibonacciEntry(GOOD, DEFAULTS);
    // technical 25 × (0.8 + 1 + 1 + 1) = 95; volume 1.2 / 1.5 = 80; ATR at its average = 100; win rate 50; market up 100
    expect(v.components).toEqual({ technical: 95, volume: expect.closeTo(80, 10), volatility: 100, winRate: 50, market: 100 });
    // 0.3×95 + 0.2×80 + 0.2×100 + 0.15×50 + 0.15×100 = 28.5 + 16 + 20 + 7.5 + 15
    expect(v.score).toBeCloseTo(87, 10);
    expect(v.tier).toBe('FULL');
    expect(v.sizeFactor).toBe(1);
    expect(v.confirmations).toEqual({ rsi: true, trend: true, volume: true });
  });

  it('drops to REDUCED (65% size) in a falling higher-timeframe market', () => {
    const v = validateFibonacciEntry({ ...GOOD, marketTrend: 'down' }, DEFAULTS);
    expect(v.score).toBeCloseTo(72, 10); // 87 − 15
    expect(v.tier).toBe('REDUCED');
    expect(v.sizeFactor).toBe(0.65);
  });

  it('skips below 60', () => {
    // bearish bar: technical 25 × 2.8 = 70; volume 0.6/1.5 = 40 → 21 + 8 + 20 + 7.5 + 0 = 56.5
    const v = validateFibonacciEntry({ ...GOOD, marketTrend: 'down', close: 98.5, volumeRatio: 0.6 }, DEFAULTS);
    expect(v.score).toBeCloseTo(56.5, 10);
    expect(v.tier).toBe('SKIP');
    expect(v.sizeFactor).toBe(0);
  });

  it('rates volatility on a log scale around the usual ATR', () => {
    const high = validateFibonacciEntry({ ...GOOD, atrRatio: 2 }, DEFAULTS).components.volatility;
    const low = validateFibonacciEntry({ ...GOOD, atrRatio: 0.5 }, DEFAULTS).components.volatility;
    // 100 × (1 − ln 2 / ln 2.5) = 24.35 either side
    expect(high).toBeCloseTo(100 * (1 - Math.log(2) / Math.log(2.5)), 10);
    expect(low).toBeCloseTo(high, 10);
    expect(validateFibonacciEntry({ ...GOOD, atrRatio: 3 }, DEFAULTS).components.volatility).toBe(0);
  });

  it('skips an unconfirmed entry however high the score', () => {
    // RSI 80 out of 35–65 and fast EMA under slow: 1 of 3 confirmations (< 2).
    const v = validateFibonacciEntry({ ...GOOD, rsi: 80, emaFast: 99 }, { ...DEFAULTS, weightTechnical: 0 });
    expect(v.confirmed).toBe(false);
    expect(v.score).toBeGreaterThan(75);
    expect(v.tier).toBe('SKIP');
  });

  it('applies the 75 / 60 boundaries inclusively', () => {
    const technicalOnly = { ...DEFAULTS, weightVolume: 0, weightVolatility: 0, weightWinRate: 0, weightMarket: 0 };
    // exactly on the level, RSI and trend fine, bearish bar: 25 × 3 = 75
    expect(validateFibonacciEntry({ ...GOOD, levelDistance: 0, close: 98 }, technicalOnly).tier).toBe('FULL');
    // 25 × (0.4 + 2) = 60
    expect(validateFibonacciEntry({ ...GOOD, levelDistance: 0.6, close: 98 }, technicalOnly).tier).toBe('REDUCED');
    // 25 × (0.36 + 2) = 59
    expect(validateFibonacciEntry({ ...GOOD, levelDistance: 0.64, close: 98 }, technicalOnly).tier).toBe('SKIP');
  });
});

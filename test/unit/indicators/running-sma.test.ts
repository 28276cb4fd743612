import sumPrecise from 'core-js-pure/stable/math/sum-precise.js';
import { SMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { RunningSMA } from '../../../core/indicators/index.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { worstAgreement } from '../../helpers/indicator-agreement.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('RunningSMA (O(1) per update)', () => {
  it('agrees with trading-signals SMA within 1e-12 over 200k simulated closes, and shows nothing while it fills', () => {
    const closes = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 3, Date.UTC(2024, 0, 1), 200_000).map((c) => c.close);
    for (const period of [1, 2, 20, 60, 500]) {
      const ours = new RunningSMA(period);
      const library = new SMA(period);
      const worst = worstAgreement(closes, period, ours, library, relative);
      expect(worst, `period ${period}`).toBeLessThan(1e-12);
    }
  });

  it('push / pushClose + average (the allocation-free hot path) give exactly what add answers, NaN while it fills', () => {
    const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 5, Date.UTC(2024, 0, 1), 20_000);
    const answered = new RunningSMA(20);
    const pushed = new RunningSMA(20);
    const fromBars = new RunningSMA(20);
    candles.forEach((candle, i) => {
      const a = answered.add(candle.close);
      pushed.push(candle.close);
      fromBars.pushClose(candle);
      if (i < 19) expect([pushed.average, fromBars.average], `input ${i}`).toEqual([NaN, NaN]);
      else expect([pushed.average, fromBars.average, fromBars.sameWindow], `input ${i}`).toEqual([a, a, pushed.sameWindow]);
    });
    fromBars.pushClose({ close: 2 });
    expect(fromBars.average).toBe(answered.add(2));
    pushed.push(2);
    pushed.push(1, true);
    expect(pushed.average).toBe(answered.replace(1));
  });

  it('keeps no drift after millions of updates: the window summed afresh gives the same average', () => {
    const sma = new RunningSMA(30);
    let x = 12_345.678;
    for (let i = 0; i < 3_000_000; i++) {
      x = Math.max(1, x * (1 + Math.sin(i * 0.37) * 0.002));
      sma.add(x);
    }
    expect(relative(sma.getResult()!, sumPrecise(sma.window) / 30)).toBeLessThan(1e-15);
  });

  it('revises its newest input (a forming bar), during warm-up and after', () => {
    const sma = new RunningSMA(3);
    sma.add(1);
    sma.add(2);
    sma.replace(5); // the second input was revised to 5
    expect(sma.getResult()).toBeNull();
    expect(sma.add(3)).toBe(3); // (1 + 5 + 3) / 3
    expect(sma.replace(6)).toBe(4); // (1 + 5 + 6) / 3
    expect(sma.add(7)).toBe(6); // (5 + 6 + 7) / 3: the revised input is the one that stays
    expect(sma.replace(10)).toBe(7);
    expect(sma.replace(7)).toBe(6);
  });

  it('tells the input leaving next and holds exactly the window (any order)', () => {
    const sma = new RunningSMA(3);
    expect(sma.oldest).toBeUndefined();
    for (const value of [4, 8, 15]) sma.add(value);
    expect(sma.oldest).toBe(4);
    sma.add(16);
    expect(sma.oldest).toBe(8);
    expect([...sma.window].sort((a, b) => a - b)).toEqual([8, 15, 16]);
    expect(sma.isFull && sma.isStable).toBe(true);
  });

  it('refuses a period that is not a whole number of inputs', () => {
    expect(() => new RunningSMA(0)).toThrow('SMA interval must be an integer ≥ 1, got 0');
    expect(() => new RunningSMA(2.5)).toThrow(/SMA interval/);
  });
});

import { describe, expect, it } from 'vitest';
import { breakoutStrategy } from '../../../core/strategies/breakout.js';
import type { Intent } from '../../../core/strategies/contract.js';
import { flatBars, StrategyDriver, type Bar } from './harness.js';

const HOUR = 3_600_000;
// Resistance = highest high of the previous 5 bars; volume vs the previous 5; RSI(2).
const PARAMS = { timeframe: '1h', resistanceLookback: 5, volumeLookback: 5, rsiPeriod: 2 };
const BASE: Bar = { open: 100, high: 101, low: 99, close: 100, volume: 10 };

function primed(params: object = PARAMS): StrategyDriver<unknown> {
  const driver = new StrategyDriver(breakoutStrategy, params, '1h') as StrategyDriver<unknown>;
  expect(driver.pushAll(flatBars(5, BASE))).toEqual([]);
  return driver;
}

function entry(intents: readonly Intent[]): Extract<Intent, { kind: 'enter' | 'add' }> {
  expect(intents).toHaveLength(1);
  const intent = intents[0]!;
  if (intent.kind !== 'enter') throw new Error(`expected enter, got ${intent.kind}`);
  return intent;
}

describe('breakout', () => {
  it('enters on a close 3% over resistance with 2.5× volume and RSI > 60, with stop, TP, trailing and 48h time exit', () => {
    const driver = primed();
    // Resistance 101 → trigger 101 × 1.03 = 104.03; close 104.1; volume 25 / 10 = 2.5; RSI(2) = 100 (no losses).
    const intent = entry(driver.push({ open: 100, high: 104.5, low: 100, close: 104.1, volume: 25 }));
    expect(intent.orderType).toBe('market');
    expect(intent.size).toEqual({ kind: 'equity_fraction', fraction: 0.25 });
    expect(intent.exits?.stopLoss).toBeCloseTo(104.1 * 0.97, 10);
    expect(intent.exits?.takeProfits).toEqual([{ price: expect.closeTo(104.1 * 1.08, 10), fraction: 1 }]);
    // The trailing stop only arms 2% above the entry, i.e. once in profit.
    expect(intent.exits?.trailing).toEqual({ activationPrice: expect.closeTo(104.1 * 1.02, 10), distancePct: 2 });
    expect(intent.exits?.maxHoldMs).toBe(48 * HOUR);
    expect(driver.readiness()).toBe(100);
  });

  it('stays out when the close is just under the trigger or volume is below 2×', () => {
    const under = primed();
    expect(under.push({ open: 100, high: 104.5, low: 100, close: 104, volume: 25 })).toEqual([]);
    const thin = primed();
    expect(thin.push({ open: 100, high: 104.5, low: 100, close: 104.1, volume: 19 })).toEqual([]);
    // price met (0.5), volume 1.9/2 (0.25 × 0.95), RSI 100 > 60 (0.25) → 98.75 → 99 capped
    expect(thin.readiness()).toBe(99);
  });

  it('stays out without momentum: RSI after a sell-off is far below 60', () => {
    const driver = new StrategyDriver(breakoutStrategy, { ...PARAMS, rsiPeriod: 14 }, '1h');
    // 10 bars falling 200 → 110 by 10, then 100 and four flat bars at 100 (resistance 101 over the last 5).
    const selloff: Bar[] = Array.from({ length: 10 }, (_, i) => ({ close: 200 - 10 * i, high: 201 - 10 * i, low: 199 - 10 * i }));
    driver.pushAll([...selloff, ...flatBars(5, BASE)]);
    // RSI(14): avg loss 100/14 = 7.14 after 14 changes, then +4.1 → RSI ≈ 4.2.
    expect(driver.push({ open: 100, high: 104.5, low: 100, close: 104.1, volume: 25 })).toEqual([]);
    expect(driver.readiness()).toBeLessThan(100);
  });

  it('allows a lowered threshold (1%) and enters only once per breakout', () => {
    const driver = primed({ ...PARAMS, breakoutPct: 1 });
    // trigger 101 × 1.01 = 102.01
    entry(driver.push({ open: 100, high: 102.5, low: 100, close: 102.1, volume: 25 }));
    driver.hold(102.1);
    driver.flat(); // stopped out quickly; price still above the old trigger
    // Resistance is now 102.5 → trigger 103.525; close 104 with volume 30 vs avg 13: but not re-armed yet.
    expect(driver.push({ open: 102, high: 104.2, low: 102, close: 104, volume: 30 })).toEqual([]);
    // A close back under the trigger re-arms the strategy…
    expect(driver.push({ open: 104, high: 104, low: 100, close: 101, volume: 10 })).toEqual([]);
    // …and a fresh breakout above 104.2 × 1.01 = 105.242 on heavy volume enters again.
    entry(driver.push({ open: 101, high: 106, low: 101, close: 105.5, volume: 60 }));
  });

  it('keeps defaults from the product spec and rejects out-of-bounds parameters', () => {
    const defaults = breakoutStrategy.params.parse({});
    expect(defaults).toMatchObject({ breakoutPct: 3, volumeFactor: 2, rsiMin: 60, maxHoldHours: 48 });
    expect(() => breakoutStrategy.params.parse({ breakoutPct: 0.1 })).toThrow();
    expect(() => breakoutStrategy.params.parse({ rsiMin: 40 })).toThrow();
  });
});

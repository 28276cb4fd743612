import { describe, expect, it } from 'vitest';
import type { Intent } from '../../../core/strategies/contract.js';
import { fibonacciStrategy } from '../../../core/strategies/fibonacci.js';
import { StrategyDriver, type Bar } from './harness.js';

const HOUR = 3_600_000;
// Swing low 100 (bar 4), swing high 120 (bar 9), both confirmed 2 bars later (lookback 2).
// Levels: 0.382 → 112.36, 0.5 → 110, 0.618 → 107.64; tolerance 5% of the 20 range = 1.
const LEG: Bar[] = [
  { open: 104, close: 104, high: 105, low: 103 },
  { open: 104, close: 103, high: 104, low: 102 },
  { open: 103, close: 102, high: 103, low: 101 },
  { open: 102, close: 101, high: 102, low: 100.5 },
  { open: 101, close: 100.5, high: 101, low: 100 },
  { open: 100.5, close: 103, high: 104, low: 101 },
  { open: 103, close: 107, high: 108, low: 102 },
  { open: 107, close: 111, high: 112, low: 106 },
  { open: 111, close: 115, high: 116, low: 110 },
  { open: 115, close: 119, high: 120, low: 114 },
  { open: 119, close: 116, high: 118, low: 115 },
  { open: 116, close: 114.5, high: 116, low: 113.5 }, // swing high confirmed; stays above the 0.382 zone
];
// Bullish bar whose low (110.1) holds 0.1 above the 0.5 level, on 1.5× volume.
const AT_HALF: Bar = { open: 110.5, close: 111.2, high: 111.5, low: 110.1, volume: 15 };
const PARAMS = {
  timeframe: '15m',
  higherTimeframe: '1h',
  swingLookback: 2,
  emaFast: 3,
  emaSlow: 5,
  rsiPeriod: 3,
  volumeLookback: 3,
  atrPeriod: 3,
  atrAverage: 3,
  rsiMin: 0,
  rsiMax: 100,
  htfEmaFast: 2,
  htfEmaSlow: 3,
};

type Entry = Extract<Intent, { kind: 'enter' | 'add' }>;
function only(intents: readonly Intent[], kind: Entry['kind']): Entry {
  expect(intents).toHaveLength(1);
  const intent = intents[0]!;
  if (intent.kind !== kind) throw new Error(`expected ${kind}, got ${intent.kind}`);
  return intent as Entry;
}

/**
 * Volatility component: ATR(3) over the SMA(3) of ATR, through the spec's log scale. ATR as TA-Lib
 * computes it, by hand from LEG + AT_HALF: true ranges from the second bar 2, 2, 1.5, 1, 3.5, 6, 6, 6, 6,
 * 4, 2.5 and 4.4 (AT_HALF gaps 4.4 below the 114.5 close); the first ATR averages the first three, each
 * next one is (ATR·2 + TR)/3.
 */
function expectedVolatility(): number {
  const trueRanges = [2, 2, 1.5, 1, 3.5, 6, 6, 6, 6, 4, 2.5, 4.4];
  const atr = [(trueRanges[0]! + trueRanges[1]! + trueRanges[2]!) / 3];
  for (const tr of trueRanges.slice(3)) atr.push((atr.at(-1)! * 2 + tr) / 3);
  const [a, b, c] = atr.slice(-3) as [number, number, number];
  const ratio = c / ((a + b + c) / 3);
  return 100 * Math.max(0, 1 - Math.abs(Math.log(ratio)) / Math.log(2.5));
}

function driverWithMarket(trend: 'none' | 'up' | 'down', params: object = PARAMS): StrategyDriver<unknown> {
  const driver = new StrategyDriver(fibonacciStrategy, params, '15m') as StrategyDriver<unknown>;
  if (trend !== 'none') for (let i = 0; i < 5; i += 1) driver.push({ close: trend === 'up' ? 100 + i : 100 - i }, '1h');
  return driver;
}

describe('fibonacci', () => {
  it('buys the 0.5 retracement with a scored, FULL-size entry and TP1 50% / TP2 rest', () => {
    const driver = driverWithMarket('none');
    expect(driver.pushAll(LEG)).toEqual([]);
    // Next level 0.382: close 114.5 is 1.14 above its zone (113.36) → 0.6 × (1 − 1.14/7.64) + 0.4 (score ≥ 60) → 91
    expect(driver.readiness()).toBe(91);
    const entry = only(driver.push(AT_HALF), 'enter');
    expect(entry.reason).toContain('fib 0.5');
    expect(entry.exits).toEqual({
      stopLoss: expect.closeTo(99.5, 10), // 0.5% under the swing low
      takeProfits: [
        { price: 120, fraction: 0.5 }, // TP1: the swing high
        { price: expect.closeTo(125.44, 10), fraction: 0.5 }, // TP2: 100 + 1.272 × 20
      ],
      maxHoldMs: 96 * HOUR,
    });
    const c = entry.components!;
    // technical 25 × ((1 − 0.1) + RSI in band + EMA3 > EMA5 + bullish bar); volume 1.5 / 1.5; no HTF bars yet → 50
    expect(c).toEqual({
      technical: expect.closeTo(97.5, 10),
      volume: 100,
      volatility: expect.closeTo(expectedVolatility(), 10),
      winRate: 50,
      market: 50,
    });
    expect(entry.score).toBeCloseTo(0.3 * c.technical! + 0.2 * c.volume! + 0.2 * c.volatility! + 0.15 * c.winRate! + 0.15 * c.market!, 10);
    expect(entry.score!).toBeGreaterThanOrEqual(75);
    expect(entry.size).toEqual({ kind: 'equity_fraction', fraction: 0.2 });
    expect(driver.readiness()).toBe(100);
    expect(driver.instance.levels!().map((l) => l.label)).toEqual(['TP2 1.272', 'swing high (TP1)', 'fib 0.382', 'fib 0.5', 'fib 0.618', 'swing low']);
  });

  it('takes the market condition from the higher timeframe and its own losses into the tier', () => {
    const up = driverWithMarket('up');
    up.pushAll(LEG);
    const upEntry = only(up.push(AT_HALF), 'enter');
    const down = driverWithMarket('down');
    // Two reported losing positions: historical win rate 0.
    down.instance.onPositionClosed!({ symbol: 'BTC/USDT', pnl: -5, reason: 'stop_loss', time: 0 });
    down.instance.onPositionClosed!({ symbol: 'BTC/USDT', pnl: -3, reason: 'stop_loss', time: 0 });
    down.pushAll(LEG);
    const downEntry = only(down.push(AT_HALF), 'enter');

    expect(upEntry.components).toMatchObject({ market: 100, winRate: 50 });
    expect(downEntry.components).toMatchObject({ market: 0, winRate: 0 });
    // 15% × 100 (market) + 15% × 50 (win rate)
    expect(upEntry.score! - downEntry.score!).toBeCloseTo(22.5, 10);
    expect(downEntry.score!).toBeGreaterThanOrEqual(60);
    expect(downEntry.score!).toBeLessThan(75);
    expect(downEntry.reason).toContain('REDUCED');
    expect(downEntry.size).toEqual({ kind: 'equity_fraction', fraction: expect.closeTo(0.2 * 0.65, 12) });
  });

  it('adds at the deeper 0.618 level and never re-buys a shallower one', () => {
    const driver = driverWithMarket('up');
    driver.pushAll(LEG);
    only(driver.push(AT_HALF), 'enter');
    driver.hold(111.2, 1, 1);
    // Back up into the 0.382 zone: already passed, no entry.
    expect(driver.push({ open: 111.2, close: 112.5, high: 113, low: 111.5 })).toEqual([]);
    const add = only(driver.push({ open: 109, high: 109.5, low: 107.7, close: 109.2, volume: 15 }), 'add');
    expect(add.reason).toContain('fib 0.618');
  });

  it('moves the stop to break-even once TP1 filled', () => {
    const driver = driverWithMarket('up');
    driver.pushAll(LEG);
    only(driver.push(AT_HALF), 'enter');
    driver.hold(111.2, 1, 1);
    expect(driver.push({ open: 111.2, close: 116, high: 116.5, low: 111.5 })).toEqual([]);
    driver.hold(111.2, 0.5, 1); // half sold at 120
    expect(driver.push({ open: 116, close: 119, high: 120, low: 115.8 })).toEqual([
      {
        kind: 'update_exits',
        symbol: 'BTC/USDT',
        exits: { stopLoss: 111.2, takeProfits: [{ price: expect.closeTo(125.44, 10), fraction: 1 }], maxHoldMs: 96 * HOUR },
        note: 'TP1 filled: stop to break-even',
      },
    ]);
  });

  it('does not chase a bar that dipped to a level but closed above the shallowest level', () => {
    const driver = driverWithMarket('up');
    driver.pushAll(LEG);
    // Low 110.1 reached the 0.5 zone, but the close 113.5 is above the 0.382 zone top (113.36).
    expect(driver.push({ ...AT_HALF, close: 113.5, high: 113.6 })).toEqual([]);
  });

  it('skips a setup scoring under the REDUCED threshold', () => {
    const driver = driverWithMarket('none', { ...PARAMS, fullScore: 100, reducedScore: 95 });
    driver.pushAll(LEG);
    expect(driver.push(AT_HALF)).toEqual([]);
    expect(driver.readiness()).toBeLessThan(100);
  });

  it('drops the swing when price closes below the swing low', () => {
    const driver = driverWithMarket('none');
    driver.pushAll(LEG);
    expect(driver.instance.levels!()).toHaveLength(6);
    expect(driver.push({ open: 110, close: 99, high: 110, low: 98.5 })).toEqual([]);
    expect(driver.instance.levels!()).toEqual([]);
    expect(driver.readiness()).toBe(0);
  });

  it('needs a higher timeframe above its own', () => {
    expect(fibonacciStrategy.timeframes).toEqual(['15m', '4h']);
    expect(fibonacciStrategy.requirements!(fibonacciStrategy.params.parse({ timeframe: '1h', higherTimeframe: '1d' })).timeframes).toEqual(['1h', '1d']);
    expect(() => fibonacciStrategy.params.parse({ timeframe: '4h', higherTimeframe: '1h' })).toThrow();
  });
});

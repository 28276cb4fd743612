import { describe, expect, it } from 'vitest';
import { dcaGridStrategy, gridLevelFractions } from '../../../core/strategies/dca-grid.js';
import { flatBars, StrategyDriver } from './harness.js';

const HOUR = 3_600_000;
// 1h bars: the 4h high window is 4 bars; volume average over the 3 previous bars.
const PARAMS = { timeframe: '1h', highWindowHours: 4, volumeLookback: 3 };
const CALM = { open: 100, high: 100, low: 99, close: 100, volume: 10 };

function primed(params: object = PARAMS): StrategyDriver<unknown> {
  const driver = new StrategyDriver(dcaGridStrategy, params, '1h') as StrategyDriver<unknown>;
  expect(driver.pushAll(flatBars(3, CALM))).toEqual([]);
  return driver;
}

describe('dca-grid', () => {
  it('opens a 5-level limit grid 1% apart when price drops 6% from the 4h high on 3× volume', () => {
    const driver = primed();
    // High of the last 4 bars = 100; close 94 → 6% drop ≥ 5%; volume 30 vs average 10 → above average.
    const intents = driver.push({ open: 100, high: 100, low: 93.5, close: 94, volume: 30 });
    expect(intents.map((i) => i.kind)).toEqual(['enter', 'add', 'add', 'add', 'add']);
    const prices = intents.map((i) => (i.kind === 'enter' || i.kind === 'add' ? i.limitPrice : NaN));
    // 94 × (1 − k%) for k = 0..4
    [94, 93.06, 92.12, 91.18, 90.24].forEach((p, k) => expect(prices[k]).toBeCloseTo(p, 10));
    for (const intent of intents) {
      if (intent.kind !== 'enter' && intent.kind !== 'add') throw new Error('unexpected intent');
      expect(intent.orderType).toBe('limit');
      expect(intent.size).toEqual({ kind: 'equity_fraction', fraction: 0.1 }); // 0.5 budget / 5 equal levels
    }
    const first = intents[0]!;
    if (first.kind !== 'enter') throw new Error('first intent must enter');
    expect(first.exits?.takeProfits?.[0]?.price).toBeCloseTo(94 * 1.02, 10); // 95.88 from the first level
    expect(first.exits?.stopLoss).toBeCloseTo(90.24 * 0.97, 10); // 3% under the deepest level
    expect(first.exits?.maxHoldMs).toBe(72 * HOUR);
    expect(driver.readiness()).toBe(100);
    expect(driver.instance.levels!().map((l) => l.label)).toEqual(['grid 1', 'grid 2', 'grid 3', 'grid 4', 'grid 5', 'take profit', 'stop loss']);
  });

  it('needs both the drop and above-average volume', () => {
    const noVolume = primed();
    // 6% drop but volume equal to the average: not "above".
    expect(noVolume.push({ open: 100, high: 100, low: 93.5, close: 94, volume: 10 })).toEqual([]);
    // drop 6% → 0.7 × 1 = 0.7; volume ratio 1/1 → 0.3 × 1 → 100 capped at 99 (not triggered)
    expect(noVolume.readiness()).toBe(99);

    const smallDrop = primed();
    // 4% drop (close 96) on 3× volume: 0.7 × 0.8 + 0.3 × 1 = 0.86
    expect(smallDrop.push({ open: 100, high: 100, low: 95.5, close: 96, volume: 30 })).toEqual([]);
    expect(smallDrop.readiness()).toBe(86);
  });

  it('pyramids sizes towards the deeper levels when asked', () => {
    // weights 1..5 of 15 → 0.5 × k / 15
    expect(gridLevelFractions({ levels: 5, sizing: 'pyramid', budgetFraction: 0.5 }).map((f) => f * 15)).toEqual(
      [0.5, 1, 1.5, 2, 2.5].map((x) => expect.closeTo(x, 12)),
    );
    const driver = primed({ ...PARAMS, sizing: 'pyramid', levels: 3, spacingPct: 2 });
    const intents = driver.push({ open: 100, high: 100, low: 93, close: 94, volume: 30 });
    expect(intents.map((i) => (i.kind === 'enter' || i.kind === 'add' ? [i.limitPrice, i.size] : null))).toEqual([
      [94, { kind: 'equity_fraction', fraction: 0.5 / 6 }],
      [expect.closeTo(92.12, 10), { kind: 'equity_fraction', fraction: 1 / 6 }],
      [expect.closeTo(90.24, 10), { kind: 'equity_fraction', fraction: 1.5 / 6 }],
    ]);
  });

  it('moves the take profit with the average entry and cancels the rest of the grid once the position closes', () => {
    const driver = primed();
    driver.push({ open: 100, high: 100, low: 93.5, close: 94, volume: 30 });
    driver.openEntryOrders = 4;
    driver.hold(94, 0.1, 1); // first level filled at its limit: the plan already matches
    expect(driver.push({ close: 93.5 })).toEqual([]);

    driver.openEntryOrders = 3;
    driver.hold(93.53, 0.2, 2); // second level filled
    const update = driver.push({ close: 93 });
    expect(update).toHaveLength(1);
    const u = update[0]!;
    if (u.kind !== 'update_exits') throw new Error(`expected update_exits, got ${u.kind}`);
    expect(u.exits.takeProfits?.[0]?.price).toBeCloseTo(93.53 * 1.02, 10);
    expect(u.exits.stopLoss).toBeCloseTo(90.24 * 0.97, 10);

    driver.flat(); // take profit hit
    expect(driver.push({ close: 95.5 })).toEqual([{ kind: 'cancel_entries', symbol: 'BTC/USDT', note: 'position closed' }]);
    expect(driver.instance.levels!()).toEqual([]);
  });

  it('cancels a grid that stays unfilled past its expiry', () => {
    const driver = primed({ ...PARAMS, gridExpiryHours: 3 });
    driver.push({ open: 100, high: 100, low: 93.5, close: 94, volume: 30 });
    driver.openEntryOrders = 5;
    expect(driver.push({ close: 96 })).toEqual([]); // 1h after the grid
    expect(driver.push({ close: 96 })).toEqual([]); // 2h
    expect(driver.push({ close: 96 })).toEqual([{ kind: 'cancel_entries', symbol: 'BTC/USDT', note: 'grid expired unfilled' }]); // 3h
  });

  it('derives timeframes and warm-up from its parameters', () => {
    const params = dcaGridStrategy.params.parse({ timeframe: '15m' });
    // 4h on 15m bars = 16 bars; volume needs 21.
    expect(dcaGridStrategy.requirements!(params)).toEqual({ timeframes: ['15m'], warmupBars: 21 });
    expect(dcaGridStrategy.timeframes).toEqual(['5m']);
    expect(() => dcaGridStrategy.params.parse({ levels: 20, spacingPct: 6 })).toThrow();
  });
});

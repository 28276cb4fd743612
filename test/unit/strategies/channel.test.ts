import { describe, expect, it } from 'vitest';
import { channelStrategy } from '../../../core/strategies/channel.js';
import { RangeDetector } from '../../../core/strategies/support/range-detector.js';
import { flatBars, StrategyDriver, type Bar } from './harness.js';

// Range 100–110 over 10 bars (width 10, 9.1% of resistance). Edge zones: ≥ 109 and ≤ 101.
const RANGE: Bar[] = [
  { open: 106, high: 110, low: 105, close: 106 }, // resistance touch 1
  { open: 106, high: 106, low: 100, close: 104 }, // support touch 1
  { open: 104, high: 109.5, low: 104, close: 106 }, // resistance touch 2
  { open: 106, high: 106, low: 100.5, close: 104 }, // support touch 2
  ...flatBars(6, { open: 105, high: 107, low: 103, close: 105 }),
];
const PARAMS = { timeframe: '1h', lookback: 10, targetTouches: 2, minStrength: 80 };

describe('range detection', () => {
  it('counts separate visits to each edge and scores 50 per edge at the target', () => {
    const detector = new RangeDetector(10, 0.1, 2);
    for (const bar of RANGE) detector.push(bar.high!, bar.low!);
    expect(detector.current()).toEqual({ support: 100, resistance: 110, width: 10, supportTouches: 2, resistanceTouches: 2, strength: 100 });
    // Two more bars at the top in a row; the two oldest bars (a touch of each edge) drop out.
    detector.push(109.2, 106);
    detector.push(109.8, 107);
    // Window: bars 3..12 → resistance 109.8, support 100.5, width 9.3; zones ≥ 108.87 and ≤ 101.43.
    // Resistance: bar 3 (109.5), then bars 11–12 in a row = one visit → 2. Support: bar 4 only → 1.
    expect(detector.current()).toEqual({
      support: 100.5,
      resistance: 109.8,
      width: expect.closeTo(9.3, 10),
      supportTouches: 1,
      resistanceTouches: 2,
      strength: 75,
    });
  });
});

describe('channel', () => {
  it('buys a bounce into the 10–20% zone of a strong range with a tight TP/SL', () => {
    const driver = new StrategyDriver(channelStrategy, PARAMS, '1h');
    driver.pushAll(RANGE);
    // close 101.5 → 15% of the range
    const intents = driver.push({ open: 101, high: 102, low: 101, close: 101.5 });
    expect(intents).toHaveLength(1);
    const intent = intents[0]!;
    if (intent.kind !== 'enter') throw new Error(`expected enter, got ${intent.kind}`);
    expect(intent.exits?.stopLoss).toBeCloseTo(101.5 * 0.99, 10);
    expect(intent.exits?.takeProfits).toEqual([{ price: expect.closeTo(101.5 * 1.015, 10), fraction: 1 }]);
    expect(intent.score).toBe(100);
    expect(intent.components).toEqual({ supportTouches: 2, resistanceTouches: 2 });
    expect(driver.readiness()).toBe(100);
    expect(driver.instance.levels!().map((l) => [l.label, l.price])).toEqual([
      ['resistance', 110],
      ['sell zone', 108],
      ['buy zone top', 102],
      ['buy zone bottom', 101],
      ['support', 100],
    ]);
  });

  it('waits at the very bottom (below 10%) for the bounce', () => {
    const driver = new StrategyDriver(channelStrategy, PARAMS, '1h');
    driver.pushAll(RANGE);
    expect(driver.push({ open: 101, high: 101, low: 100.2, close: 100.5 })).toEqual([]);
    // strength 100/80 → 0.4; 5% of range is 0.05 outside the zone → 0.6 × (1 − 0.05/0.5) = 0.54
    expect(driver.readiness()).toBe(94);
  });

  it('does not buy a range whose top was touched only once', () => {
    const weak = [RANGE[0]!, RANGE[1]!, { open: 104, high: 106, low: 104, close: 105 }, ...RANGE.slice(3)];
    const driver = new StrategyDriver(channelStrategy, PARAMS, '1h');
    driver.pushAll(weak);
    // strength = 50 (support ×2) + 25 (resistance ×1) = 75 < 80
    expect(driver.push({ open: 101, high: 102, low: 101, close: 101.5 })).toEqual([]);
    expect(driver.readiness()).toBeLessThan(100);
  });

  it('sells in the top 20% of the range with reason signal', () => {
    const driver = new StrategyDriver(channelStrategy, PARAMS, '1h');
    driver.pushAll(RANGE);
    driver.push({ open: 101, high: 102, low: 101, close: 101.5 });
    driver.hold(101.5);
    // Window now bars 2..11: resistance 109.5, support 100, width 9.5; close 108 → 84% ≥ 80%.
    expect(driver.push({ open: 104, high: 108.2, low: 104, close: 108 })).toEqual([
      { kind: 'exit_all', symbol: 'BTC/USDT', reason: 'signal', note: 'top 20% of the range' },
    ]);
  });

  it('ignores ranges outside the width bounds', () => {
    const driver = new StrategyDriver(channelStrategy, { ...PARAMS, maxWidthPct: 5 }, '1h');
    driver.pushAll(RANGE);
    expect(driver.push({ open: 101, high: 102, low: 101, close: 101.5 })).toEqual([]);
    expect(driver.readiness()).toBe(0);
    expect(() => channelStrategy.params.parse({ buyZoneFromPct: 30, buyZoneToPct: 20 })).toThrow();
  });
});

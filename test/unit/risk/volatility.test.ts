import { describe, expect, it } from 'vitest';
import { parseRiskConfig } from '../../../core/risk/config.js';
import { VolatilityMonitor } from '../../../core/risk/volatility.js';
import { bars, MIN, T0 } from './helpers.js';

function monitor(): VolatilityMonitor {
  // A 60-minute window keeps the hand-made series short; thresholds are the spec's channel example.
  return new VolatilityMonitor(parseRiskConfig({ volatility: { windowMinutes: 60, strategies: { channel: { offAbovePct: 8, onBelowPct: 6 } } } }).volatility);
}

describe('per-strategy volatility switch', () => {
  it('measures volatility as the window range over its lowest low', () => {
    const m = monitor();
    for (const candle of bars(T0, [[99, 101, 100], [95, 100, 96]])) m.update('BTC/USDT', candle);
    // (101 − 95) / 95 = 6.315789… %
    expect(m.volatilityPct('BTC/USDT')).toBeCloseTo(6.315789474, 6);
    expect(m.volatilityPct('ETH/USDT')).toBeNull();
  });

  it('switches channel off above 8 %, keeps it off between 6 and 8 %, and on again below 6 %', () => {
    const m = monitor();
    const symbol = 'FIL/USDT';
    const feed = (start: number, values: Parameters<typeof bars>[1]) => bars(start, values).flatMap((c) => m.update(symbol, c));

    // 100 flat, then a bar with low 92: (100 − 92) / 92 = 8.70 % > 8 → off.
    const off = feed(T0, [100, [92, 100, 93]]);
    expect(off.map((s) => [s.strategy, s.disabled, s.time])).toEqual([['channel', true, T0 + 2 * MIN]]);
    expect(m.isDisabled('channel', symbol)).toBe(true);
    expect(m.isDisabled('breakout', symbol)).toBe(false);
    expect(m.denial('channel', symbol)).toBe('channel is disabled on FIL/USDT: 1 h volatility 8.70 % rose above 8 %; it resumes below 6 %');

    // An hour later the 92 low has left the window; bars range 94–100: 6.38 % — between 6 and 8: still off.
    expect(feed(T0 + 62 * MIN, [[94, 100, 97]])).toEqual([]);
    expect(m.isDisabled('channel', symbol)).toBe(true);

    // Another hour later: range 95–100 = 5.26 % < 6 → on again.
    const on = feed(T0 + 123 * MIN, [[95, 100, 97]]);
    expect(on.map((s) => [s.disabled, s.time])).toEqual([[false, T0 + 124 * MIN]]);
    expect(m.denial('channel', symbol)).toBeNull();
  });

  it('treats exactly 8 % as not above the threshold', () => {
    const m = monitor();
    // (108 − 100) / 100 = 8 % exactly.
    const switches = bars(T0, [[100, 108, 104]]).flatMap((c) => m.update('BTC/USDT', c));
    expect(switches).toEqual([]);
  });

  it('lists what is disabled with the volatility behind it', () => {
    const m = monitor();
    bars(T0, [[90, 100, 95]]).forEach((c) => m.update('NEAR/USDT', c));
    expect(m.disabled()).toEqual([{ strategy: 'channel', symbol: 'NEAR/USDT', since: T0 + MIN, volatilityPct: expect.closeTo(11.111111, 5), onBelowPct: 6 }]);
  });

  it('keeps no window where nothing reads it (a backtest of a strategy without a rule), and measures otherwise', () => {
    const noRules = parseRiskConfig({ volatility: { windowMinutes: 60, strategies: {} } }).volatility;
    const idle = new VolatilityMonitor(noRules, MIN, { measureWithoutRules: false });
    const live = new VolatilityMonitor(noRules, MIN);
    for (const candle of bars(T0, [[90, 100, 95], [80, 100, 85]])) {
      expect(idle.update('BTC/USDT', candle)).toEqual([]);
      live.update('BTC/USDT', candle);
    }
    expect(idle.volatilityPct('BTC/USDT')).toBeNull();
    expect(idle.denial('channel', 'BTC/USDT')).toBeNull();
    // The Risk tab's figure (live) is measured with no rule as before: (100 − 80) / 80.
    expect(live.volatilityPct('BTC/USDT')).toBe(25);
  });
});

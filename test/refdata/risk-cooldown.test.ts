import { describe, expect, it } from 'vitest';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import { backtestAlwaysIn, crashCandles, iso } from './risk-helpers.js';

const HOUR = 3_600_000;

/**
 * Consecutive stop-loss cooldown on real data: a strategy with tight stops on the March 2020 crash is
 * stopped out again and again. After every third stop-loss in a row (a take-profit resets the count)
 * the symbol is locked for the tier's time — 6 h for a mid cap — and no entry fills until it ends.
 */
describe('stop-loss cooldown on the March 2020 BTC crash', () => {
  it('locks the symbol for 6 h (mid tier) after three stop-losses in a row, as often as it happens', async () => {
    const candles = await crashCandles();
    // The regime stays out of this scenario (it would block entries in PANIC): only the stops matter.
    const gate = backtestRiskGate({ tier: 'mid', config: { tradeCooldownMinutes: 0, regime: { panic: [{ minutes: 60, pct: 99 }], caution: [], bleed: [], euphoria: [] } } })({ benchmark: null });
    const result = backtestAlwaysIn(candles, { quote: 500, stopPct: 0.5, takeProfitPct: 0.5 }, gate, 'mid');

    // Independently, from the exits: every third stop-loss in a row starts a cooldown, then the count restarts.
    const expected: number[] = [];
    let streak = 0;
    for (const fill of result.fills.filter((f) => f.side === 'sell')) {
      if (fill.reason === 'take_profit') streak = 0;
      if (fill.reason !== 'stop_loss') continue;
      streak += 1;
      if (streak === 3) {
        expected.push(fill.time);
        streak = 0;
      }
    }
    expect(expected.length, 'the crash must produce at least one run of three stops').toBeGreaterThan(0);
    const cooldowns = result.riskEvents.filter((e) => e.kind === 'cooldown');
    expect(cooldowns.map((e) => iso(e.time))).toEqual(expected.map(iso));
    expect(cooldowns[0]!.detail).toBe('stop-loss cooldown: 3 consecutive stop-losses on BTC/USDT; new entries there are blocked for 6 h (mid tier)');

    const buys = result.fills.filter((f) => f.side === 'buy');
    const lastBar = candles.at(-1)!.time;
    for (const start of expected) {
      const end = start + 6 * HOUR;
      expect(buys.filter((f) => f.time > start && f.time < end).map((f) => iso(f.time)), `entries during the cooldown from ${iso(start)}`).toEqual([]);
      // …and the strategy is back in as soon as the cooldown ends (when the data goes that far).
      if (end < lastBar) expect(buys.some((f) => f.time >= end && f.time <= end + 2 * 60_000), `re-entry at ${iso(end)}`).toBe(true);
    }
    expect(result.riskEvents.some((e) => e.kind === 'entry_blocked' && e.detail.startsWith('stop-loss cooldown'))).toBe(true);
  });
});

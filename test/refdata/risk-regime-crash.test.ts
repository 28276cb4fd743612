import { describe, expect, it } from 'vitest';
import type { Candle } from '../../core/market/candle.js';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import { DEFAULT_RISK_CONFIG } from '../../core/risk/config.js';
import { backtestAlwaysIn, crashCandles, iso, MINUTE } from './risk-helpers.js';

/**
 * The March 2020 crash (BTC 7,960 → 3,622): the regime detector raises PANIC, and the backtest — the
 * real runner, engine and paper exchange with the risk gate plugged in — blocks entries while it lasts.
 */

/** Independent, brute-force first PANIC: the first bar whose close is more than X % under the highest close of the window (closes within `minutes` before it). */
function firstPanicByBruteForce(candles: readonly Candle[]): number | null {
  for (let i = 0; i < candles.length; i++) {
    const t = candles[i]!.time;
    for (const rule of DEFAULT_RISK_CONFIG.regime.panic) {
      let high = -Infinity;
      for (let j = i; j >= 0 && candles[j]!.time >= t - rule.minutes * MINUTE; j--) high = Math.max(high, candles[j]!.close);
      const drop = Math.round((1 - candles[i]!.close / high) * 100 * 1e9) / 1e9;
      if (drop > rule.pct) return t + MINUTE; // known at the bar's close
    }
  }
  return null;
}

describe('regime on the March 2020 BTC crash', () => {
  it('raises PANIC when the crash starts and blocks every entry while PANIC lasts', async () => {
    const candles = await crashCandles();
    const result = backtestAlwaysIn(candles, { quote: 1_000, stopPct: 2, takeProfitPct: 1 }, backtestRiskGate({ config: { tradeCooldownMinutes: 0, stopCooldown: { stops: 100 } } })({ benchmark: null }));

    const regimes = result.riskEvents.filter((e) => e.kind.startsWith('regime:'));
    const firstPanic = regimes.find((e) => e.kind === 'regime:PANIC');
    expect(firstPanic, 'PANIC must be raised during the crash').toBeDefined();
    expect(iso(firstPanic!.time)).toBe(iso(firstPanicByBruteForce(candles)!));
    // It is the crash of 12 March: the first 5 % hourly drop, in the late morning (UTC).
    expect(iso(firstPanic!.time)).toBe('2020-03-12T10:37:00.000Z');
    expect(firstPanic!.detail).toMatch(/fell \d+\.\d+ % from its (1|4) h high; PANIC above/);

    // Each PANIC lasts until the next regime change; fills of entries decided inside it would fall in [start, end).
    const panics: [number, number][] = [];
    regimes.forEach((event, index) => {
      if (event.kind === 'regime:PANIC') panics.push([event.time, regimes[index + 1]?.time ?? Number.POSITIVE_INFINITY]);
    });
    expect(panics.length).toBeGreaterThan(0);
    const entries = result.fills.filter((f) => f.side === 'buy');
    for (const [start, end] of panics) {
      expect(entries.filter((f) => f.time >= start && f.time < end).map((f) => iso(f.time)), `entries during PANIC ${iso(start)}–${iso(end)}`).toEqual([]);
    }
    const blocked = result.riskEvents.filter((e) => e.kind === 'entry_blocked');
    expect(blocked.length).toBeGreaterThan(0);
    for (const event of blocked) {
      expect(panics.some(([start, end]) => event.time >= start && event.time <= end), `${iso(event.time)} ${event.detail}`).toBe(true);
      expect(event.detail).toContain('market regime PANIC: new entries are blocked');
    }
    // Outside PANIC the strategy does trade: the gate blocks by regime, not everything.
    expect(entries.length).toBeGreaterThan(panics.length);
  });
});

import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../core/market/candle.js';
import { parseRiskConfig, type RiskConfigInput } from '../../../core/risk/config.js';
import { VolatilityMonitor } from '../../../core/risk/volatility.js';
import { MIN } from './helpers.js';
import { walk, windowStart } from './walks.js';

/**
 * The volatility switch's bounds (the range decided without measuring it on most bars) against brute
 * force: the range recomputed from the whole window on every bar, each rule's hysteresis followed by
 * hand. Every switch, and the volatility and the switched-off list when read, must be the same.
 */

type Volatility = NonNullable<RiskConfigInput['volatility']>;

function bruteVolatility(candles: readonly Candle[], index: number, windowMinutes: number): number {
  const inside = candles.slice(windowStart(candles, index, windowMinutes * MIN), index + 1);
  const high = Math.max(...inside.map((c) => c.high));
  const low = Math.min(...inside.map((c) => c.low));
  return low > 0 ? Math.round(((high - low) / low) * 100 * 1e9) / 1e9 : Number.NaN;
}

const CONFIGS: Record<string, Volatility> = {
  'one rule, 3 h': { windowMinutes: 180, strategies: { channel: { offAbovePct: 3, onBelowPct: 2 } } },
  'three rules, a thin band': {
    windowMinutes: 60,
    strategies: { channel: { offAbovePct: 1.5, onBelowPct: 1.49 }, breakout: { offAbovePct: 2, onBelowPct: 0.8 }, 'sma-cross': { offAbovePct: 1.2, onBelowPct: 1 } },
  },
  'no rules': { windowMinutes: 120, strategies: {} },
};

describe('volatility switch against brute force', () => {
  for (const [name, volatility] of Object.entries(CONFIGS)) {
    it(`switches and measures as the rules say (${name}), read now and then or on every bar`, () => {
      const config = parseRiskConfig({ volatility }).volatility;
      const rules = Object.entries(config.strategies);
      for (const [seed, every] of [[21, 97], [22, 1]] as const) {
        // Two symbols interleaved: each keeps its own window and switches.
        const series = { 'BTC/USDT': walk(4_000, seed, 0.003), 'ETH/USDT': walk(4_000, seed + 100, 0.004) };
        const monitor = new VolatilityMonitor(config);
        const off = new Set<string>();
        // Differences as text, checked once at the end (an expect per bar would cost more than the brute force).
        const differences: string[] = [];
        const differ = (what: string, got: unknown, expected: unknown) => {
          if (JSON.stringify(got) !== JSON.stringify(expected)) differences.push(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
        };
        let switches = 0;
        for (let i = 0; i < 4_000; i++) {
          for (const [symbol, candles] of Object.entries(series)) {
            const got = monitor.update(symbol, candles[i]!).map(({ time, strategy, disabled, volatilityPct }) => ({ time, strategy, disabled, volatilityPct }));
            const pct = bruteVolatility(candles, i, config.windowMinutes);
            const expected: typeof got = [];
            for (const [strategy, rule] of rules) {
              const id = `${strategy}@${symbol}`;
              const isOff = off.has(id);
              if (Number.isNaN(pct) || !(isOff ? pct < rule.onBelowPct : pct > rule.offAbovePct)) continue;
              if (isOff) off.delete(id);
              else off.add(id);
              expected.push({ time: candles[i]!.time + MIN, strategy, disabled: !isOff, volatilityPct: pct });
            }
            differ(`${symbol} bar ${i} switches`, got, expected);
            switches += got.length;
            if (i % every === 0) {
              differ(`${symbol} bar ${i} volatility`, monitor.volatilityPct(symbol), pct);
              differ(`bar ${i} disabled`, monitor.disabled().map((d) => `${d.strategy}@${d.symbol}`).sort(), [...off].sort());
            }
          }
        }
        expect(differences.slice(0, 5)).toEqual([]);
        // The walks cross the thresholds both ways many times.
        expect(switches).toBeGreaterThan(rules.length === 0 ? -1 : 20);
      }
    });
  }
});

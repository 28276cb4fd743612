import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestResult } from '../../../core/backtest/runner.js';
import type { RiskGate } from '../../../core/engine/risk-gate.js';
import { candlesToColumns, type CandleColumns } from '../../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { backtestRiskGate, sweepRiskGates, type BacktestRiskOptions } from '../../../core/risk/backtest-gate.js';
import { parseStrategyParams } from '../../../core/strategies/registry.js';
import { smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

/**
 * A sweep's gates replay the market regime and volatility switches worked out once over the bars
 * (MarketTape): every variant must come out exactly as behind a gate of its own that works them out
 * itself — same fills, trades, metrics and risk events (regime changes, switches, blocked entries with
 * their reasons, breaker trips, cooldowns), to the bit.
 */
const BARS = 6_000;
const START = Date.UTC(2024, 0, 1);
const [btc, eth] = DEFAULT_SIMULATED_SYMBOLS;
const candles = candlesToColumns(simulateCandles(eth!, 11, START, BARS));
/** A benchmark with holes: some bars have no benchmark bar of the same time. */
const benchmark = candlesToColumns(simulateCandles(btc!, 5, START, BARS).filter((_, i) => i % 97 !== 13));

/** Thresholds low enough for the simulated walk to change regime, switch sma-cross off and on, and trip the breaker. */
const TOUCHY: BacktestRiskOptions = {
  config: {
    regime: { panic: [{ minutes: 60, pct: 1.2 }], caution: [{ minutes: 30, pct: 0.6 }], bleed: [{ minutes: 240, pct: 1 }], euphoria: [{ minutes: 60, pct: 1 }], minDwellMinutes: 15 },
    volatility: { windowMinutes: 120, strategies: { 'sma-cross': { offAbovePct: 1.6, onBelowPct: 1.2 } } },
    breaker: { dailyLossPct: 0.3 },
  },
};

function run(gate: RiskGate, params: { fast: number; slow: number }, bench: CandleColumns | null, bars: CandleColumns = candles): BacktestResult {
  return runBacktest({
    strategy: smaCrossStrategy,
    params: parseStrategyParams(smaCrossStrategy, { ...params, stake: 0.2 }),
    candles: bars,
    timeframe: '1m',
    symbol: eth!.symbol,
    cash: 10_000,
    fee: 0.001,
    ...(bench !== null ? { benchmark: bench } : {}),
    riskGate: gate,
  });
}

const figures = (result: BacktestResult) => ({ metrics: result.metrics, trades: result.trades, fills: result.fills, riskEvents: result.riskEvents });

describe('a sweep’s risk gates (market tape)', () => {
  for (const [name, options, bench] of [
    ['the default configuration, the backtested series as benchmark', {}, null],
    ['touchy thresholds, the backtested series as benchmark', TOUCHY, null],
    ['touchy thresholds, a benchmark series with holes', TOUCHY, benchmark],
  ] as const) {
    it(`decides as a gate of its own: ${name}`, () => {
      const gates = sweepRiskGates(options, { symbol: eth!.symbol, candles, benchmark: bench, timeframe: '1m', tier: 'large' });
      const kinds = new Set<string>();
      for (const params of [{ fast: 5, slow: 20 }, { fast: 12, slow: 60 }, { fast: 5, slow: 20 }]) {
        const own = run(backtestRiskGate(options)({ benchmark: bench, timeframe: '1m', tier: 'large' }), params, bench);
        const replayed = run(gates(), params, bench);
        expect(figures(replayed)).toEqual(figures(own));
        expect(own.metrics.trades).toBeGreaterThan(0);
        for (const event of own.riskEvents) kinds.add(event.kind.replace(/:.*/, ':'));
      }
      // The touchy runs go through every market-state path the tape replays.
      if (options === TOUCHY) expect([...kinds].sort()).toEqual(expect.arrayContaining(['breaker', 'entry_blocked', 'regime:', 'strategy_disabled', 'strategy_enabled']));
    });
  }

  it('stops a run over other bars than the tape’s with an error', () => {
    const gates = sweepRiskGates(TOUCHY, { symbol: eth!.symbol, candles, benchmark: null, timeframe: '1m', tier: 'large' });
    const other = candlesToColumns(simulateCandles(eth!, 11, START + 60_000, BARS));
    expect(() => run(gates(), { fast: 5, slow: 20 }, null, other)).toThrow(/market tape/);
  });
});

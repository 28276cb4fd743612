import { describe, expect, it } from 'vitest';
import { backtestMarketRules, runBacktest } from '../../../core/backtest/runner.js';
import { ShadowLane } from '../../../core/backtest/shadow-lane.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { smaCrossParamsSchema, smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

/** A backtest that starts trading mid-data (`tradingFrom`), the bars before only warming it up: what a walk-forward span's run is. */
describe('runBacktest with tradingFrom', () => {
  const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 11, Date.UTC(2024, 0, 1), 6_000);
  const params = smaCrossParamsSchema.parse({ fast: 5, slow: 30, stake: 0.5 });
  const common = { strategy: smaCrossStrategy, params, timeframe: '1m', symbol: 'BTC/USDT', cash: 100_000, fee: 0.001, slippage: 0 } as const;
  const from = candles[4_000]!.time;

  it('trades as a live shadow lane warmed up on the same bars does: flat at the start, orders refused before it', () => {
    const run = runBacktest({ ...common, candles, tradingFrom: from });
    const lane = new ShadowLane({ id: 'v', strategy: smaCrossStrategy, params, markets: [backtestMarketRules({ ...common, candles })], baseTimeframe: '1m', cash: 100_000, fee: 0.001, slippage: 0, tradingFrom: from });
    for (const candle of candles) lane.onCandle('BTC/USDT', candle);
    const shadow = lane.result();
    expect(run.trades.length).toBeGreaterThan(10);
    expect(run.trades.every((trade) => trade.entryTime >= from)).toBe(true);
    expect(run.trades.map((t) => [t.entryTime, t.exitTime, t.pnl])).toEqual(shadow.trades.map((t) => [t.entryTime, t.exitTime, t.pnl]));
    expect(run.metrics.finalValue).toBeCloseTo(shadow.metrics.finalValue, 9);
    expect(run.metrics.maxDrawdown).toBeCloseTo(shadow.metrics.maxDrawdown, 12);
    expect(run.bars).toBe(2_000);
    expect(run.equity.time[0]).toBe(from + 60_000);
  });

  it('is the plain backtest when trading starts at the first bar', () => {
    expect(runBacktest({ ...common, candles, tradingFrom: candles[0]!.time })).toEqual(runBacktest({ ...common, candles }));
  });
});

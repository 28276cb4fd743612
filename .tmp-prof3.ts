import { runBacktest } from './core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from './core/market/simulator.js';
import { smaCrossStrategy } from './core/strategies/sma-cross.js';
import { parseStrategyParams } from './core/strategies/registry.js';
const N = 200000;
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, Date.UTC(2024, 0, 1), N);
const params = parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: 1 });
for (let k = 0; k < 8; k++) {
  const t = performance.now();
  const r = runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001 });
  console.log(k, (performance.now() - t).toFixed(0), 'ms', r.metrics.trades);
}

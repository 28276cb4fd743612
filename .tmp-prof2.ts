import { runBacktest } from './core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from './core/market/simulator.js';
import { smaCrossStrategy } from './core/strategies/sma-cross.js';
import { parseStrategyParams } from './core/strategies/registry.js';
const N = 100000;
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, Date.UTC(2024, 0, 1), N);
const params = parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: 1 });
for (let k = 0; k < 4; k++) {
  const t = performance.now();
  const r = runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001, ...(k >= 2 ? { slippage: 0 } : {}) });
  const ms = performance.now() - t;
  console.log(k, ms.toFixed(0), 'ms', (N / ms / 1000).toFixed(2), 'M/s', r.metrics.trades);
}
import { createRequire } from 'node:module';
console.log('ccxt loaded:', Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('ccxt')));

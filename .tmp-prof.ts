import { runBacktest } from '/work/main/core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '/work/main/core/market/simulator.js';
import { BUILTIN_STRATEGIES, parseStrategyParams } from '/work/main/core/strategies/registry.js';
const N = Number(process.argv[2] ?? 100000);
let t = performance.now();
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, Date.UTC(2024, 0, 1), N);
console.log('sim', (performance.now() - t).toFixed(0), 'ms', (process.memoryUsage().rss/1e6).toFixed(0),'MB');
for (const strategy of BUILTIN_STRATEGIES) {
  const params = parseStrategyParams(strategy, strategy.name === 'sma-cross' ? { fast: 20, slow: 60, stake: 1 } : {});
  t = performance.now();
  const r = runBacktest({ strategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001 });
  const ms = performance.now() - t;
  console.log(strategy.name, ms.toFixed(0), 'ms', (N / ms / 1000).toFixed(2), 'M/s', 'trades', r.metrics.trades, 'fills', r.fills.length, 'events', r.riskEvents.length, r.riskEvents[0]?.detail?.slice(0,150), (process.memoryUsage().rss/1e6).toFixed(0),'MB');
}

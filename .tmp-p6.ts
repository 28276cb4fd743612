import { runBacktest } from './core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from './core/market/simulator.js';
import { smaCrossStrategy } from './core/strategies/sma-cross.js';
import { parseStrategyParams } from './core/strategies/registry.js';
const N = 300000;
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, Date.UTC(2024, 0, 1), N);
const params = parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: 1 });
const block = { check: () => ({ ok: false as const, reason: 'no' }) };
function time(name: string, fn: () => unknown) { fn(); const t = performance.now(); for (let k = 0; k < 3; k++) fn(); const ms = (performance.now() - t) / 3; console.log(name.padEnd(28), (ms * 1e6 / N).toFixed(0), 'ns/bar'); }
for (let r = 0; r < 2; r++) {
  time('sma-cross default slippage', () => runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001 }));
  time('sma-cross slippage 0', () => runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001, slippage: 0 }));
  time('sma-cross all blocked', () => runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001, riskGate: block }));
}

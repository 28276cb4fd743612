import { runBacktest } from './core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from './core/market/simulator.js';
import { smaCrossStrategy } from './core/strategies/sma-cross.js';
import { parseStrategyParams } from './core/strategies/registry.js';
const N = 50000;
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, Date.UTC(2024, 0, 1), N);
const NONE: never[] = [];
const flip = { ...smaCrossStrategy, name: 'flip', create: (_p: unknown, symbol: string) => ({ onCandle: (c: any) => c.position === null ? [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: 1 }, orderType: 'market', reason: 'x' }] : [{ kind: 'exit_all', symbol, reason: 'signal' }], readiness: () => 0 }) };
const params = parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: 1 });
for (let k = 0; k < 6; k++) {
  const t = performance.now();
  const r = runBacktest({ strategy: flip as any, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e12, fee: 0.001, slippage: 0 });
  console.log(k, ((performance.now() - t) * 1e6 / r.fills.length).toFixed(0), 'ns per order', r.fills.length);
}

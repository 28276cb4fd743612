import { z } from 'zod';
import { runBacktest } from './core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from './core/market/simulator.js';
import { smaCrossStrategy } from './core/strategies/sma-cross.js';
import { parseStrategyParams } from './core/strategies/registry.js';
import { SMA } from 'trading-signals';
const N = 200000;
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, Date.UTC(2024, 0, 1), N);
const NONE: never[] = [];
const idle = { ...smaCrossStrategy, name: 'idle', create: () => ({ onCandle: () => NONE, readiness: () => 0 }) };
const smaOnly = { ...smaCrossStrategy, name: 'smaOnly', create: () => { const a = new SMA(20), b = new SMA(60); return { onCandle: (c: any) => { a.add(c.candle.close); b.add(c.candle.close); return NONE; }, readiness: () => 0 }; } };
const params = parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: 1 });
function time(name: string, fn: () => void) { fn(); const t = performance.now(); for (let k = 0; k < 3; k++) fn(); const ms = (performance.now() - t) / 3; console.log(name, (ms * 1e6 / N).toFixed(0), 'ns/bar'); }
time('loop only', () => { let s = 0; for (const c of candles) s += c.close; });
time('sma only raw', () => { const a = new SMA(20), b = new SMA(60); for (const c of candles) { a.add(c.close); b.add(c.close); } });
for (let r = 0; r < 2; r++) {
time('engine idle', () => runBacktest({ strategy: idle as any, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001 }));
time('engine smaOnly', () => runBacktest({ strategy: smaOnly as any, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001 }));
time('engine sma-cross', () => runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e9, fee: 0.001 }));
}

/**
 * One sma-cross goal line of backtest.bench.ts, in a process of its own (argv: `off` or `on`): the same
 * simulated candles, a 200k-bar warm-up run, then the best of 5 full runs in CPU time. Each goal line
 * gets a fresh process so that neither pays for what ran before it in the bench (another line's order
 * sizes or strategies leave the engine's and the paper venue's call sites polymorphic).
 * Prints {"seconds", "trades", "events"} as JSON.
 */
import { runBacktest, type BacktestOptions } from '../../core/backtest/runner.js';
import { candlesToColumns, type CandleColumns } from '../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import { parseStrategyParams } from '../../core/strategies/registry.js';
import { smaCrossStrategy } from '../../core/strategies/sma-cross.js';
import { firstBars } from './backtest.bench.js';

const COUNT = Number(process.env.BENCH_CANDLES ?? 1_000_000);
const gate = process.argv[2] === 'on';
const spec = DEFAULT_SIMULATED_SYMBOLS[0]!;
const columns = candlesToColumns(simulateCandles(spec, 7, Date.UTC(2024, 0, 1), COUNT));
// With the gate, a trader-sized account (its default limits cap one order at 10,000 USDT and a symbol at 20 % of equity).
const options = (bars: CandleColumns): BacktestOptions<unknown> => ({
  strategy: smaCrossStrategy as BacktestOptions<unknown>['strategy'],
  params: parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: gate ? 0.1 : 1 }),
  candles: bars,
  timeframe: '1m',
  symbol: spec.symbol,
  cash: gate ? 100_000 : 1e9,
  fee: 0.001,
  ...(gate ? { riskGate: backtestRiskGate()({ benchmark: null, timeframe: '1m', tier: 'large' }) } : {}),
});
runBacktest(options(firstBars(columns, Math.min(COUNT, 200_000))));
let best = Infinity;
let result = runBacktest(options(firstBars(columns, 2)));
for (let i = 0; i < 5; i++) {
  const start = process.cpuUsage();
  result = runBacktest(options(columns));
  const used = process.cpuUsage(start);
  best = Math.min(best, (used.user + used.system) / 1e6);
}
process.stdout.write(`${JSON.stringify({ seconds: best, trades: result.metrics.trades, events: result.riskEvents.length })}\n`);

/**
 * What sma-cross's orders cost in the gate-off goal line's run: the same million bars (a 200k-bar warm-up
 * first) with sma-cross as it is (`full`) or with its intents dropped after it has computed them (`silent`:
 * the same averages, no orders), best and median CPU time of N runs. Run the two modes in separate
 * processes, alternated (in one process the dropped intents' wrapper makes the engine's strategy call
 * polymorphic and slows both); the difference of the medians over the orders is one order's cost with all
 * it sets off (router, venue, fills, positions, trades, the fill tape, garbage).
 * `npx tsx test/bench/backtest-order-cost.ts full|silent [runs]` prints {"mode", "orders", "best", "median"}.
 */
import { runBacktest, type BacktestOptions } from '../../core/backtest/runner.js';
import { candlesToColumns, type CandleColumns } from '../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import type { Intent, RunnableStrategy, StrategyContext } from '../../core/strategies/contract.js';
import { parseStrategyParams } from '../../core/strategies/registry.js';
import { smaCrossStrategy } from '../../core/strategies/sma-cross.js';
import { firstBars } from './backtest.bench.js';

const NOTHING: readonly Intent[] = Object.freeze([]);
const spec = DEFAULT_SIMULATED_SYMBOLS[0]!;
const columns = candlesToColumns(simulateCandles(spec, 7, Date.UTC(2024, 0, 1), 1_000_000));
const smaCross = smaCrossStrategy as RunnableStrategy;
/** sma-cross computing everything as usual, its intents dropped. */
const silent: RunnableStrategy = {
  ...smaCross,
  create(params, symbol) {
    const instance = smaCross.create(params, symbol);
    const decide = instance.onCandle.bind(instance);
    instance.onCandle = (context: StrategyContext) => {
      void decide(context);
      return NOTHING;
    };
    return instance;
  },
};
const params = parseStrategyParams(smaCrossStrategy, { fast: 20, slow: 60, stake: 1 });
const options = (strategy: RunnableStrategy, bars: CandleColumns): BacktestOptions<unknown> => ({ strategy, params, candles: bars, timeframe: '1m', symbol: spec.symbol, cash: 1e9, fee: 0.001 });

function timed(strategy: RunnableStrategy): { seconds: number; orders: number } {
  const start = process.cpuUsage();
  const result = runBacktest(options(strategy, columns));
  const used = process.cpuUsage(start);
  // sma-cross buys and sells whole positions: an entry and an exit order per trade, one more if a position is open at the end.
  // (Reading result.fills would count them too, but keeps 13,600 fill objects alive into the next run.)
  return { seconds: (used.user + used.system) / 1e6, orders: result.trades.length * 2 + (result.openPosition === null ? 0 : 1) };
}

const strategy = process.argv[2] === 'silent' ? silent : smaCross;
const RUNS = Number(process.argv[3] ?? 6);
runBacktest(options(strategy, firstBars(columns, 200_000)));
const seconds: number[] = [];
let orders = 0;
for (let i = 0; i < RUNS; i++) {
  const run = timed(strategy);
  seconds.push(run.seconds);
  orders = run.orders;
}
seconds.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ mode: strategy === silent ? 'silent' : 'full', orders, best: seconds[0], median: seconds[seconds.length >> 1] })}\n`);

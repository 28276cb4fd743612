/**
 * Backtest throughput: the engine (strategy → router → paper exchange → positions) on ≥ 1M simulated
 * 1m candles, next to a hand-written typed-array SMA crossover loop measured in the same run.
 * Goals (printed, not asserted; issue 16): sma-cross gate-off ≥ 10M candles/s and within 30× of the hand loop; gate-on ≥ 3M candles/s.
 * Every strategy is measured twice: without a risk gate (the engine alone) and with the risk gate the
 * backtest CLI and the API use by default (`backtestRiskGate`, spec defaults; `--no-risk` turns it off).
 * Two floors are printed first, because they bound the ratio any engine run of sma-cross can reach:
 * the two trading-signals SMA updates alone, and the sma-cross strategy alone (its SMAs and decision
 * logic fed bar contexts directly, no engine, no orders).
 * Timings are best-of-N (hand loop 20, floors 5, sma-cross 5, others 1) of CPU time, because the machine is shared.
 * The two sma-cross goal lines (gate off, gate on) are measured each in a fresh process (backtest-goal-line.ts), alike.
 * BENCH_CANDLES overrides the count (default 1M) for a quick look.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SMA } from 'trading-signals';
import { runBacktest, type BacktestOptions } from '../../core/backtest/runner.js';
import { RunningSMA } from '../../core/indicators/running-sma.js';
import { TIER_EXIT_DEFAULTS } from '../../core/engine/tiers.js';
import { candlesToColumns, type Candle, type CandleColumns } from '../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { backtestRiskGate } from '../../core/risk/backtest-gate.js';
import type { PositionView, StrategyContext } from '../../core/strategies/contract.js';
import { BUILTIN_STRATEGIES, parseStrategyParams } from '../../core/strategies/registry.js';
import { smaCrossStrategy } from '../../core/strategies/sma-cross.js';

const COUNT = Number(process.env.BENCH_CANDLES ?? 1_000_000);
const FAST = 20;
const SLOW = 60;
const FEE = 0.001;

/** The baseline: SMA crossover over typed arrays with running sums, next-open fills, fees both sides. */
function handLoop(close: Float64Array, open: Float64Array, cash: number): { value: number; trades: number } {
  let fastSum = 0;
  let slowSum = 0;
  let previous = Number.NaN;
  let held = 0;
  let pending = 0; // +1 buy, -1 sell at the next open
  let trades = 0;
  for (let i = 0; i < close.length; i++) {
    if (pending !== 0) {
      const price = open[i]!;
      if (pending > 0) {
        cash -= price * (1 + FEE);
        held = 1;
      } else {
        cash += price * (1 - FEE);
        held = 0;
        trades++;
      }
      pending = 0;
    }
    const c = close[i]!;
    fastSum += c;
    slowSum += c;
    if (i >= FAST) fastSum -= close[i - FAST]!;
    if (i >= SLOW) slowSum -= close[i - SLOW]!;
    if (i < SLOW - 1) continue;
    const difference = fastSum / FAST - slowSum / SLOW;
    if (!Number.isNaN(previous)) {
      if (held === 0 && previous < 0 && difference > 0) pending = 1;
      else if (held === 1 && previous > 0 && difference < 0) pending = -1;
    }
    if (difference !== 0 || Number.isNaN(previous)) previous = difference;
  }
  return { value: cash + held * close[close.length - 1]!, trades };
}

/** The first `n` bars, as views on the same arrays. */
export function firstBars(columns: CandleColumns, n: number): CandleColumns {
  return {
    time: columns.time.subarray(0, n),
    open: columns.open.subarray(0, n),
    high: columns.high.subarray(0, n),
    low: columns.low.subarray(0, n),
    close: columns.close.subarray(0, n),
    volume: columns.volume.subarray(0, n),
  };
}

/**
 * Best of `runs` timings: on a shared machine the minimum is the least disturbed measurement. Timed in
 * CPU time of this process (user + system): other processes on the machine stretch the wall clock of
 * this single-threaded loop, hardly its CPU time. Every figure below, the hand loop's too, is measured so.
 */
function time<T>(fn: () => T, runs = 1): { result: T; seconds: number } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return { result, seconds: best };
}

const rate = (count: number, seconds: number) => `${(count / seconds / 1e6).toFixed(2)}M candles/s`;

/**
 * sma-cross without the engine: a fresh candle copy and context per bar (as the engine hands them),
 * a stand-in position while its last intent was an entry. Nothing is sized, routed or filled.
 */
function strategyAlone(candles: readonly Candle[], symbol: string): number {
  const instance = smaCrossStrategy.create({ fast: FAST, slow: SLOW, stake: 1, timeframe: '1m' }, symbol);
  const held: PositionView = { symbol, quantity: 1, averageEntry: 0, openedAt: 0, tranches: 1, highestPrice: 0 };
  let position: PositionView | null = null;
  let intents = 0;
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i]!;
    const candle = { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
    const context: StrategyContext = { symbol, time: c.time + 60_000, timeframe: '1m', candle, windows: {}, position, tier: 'large', openEntryOrders: 0, tierDefaults: TIER_EXIT_DEFAULTS.large };
    const out = instance.onCandle(context);
    if (out.length > 0) {
      intents++;
      position = out[0]!.kind === 'enter' ? held : null;
    }
  }
  return intents;
}

export async function run(): Promise<void> {
  const spec = DEFAULT_SIMULATED_SYMBOLS[0]!;
  const generated = time(() => simulateCandles(spec, 7, Date.UTC(2024, 0, 1), COUNT));
  const candles: Candle[] = generated.result;
  process.stdout.write(`simulated ${COUNT.toLocaleString('en')} 1m candles of ${spec.symbol} in ${generated.seconds.toFixed(1)} s\n`);
  const columns = candlesToColumns(candles);

  handLoop(columns.close, columns.open, 1e9); // warm up the JIT like the engine gets warmed below
  const hand = time(() => handLoop(columns.close, columns.open, 1e9), 20); // each run is a few ms: more runs, steadier minimum
  process.stdout.write(`hand-written typed-array loop: ${rate(COUNT, hand.seconds)} (${hand.result.trades} round trips)\n`);
  // The floor under any engine run of sma-cross: the two trading-signals SMAs alone, nothing else.
  const indicators = time(() => {
    const fast = new SMA(FAST);
    const slow = new SMA(SLOW);
    for (let i = 0; i < COUNT; i++) {
      fast.add(columns.close[i]!);
      slow.add(columns.close[i]!);
    }
  }, 5);
  const smaFloor = indicators.seconds / hand.seconds;
  process.stdout.write(`floor 1 — trading-signals SMA(${FAST}) + SMA(${SLOW}) updates alone: ${rate(COUNT, indicators.seconds)}, ${smaFloor.toFixed(1)}× the hand loop's time\n`);
  // sma-cross now uses the project's O(1) RunningSMA (tested against trading-signals and TA-Lib).
  const running = time(() => {
    const fast = new RunningSMA(FAST);
    const slow = new RunningSMA(SLOW);
    for (let i = 0; i < COUNT; i++) {
      fast.update(columns.close[i]!);
      slow.update(columns.close[i]!);
    }
  }, 5);
  process.stdout.write(`floor 1b — RunningSMA(${FAST}) + RunningSMA(${SLOW}) (what sma-cross uses): ${rate(COUNT, running.seconds)}, ${(running.seconds / hand.seconds).toFixed(1)}× the hand loop's time, ${(indicators.seconds / running.seconds).toFixed(1)}× faster than trading-signals' SMA\n`);
  strategyAlone(candles.slice(0, 200_000), spec.symbol); // JIT warm-up
  const alone = time(() => strategyAlone(candles, spec.symbol), 5);
  const strategyFloor = alone.seconds / hand.seconds;
  process.stdout.write(`floor 2 — sma-cross strategy alone (its SMAs + decisions, no engine): ${rate(COUNT, alone.seconds)}, ${strategyFloor.toFixed(1)}× the hand loop's time\n`);

  // With the gate, a trader-sized account (its default limits cap one order at 10,000 USDT and a symbol
  // at 20 % of equity), so the run trades instead of measuring a stream of refused entries.
  const options = (strategy: (typeof BUILTIN_STRATEGIES)[number], gate: boolean, bars: CandleColumns): BacktestOptions<unknown> => ({
    strategy: strategy as BacktestOptions<unknown>['strategy'],
    params: parseStrategyParams(strategy, strategy.name === 'sma-cross' ? { fast: FAST, slow: SLOW, stake: gate ? 0.1 : 1 } : {}),
    candles: bars,
    timeframe: '1m',
    symbol: spec.symbol,
    cash: gate ? 100_000 : 1e9,
    fee: FEE,
    // A fresh gate per run: it keeps regime, locks and cooldowns. The candles go in as columns, the
    // form the CLI, the API and sweeps hand the engine (an array of candles would be copied into columns first).
    ...(gate ? { riskGate: backtestRiskGate()({ benchmark: null, timeframe: '1m', tier: 'large' }) } : {}),
  });
  // The two goal lines, each in a fresh process (backtest-goal-line.ts) with the same warm-up and best of 5:
  // measured in this one after other runs, a line pays for them — the gate-on line measured after the
  // gate-off one (other order sizes) ran ~35 % slower than on its own.
  const goals = new Map<boolean, { seconds: number; result: { metrics: { trades: number }; riskEvents: { length: number } } }>();
  for (const gate of [false, true]) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./backtest-goal-line.ts', import.meta.url)), gate ? 'on' : 'off'], { encoding: 'utf8', env: process.env });
    if (child.status !== 0) throw new Error(`goal line (gate ${gate ? 'on' : 'off'}) failed: ${child.stderr}`);
    const line = JSON.parse(child.stdout) as { seconds: number; trades: number; events: number };
    goals.set(gate, { seconds: line.seconds, result: { metrics: { trades: line.trades }, riskEvents: { length: line.events } } });
  }
  process.stdout.write('sma-cross goal lines: each in a fresh process, after a 200k-bar warm-up run, best of 5 full runs (backtest-goal-line.ts); the other strategies here, 1 run each\n');
  for (const gate of [false, true]) {
    const cash = gate ? 100_000 : 1e9;
    const stake = gate ? 0.1 : 1;
    process.stdout.write(
      gate
        ? `risk gate ON (backtestRiskGate, spec defaults — what \`npm run backtest\` and backtest.run use unless --no-risk / risk:false), cash ${cash.toLocaleString('en')}, sma-cross stake ${stake}:\n`
        : `risk gate OFF (--no-risk: the engine alone), cash ${cash.toLocaleString('en')}, sma-cross stake ${stake}:\n`,
    );
    for (const strategy of BUILTIN_STRATEGIES) {
      const engine = goals.get(gate) !== undefined && strategy.name === 'sma-cross' ? goals.get(gate)! : time(() => runBacktest(options(strategy, gate, columns)));
      const ratio = engine.seconds / hand.seconds;
      const perSecond = COUNT / engine.seconds;
      const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
      const targets = gate ? `≥ 3M/s: ${met(perSecond >= 3e6)}` : `≤ 30×: ${met(ratio <= 30)}; ≥ 10M/s: ${met(perSecond >= 10e6)}`;
      const goal = strategy.name === 'sma-cross' ? `  [goal ${targets}; engine's share above floor 2: ${Math.max(0, (engine.seconds - alone.seconds) / hand.seconds).toFixed(1)}×]` : '';
      const events = gate ? `, ${engine.result.riskEvents.length} risk events` : '';
      process.stdout.write(`  engine ${strategy.name.padEnd(10)}: ${rate(COUNT, engine.seconds)}, ${engine.result.metrics.trades} trades${events}, ${ratio.toFixed(1)}× the hand loop's time${goal}\n`);
    }
  }
}

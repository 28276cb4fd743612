import type { RiskGate } from '../../engine/risk-gate.js';
import { sweepRiskGates } from '../../risk/backtest-gate.js';
import type { RunnableStrategy } from '../../strategies/contract.js';
import type { CandleColumns } from '../../market/candle.js';
import { BacktestRun, type BacktestResult } from '../runner.js';
import { sharedColumns, type SweepSetup, type VariantOutcome, type VariantTask } from './protocol.js';
import { benchmarkFrom, columnsBetween, figuresOf, OutOfSampleChain, SpanGates, spanBars, spanWarmUpMs } from './span-runs.js';

/**
 * Runs variants of one sweep: each is a whole backtest (the same runner, engine and risk gate as
 * `npm run backtest`), whose fills are counted but not kept. With walk-forward folds, each fold's train
 * span and test span is a backtest of its own besides (flat with the starting cash, warmed up on the bars
 * before it, orders refused meanwhile), and the test spans' runs chained make the out-of-sample figures.
 */
export class VariantRunner {
  private readonly candles;
  private readonly benchmark;
  private readonly closeTimes: Float64Array;
  private readonly barMs: number;
  /** One equity curve for every variant this runner runs (they run one after the other). */
  private readonly equity: Float64Array;
  /** Each variant's own risk gate, over the market state worked out once for all of them; null: no gate. */
  private readonly gate: (() => RiskGate) | null;
  /** Walk-forward: how long each span's run warms up before it (see span-runs.ts), its gates, and its equity buffers. */
  private readonly warmUpMs: number;
  private readonly spanGates: SpanGates | null;
  private readonly spanEquity: Float64Array;
  private readonly chainEquity: Float64Array;

  constructor(
    private readonly setup: SweepSetup,
    private readonly strategy: RunnableStrategy,
  ) {
    this.candles = sharedColumns(setup.candles);
    this.benchmark = setup.benchmark === null ? null : sharedColumns(setup.benchmark);
    const times = this.candles.time;
    this.barMs = times.length > 1 ? minimumGap(times) : 60_000;
    this.closeTimes = setup.folds.length === 0 ? new Float64Array(0) : times.map((time) => time + this.barMs);
    this.equity = new Float64Array(times.length);
    const risk = setup.risk;
    const bars = { symbol: setup.symbol, candles: this.candles, benchmark: this.benchmark, timeframe: setup.timeframe, tier: setup.tier ?? 'large', strategy: this.strategy.name };
    const riskOptions = risk === null ? null : risk.config === null ? {} : { config: risk.config };
    this.gate = riskOptions === null ? null : sweepRiskGates(riskOptions, bars);
    const folds = setup.folds.length > 0;
    this.warmUpMs = folds ? spanWarmUpMs(strategy, setup.paramSets, setup.timeframe) : 0;
    this.spanEquity = folds ? new Float64Array(times.length) : this.equity;
    this.chainEquity = folds ? new Float64Array(times.length) : this.equity;
    // Each span's gate sees the span's bars from its warm-up on, as a backtest of them alone would (a fresh regime).
    this.spanGates =
      riskOptions === null || !folds
        ? null
        : new SpanGates(({ warmFrom, end }) => {
            const candles = columnsBetween(this.candles, warmFrom, end);
            const benchmark = this.benchmark === null || candles.time.length === 0 ? null : benchmarkFrom(this.benchmark, candles.time[0]!);
            return sweepRiskGates(riskOptions, { ...bars, candles, benchmark });
          });
  }

  /** In-process strategies run synchronously; a sandboxed file waits for each of its decisions. `onRun`: after each walk-forward span's run. */
  async run(task: VariantTask, onRun: () => void = () => undefined): Promise<VariantOutcome> {
    const result = await this.backtest(task.params, this.candles, this.benchmark, this.gate?.() ?? null, undefined, this.equity);
    const { setup } = this;
    if (setup.folds.length === 0) return { index: task.index, metrics: result.metrics, folds: [], outOfSample: null };
    const first = setup.folds[0]!;
    const start = spanBars(this.candles.time, this.closeTimes, first.trainTo, first.trainTo, 0).first;
    const chain = new OutOfSampleChain(this.chainEquity, this.closeTimes.subarray(start), setup.cash);
    const folds = [];
    for (const [k, fold] of setup.folds.entries()) {
      const train = await this.span(task.params, fold.trainFrom, fold.trainTo);
      onRun();
      const test = await this.span(task.params, fold.trainTo, fold.testTo);
      onRun();
      chain.add(k, test.equity.value, test.trades, test.metrics.finalValue);
      folds.push({ train: figuresOf(train.metrics), test: figuresOf(test.metrics) });
    }
    return { index: task.index, metrics: result.metrics, folds, outOfSample: chain.figures(), warmUpMs: this.warmUpMs };
  }

  /** The variant's own backtest of the bars closing in [from, to): flat with the starting cash, warmed up on the bars before. */
  private span(params: unknown, from: number, to: number): Promise<BacktestResult> {
    const bars = spanBars(this.candles.time, this.closeTimes, from, to, this.warmUpMs);
    const candles = columnsBetween(this.candles, bars.warmFrom, bars.end);
    const benchmark = this.benchmark === null || candles.time.length === 0 ? null : benchmarkFrom(this.benchmark, candles.time[0]!);
    const gate = this.spanGates?.gate(bars) ?? null;
    return this.backtest(params, candles, benchmark, gate, this.candles.time[bars.first] ?? Number.POSITIVE_INFINITY, this.spanEquity);
  }

  private async backtest(params: unknown, candles: CandleColumns, benchmark: CandleColumns | null, gate: RiskGate | null, tradingFrom: number | undefined, equityBuffer: Float64Array): Promise<BacktestResult> {
    const { setup } = this;
    const run = new BacktestRun({
      strategy: this.strategy,
      params,
      candles,
      timeframe: setup.timeframe,
      symbol: setup.symbol,
      cash: setup.cash,
      fee: setup.fee,
      ...(setup.slippage !== undefined ? { slippage: setup.slippage } : {}),
      ...(setup.tier !== undefined ? { tier: setup.tier } : {}),
      priceStep: setup.priceStep,
      ...(benchmark !== null ? { benchmark } : {}),
      ...(gate !== null ? { riskGate: gate } : {}),
      validateIntents: setup.validateIntents,
      keepFills: false,
      equityBuffer,
      ...(tradingFrom !== undefined ? { tradingFrom } : {}),
    });
    // A trader's file (the runs that validate intents) decides in its sandbox: each bar waits for its answer.
    if (setup.validateIntents) await run.stepAsync(Number.POSITIVE_INFINITY);
    else run.step(Number.POSITIVE_INFINITY);
    return run.result();
  }
}

/** The bar length: the smallest spacing of the (validated, ascending) bars. */
function minimumGap(times: Float64Array): number {
  let gap = Infinity;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

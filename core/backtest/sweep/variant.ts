import type { RiskGate } from '../../engine/risk-gate.js';
import { sweepRiskGates } from '../../risk/backtest-gate.js';
import type { RunnableStrategy } from '../../strategies/contract.js';
import { BacktestRun } from '../runner.js';
import { sharedColumns, type SweepSetup, type VariantOutcome, type VariantTask } from './protocol.js';
import { spanFigures } from './walk-forward.js';

/**
 * Runs variants of one sweep: each is a whole backtest (the same runner, engine and risk gate as
 * `npm run backtest`), whose fills are counted but not kept; with walk-forward folds, the run's
 * figures over each fold's train and test spans and over all the test spans together.
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
    this.gate = risk === null ? null : sweepRiskGates(risk.config === null ? {} : { config: risk.config }, bars);
  }

  /** In-process strategies run synchronously; a sandboxed file waits for each of its decisions. */
  async run(task: VariantTask): Promise<VariantOutcome> {
    const { setup } = this;
    const run = new BacktestRun({
      strategy: this.strategy,
      params: task.params,
      candles: this.candles,
      timeframe: setup.timeframe,
      symbol: setup.symbol,
      cash: setup.cash,
      fee: setup.fee,
      ...(setup.slippage !== undefined ? { slippage: setup.slippage } : {}),
      ...(setup.tier !== undefined ? { tier: setup.tier } : {}),
      priceStep: setup.priceStep,
      ...(this.benchmark !== null ? { benchmark: this.benchmark } : {}),
      ...(this.gate !== null ? { riskGate: this.gate() } : {}),
      validateIntents: setup.validateIntents,
      keepFills: false,
      equityBuffer: this.equity,
    });
    // A trader's file (the runs that validate intents) decides in its sandbox: each bar waits for its answer.
    if (setup.validateIntents) await run.stepAsync(Number.POSITIVE_INFINITY);
    else run.step(Number.POSITIVE_INFINITY);
    const result = run.result();
    if (setup.folds.length === 0) return { index: task.index, metrics: result.metrics, folds: [], outOfSample: null };
    const trace = { equity: result.equity.value, closeTimes: this.closeTimes, trades: result.trades, initialCash: setup.cash };
    const folds = setup.folds.map((fold) => ({ train: spanFigures(trace, fold.trainFrom, fold.trainTo), test: spanFigures(trace, fold.trainTo, fold.testTo) }));
    const first = setup.folds[0]!;
    const last = setup.folds[setup.folds.length - 1]!;
    return { index: task.index, metrics: result.metrics, folds, outOfSample: spanFigures(trace, first.trainTo, last.testTo) };
  }
}

/** The bar length: the smallest spacing of the (validated, ascending) bars. */
function minimumGap(times: Float64Array): number {
  let gap = Infinity;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

import type { Timeframe } from '../../market/candle.js';
import type { RiskConfigInput } from '../../risk/config.js';
import type { BacktestMetrics } from '../metrics.js';
import { backtestMarketRules, asColumns } from '../runner.js';
import { finerMessage, finerTimeframe, hasTimeframe, prepareBacktest, type BacktestRequest } from '../setup.js';
import { defaultWorkers, runVariants, type PoolOptions } from './pool.js';
import { shareColumns, type SweepSetup } from './protocol.js';
import { planSweep, SweepSpecError, type PlanOptions } from './spec.js';
import type { StrategyDefinition } from '../../strategies/contract.js';
import { foldsOf, type SpanFigures, type WalkForward } from './walk-forward.js';
import { thisMachine, workerLimit, workersRefusal } from './worker-limit.js';

/** The metrics rows can be sorted by; for these, lower is better. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['maxDrawdown', 'fees']);
import { SWEEP_METRICS } from './metric-names.js';

export { SWEEP_METRICS };
export type SweepMetric = (typeof SWEEP_METRICS)[number];
/** The figures a walk-forward fold can pick its best variant by. */
export type FoldMetric = keyof SpanFigures;

export interface SweepRequest extends Omit<BacktestRequest, 'riskGate' | 'params'> {
  /** Parameters that are not swept (validated with the swept ones). */
  readonly params: unknown;
  /** `{ "fast": [5, 50, 5], "slow": { "values": [20, 60] } }` (see spec.ts). */
  readonly sweep: unknown;
  readonly random?: number;
  readonly seed?: number;
  readonly walkForward?: WalkForward;
  /** What each fold's best variant is chosen by (on its train span); default sharpe. */
  readonly selectBy?: FoldMetric;
  /** null: no risk gate; else each variant runs behind its own gate with this configuration (null config: the defaults). */
  readonly risk: { readonly config: RiskConfigInput | null } | null;
}

export interface SweepRow {
  /** `fast=10 slow=50` */
  readonly id: string;
  /** The swept values. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The full, validated parameters (what "promote" saves). */
  readonly params: unknown;
  readonly metrics: BacktestMetrics;
  /** Walk-forward: the test spans' runs together (returns compounded, trades summed); null without walk-forward. */
  readonly outOfSample: SpanFigures | null;
}

export interface WalkForwardSummary {
  readonly trainMs: number;
  readonly testMs: number;
  readonly selectBy: FoldMetric;
  /**
   * Per fold: the variant best on its train span, and what it then did on the test span — each span's
   * figures those of a backtest of that span alone (flat with the starting cash, warmed up on the bars before it).
   */
  readonly folds: readonly { readonly trainFrom: number; readonly trainTo: number; readonly testTo: number; readonly chosen: string; readonly train: SpanFigures; readonly test: SpanFigures }[];
  /** The test spans' returns of the chosen variants, compounded: the walk-forward estimate of what re-optimising would have earned. */
  readonly outOfSampleReturn: number;
  /** How long each span's run watched the bars before it, orders refused, to warm up (the slowest variant's need; clipped at the data's start). */
  readonly warmUpMs: number;
}

export interface SweepResult {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly workers: number;
  /** The swept parameters. */
  readonly names: readonly string[];
  readonly gridSize: number;
  readonly skipped: number;
  readonly skipReason: string | null;
  readonly rows: readonly SweepRow[];
  readonly walkForward: WalkForwardSummary | null;
  readonly elapsedMs: number;
}

/**
 * A parameter sweep: the data is loaded and checked once, every combination validated before anything
 * runs, then the variants run on worker threads over candles shared with them (SharedArrayBuffer), each
 * a complete backtest. With walk-forward, every fold picks its best variant on the train span and is
 * judged on the test span that follows.
 */
export async function runSweep(request: SweepRequest, pool: PoolOptions): Promise<SweepResult> {
  const started = performance.now();
  const planOptions = { ...(request.random !== undefined ? { random: request.random } : {}), ...(request.seed !== undefined ? { seed: request.seed } : {}) };
  const prepared = await prepareBacktest({ ...request, params: request.params, paramsToCheck: (definition, fitted) => sweptBase(definition, fitted, request.sweep, planOptions) });
  // The workers open the strategy themselves; this sandbox (a file's) was only for checking the request.
  prepared.close();
  const { options, entry } = prepared;
  const base = (options.params ?? {}) as Record<string, unknown>;
  const plan = planSweep(entry.definition, request.sweep, base, planOptions);
  if (entry.builtin) {
    // A variant on bars finer than the data's would fail in its worker: named before anything runs.
    for (const variant of plan.variants) {
      const finer = finerTimeframe(entry.definition, variant.params, options.timeframe);
      if (finer !== null) throw new SweepSpecError(plan.names.includes('timeframe') ? 'timeframe' : 'sweep', `${variant.id}: ${finerMessage(entry.definition.name, finer, options.timeframe, hasTimeframe(variant.params))}`);
    }
  }
  const columns = asColumns(options.candles);
  const barMs = columns.time.length > 1 ? columns.time[1]! - columns.time[0]! : 60_000;
  const folds = request.walkForward ? foldsOf(request.walkForward, columns.time[0]! + barMs, columns.time[columns.time.length - 1]! + barMs) : [];
  const setup: SweepSetup = {
    strategy: entry.definition.name,
    path: entry.builtin ? null : entry.file,
    paramSets: plan.variants.map((variant) => variant.params),
    candles: shareColumns(columns),
    benchmark: options.benchmark === undefined ? null : shareColumns(asColumns(options.benchmark)),
    timeframe: options.timeframe,
    symbol: options.symbol,
    cash: options.cash,
    fee: options.fee,
    ...(options.slippage !== undefined ? { slippage: options.slippage } : {}),
    ...(options.tier !== undefined ? { tier: options.tier } : {}),
    priceStep: backtestMarketRules(options).priceStep,
    risk: request.risk,
    validateIntents: !entry.builtin,
    folds,
  };
  // More threads than the machine holds are refused by name before any starts; the default (every core) stays within it.
  const machine = pool.machine ?? thisMachine();
  const refusal = pool.workers === undefined ? null : workersRefusal(pool.workers, columns.time.length, machine);
  if (refusal !== null) throw new SweepSpecError('workers', refusal);
  const workers = Math.max(1, Math.min(pool.workers ?? Math.min(defaultWorkers(), workerLimit(columns.time.length, machine).max), plan.variants.length));
  // Walk-forward: every variant is also a backtest of each fold's train span and of its test span (progress counts them).
  const outcomes = await runVariants(setup, plan.variants.map((variant, index) => ({ index, params: variant.params })), { ...pool, workers, spanRuns: 2 * folds.length });
  const rows: SweepRow[] = plan.variants.map((variant, i) => ({ id: variant.id, values: variant.values, params: variant.params, metrics: outcomes[i]!.metrics, outOfSample: outcomes[i]!.outOfSample }));
  let walkForward: WalkForwardSummary | null = null;
  if (request.walkForward) {
    const selectBy = request.selectBy ?? 'sharpe';
    const chosen = folds.map((fold, k) => {
      let best = 0;
      for (let i = 1; i < outcomes.length; i++) if (better(outcomes[i]!.folds[k]!.train[selectBy], outcomes[best]!.folds[k]!.train[selectBy], selectBy)) best = i;
      return { ...fold, chosen: rows[best]!.id, train: outcomes[best]!.folds[k]!.train, test: outcomes[best]!.folds[k]!.test };
    });
    const outOfSampleReturn = chosen.reduce((growth, fold) => growth * (1 + fold.test.totalReturn), 1) - 1;
    walkForward = { trainMs: request.walkForward.trainMs, testMs: request.walkForward.testMs, selectBy, folds: chosen, outOfSampleReturn, warmUpMs: outcomes[0]?.warmUpMs ?? 0 };
  }
  return {
    strategy: entry.definition.name,
    symbol: options.symbol,
    timeframe: options.timeframe,
    bars: columns.time.length,
    workers,
    names: plan.names,
    gridSize: plan.gridSize,
    skipped: plan.skipped,
    skipReason: plan.skipReason,
    rows,
    walkForward,
    elapsedMs: performance.now() - started,
  };
}

/**
 * The parameters a sweep's settings are checked with: the fixed ones with the swept ones' defaults, or —
 * when those defaults break a rule over several fields that no variant breaks (fast's default 20 against a
 * fixed slow of 20 while fast is swept from 5 to 10) — the first variant the sweep runs. A fixed value
 * every variant refuses is still refused as before, by its own name.
 */
function sweptBase(definition: StrategyDefinition, fitted: Record<string, unknown>, sweep: unknown, options: PlanOptions): unknown {
  if (definition.params.safeParse(fitted).success) return fitted;
  try {
    return planSweep(definition, sweep, fitted, options).variants[0]!.params;
  } catch {
    return fitted;
  }
}

/** True when `a` ranks above `b` by `metric` (null — no losing trade — ranks a profit factor highest). */
export function better(a: number | null, b: number | null, metric: string): boolean {
  const value = (x: number | null) => (x === null ? Number.POSITIVE_INFINITY : x);
  return LOWER_IS_BETTER.has(metric) ? value(a) < value(b) : value(a) > value(b);
}

import { round } from '../format.js';
import { BOOST_DEFAULTS, BoostedModel, trainBoosted, type BoostedModelJson, type BoostOptions } from './boosted-trees.js';
import { checkExamples, countSources, toMatrix, type ExampleSource, type FilterExample } from './dataset.js';

/** How the model's output joins the strategy's own score. */
export interface ScoreBlend {
  /** The model's share of the setup score (0 = rule only, 1 = model only). */
  readonly weight: number;
  /** Setups scoring below this are skipped. */
  readonly minScore: number;
}

export const BLEND_DEFAULTS: ScoreBlend = { weight: 0.3, minScore: 50 };

/**
 * A setup's score: (1 − w) × the strategy's own score + w × the model's (100 × P(win)). Strategies
 * that give no score count as 50 (neutral), so for them the filter keeps setups the model gives at
 * least an even chance.
 */
export function setupScore(ruleScore: number, pWin: number, weight: number): number {
  return (1 - weight) * ruleScore + weight * 100 * pWin;
}

export interface TrainOptions {
  readonly features: readonly string[];
  readonly blend: ScoreBlend;
  readonly boost?: BoostOptions;
  /** Walk-forward test folds (the data is cut into folds + 1 consecutive slices by decision time). */
  readonly folds?: number;
  /** Examples a fold's model needs; folds with fewer are skipped. */
  readonly minTrain?: number;
  /** Examples a model needs at all. */
  readonly minExamples?: number;
}

export interface FoldResult {
  readonly from: number;
  readonly to: number;
  readonly train: number;
  readonly test: number;
  readonly kept: number;
  /** Sum of returns of every test setup (the strategy's own rules take them all). */
  readonly baselineReturn: number;
  /** Sum of returns of the setups the filter keeps. */
  readonly filteredReturn: number;
}

export interface OutOfSample {
  readonly examples: number;
  readonly kept: number;
  readonly baselineReturn: number;
  readonly filteredReturn: number;
  readonly baselineWinRate: number;
  readonly filteredWinRate: number;
  /** Mean log loss and Brier score of P(win) on the test setups. */
  readonly logLoss: number;
  readonly brier: number;
}

export interface FilterMetrics {
  readonly folds: readonly FoldResult[];
  readonly outOfSample: OutOfSample | null;
}

export interface TrainedFilter {
  readonly features: readonly string[];
  readonly samples: Record<ExampleSource | 'total', number>;
  readonly metrics: FilterMetrics;
  readonly model: BoostedModelJson | null;
  /** True only when out of sample the filtered setups did at least as well as the rule-only baseline. */
  readonly active: boolean;
  readonly status: string;
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
const pct = (value: number) => `${round(value * 100, 2)} %`;

/**
 * Walk-forward validation: each slice of setups (by decision time) is scored by a model trained only on
 * setups whose outcome was known before the slice began. The pooled out-of-sample results decide
 * whether the final model (trained on everything) may be used: never while the setups it keeps made
 * less than the strategy's own rules taking them all.
 */
export function trainFilter(all: readonly FilterExample[], options: TrainOptions): TrainedFilter {
  const features = options.features;
  checkExamples(all, features);
  const examples = [...all].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  const samples = countSources(examples);
  const minExamples = options.minExamples ?? 40;
  const boost = { ...BOOST_DEFAULTS, ...options.boost };
  if (examples.length < minExamples) {
    return { features, samples, metrics: { folds: [], outOfSample: null }, model: null, active: false, status: `inactive: ${examples.length} closed setups, ${minExamples} needed to train` };
  }
  const foldCount = options.folds ?? 4;
  const minTrain = options.minTrain ?? 20;
  const slice = Math.floor(examples.length / (foldCount + 1));
  const folds: FoldResult[] = [];
  const tested: { example: FilterExample; pWin: number; kept: boolean }[] = [];
  for (let k = 1; k <= foldCount; k++) {
    const test = examples.slice(k * slice, k === foldCount ? examples.length : (k + 1) * slice);
    if (test.length === 0) continue;
    const start = test[0]!.time;
    const train = examples.filter((example) => example.time < start && example.closedAt <= start);
    if (train.length < minTrain) continue;
    const fitted = new BoostedModel(fit(train, features, boost));
    const predictions = fitted.predictMany(toMatrix(test, features).X);
    const rows = test.map((example, i) => ({ example, pWin: predictions[i]!.pWin, kept: setupScore(example.features.rule_score ?? 50, predictions[i]!.pWin, options.blend.weight) >= options.blend.minScore }));
    tested.push(...rows);
    folds.push({
      from: start,
      to: test.at(-1)!.time,
      train: train.length,
      test: test.length,
      kept: rows.filter((row) => row.kept).length,
      baselineReturn: round(sum(test.map((e) => e.ret))),
      filteredReturn: round(sum(rows.filter((row) => row.kept).map((row) => row.example.ret))),
    });
  }
  const outOfSample = tested.length === 0 ? null : summarize(tested);
  const model = fit(examples, features, boost);
  if (outOfSample === null || folds.length < 2 || outOfSample.examples < 20) {
    return { features, samples, metrics: { folds, outOfSample }, model, active: false, status: `inactive: walk-forward validation needs at least 2 folds and 20 out-of-sample setups (has ${folds.length} and ${outOfSample?.examples ?? 0})` };
  }
  if (outOfSample.filteredReturn < outOfSample.baselineReturn) {
    return { features, samples, metrics: { folds, outOfSample }, model, active: false, status: `inactive: out of sample the filtered setups made ${pct(outOfSample.filteredReturn)} against ${pct(outOfSample.baselineReturn)} for the rule-only baseline` };
  }
  return { features, samples, metrics: { folds, outOfSample }, model, active: true, status: `active: out of sample the filtered setups made ${pct(outOfSample.filteredReturn)} against ${pct(outOfSample.baselineReturn)} for the rule-only baseline` };
}

function fit(examples: readonly FilterExample[], features: readonly string[], boost: BoostOptions): BoostedModelJson {
  const { X, win, ret } = toMatrix(examples, features);
  return trainBoosted(X, { win, ret }, features, boost);
}

function summarize(rows: readonly { example: FilterExample; pWin: number; kept: boolean }[]): OutOfSample {
  const kept = rows.filter((row) => row.kept);
  const won = (row: { example: FilterExample }) => (row.example.ret > 0 ? 1 : 0);
  const eps = 1e-9;
  const logLoss = sum(rows.map((row) => -(won(row) * Math.log(Math.max(eps, row.pWin)) + (1 - won(row)) * Math.log(Math.max(eps, 1 - row.pWin))))) / rows.length;
  const brier = sum(rows.map((row) => (row.pWin - won(row)) ** 2)) / rows.length;
  return {
    examples: rows.length,
    kept: kept.length,
    baselineReturn: round(sum(rows.map((row) => row.example.ret))),
    filteredReturn: round(sum(kept.map((row) => row.example.ret))),
    baselineWinRate: round(sum(rows.map(won)) / rows.length),
    filteredWinRate: kept.length === 0 ? 0 : round(sum(kept.map(won)) / kept.length),
    logLoss: round(logLoss),
    brier: round(brier),
  };
}

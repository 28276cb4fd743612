import { DecisionTreeRegression, type DecisionTreeRegressionJson } from 'ml-cart';

/**
 * Gradient-boosted regression trees with two outputs — the probability that a setup wins (log-loss)
 * and its expected return (squared loss) — each an additive ensemble of ml-cart's CART regression
 * trees fitted to the negative gradient of its loss (Friedman's stochastic gradient boosting: every
 * tree sees a random subsample of the rows, which also bounds CART's cost per tree).
 */
export interface BoostOptions {
  readonly rounds: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  /** A node with this many rows or fewer becomes a leaf. */
  readonly minLeaf: number;
  /** Rows each tree is fitted on (sampled without replacement). */
  readonly rowsPerTree: number;
  readonly seed: number;
}

export const BOOST_DEFAULTS: BoostOptions = { rounds: 30, learningRate: 0.15, maxDepth: 3, minLeaf: 8, rowsPerTree: 128, seed: 7 };

interface HeadJson {
  readonly base: number;
  readonly trees: readonly DecisionTreeRegressionJson[];
}

export interface BoostedModelJson {
  readonly kind: 'boosted-trees/2';
  readonly features: readonly string[];
  readonly options: BoostOptions;
  readonly heads: { readonly win: HeadJson; readonly ret: HeadJson };
}

export interface Prediction {
  /** Probability the setup closes with a net gain. */
  readonly pWin: number;
  /** Expected net return on cost (0.01 = +1 %). */
  readonly expectedReturn: number;
}

/** Returns beyond ±50 % are clipped: one freak trade must not steer every tree. */
const RETURN_CLIP = 0.5;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function sampleRows(n: number, size: number, next: () => number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  if (size >= n) return indices;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(next() * (n - i));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices.slice(0, size);
}

function boostHead(X: number[][], target: readonly number[], base: number, link: (f: number) => number, options: BoostOptions, next: () => number): HeadJson {
  const scores = new Array<number>(X.length).fill(base);
  const trees: DecisionTreeRegressionJson[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const residuals = target.map((y, i) => y - link(scores[i]!));
    const rows = sampleRows(X.length, options.rowsPerTree, next);
    const tree = new DecisionTreeRegression({ maxDepth: options.maxDepth, minNumSamples: options.minLeaf });
    tree.train(
      rows.map((i) => X[i]!),
      rows.map((i) => residuals[i]!),
    );
    const step = tree.predict(X);
    for (let i = 0; i < X.length; i++) scores[i]! += options.learningRate * (step[i] ?? 0);
    trees.push(JSON.parse(JSON.stringify(tree.toJSON())) as DecisionTreeRegressionJson);
  }
  return { base, trees };
}

/** Fits both heads on rows `X` (one array of feature values per example, in `features` order). */
export function trainBoosted(X: number[][], targets: { readonly win: readonly number[]; readonly ret: readonly number[] }, features: readonly string[], options: BoostOptions = BOOST_DEFAULTS): BoostedModelJson {
  if (X.length === 0) throw new RangeError('no examples to train on');
  const next = random(options.seed);
  const winRate = Math.min(0.99, Math.max(0.01, targets.win.reduce((s, w) => s + w, 0) / targets.win.length));
  const returns = targets.ret.map((r) => Math.max(-RETURN_CLIP, Math.min(RETURN_CLIP, r)));
  const meanReturn = returns.reduce((s, r) => s + r, 0) / returns.length;
  return {
    kind: 'boosted-trees/2',
    features: [...features],
    options,
    heads: {
      win: boostHead(X, targets.win, Math.log(winRate / (1 - winRate)), sigmoid, options, next),
      ret: boostHead(X, returns, meanReturn, (f) => f, options, next),
    },
  };
}

/** A trained model ready to score setups (its trees loaded once). */
export class BoostedModel {
  private readonly win: DecisionTreeRegression[];
  private readonly ret: DecisionTreeRegression[];

  constructor(readonly json: BoostedModelJson) {
    this.win = json.heads.win.trees.map((tree) => DecisionTreeRegression.load(tree));
    this.ret = json.heads.ret.trees.map((tree) => DecisionTreeRegression.load(tree));
  }

  get features(): readonly string[] {
    return this.json.features;
  }

  /** Predictions for many rows at once. */
  predictMany(X: number[][]): Prediction[] {
    if (X.length === 0) return [];
    const rate = this.json.options.learningRate;
    const win = new Array<number>(X.length).fill(this.json.heads.win.base);
    const ret = new Array<number>(X.length).fill(this.json.heads.ret.base);
    for (const tree of this.win) tree.predict(X).forEach((v, i) => (win[i]! += rate * v));
    for (const tree of this.ret) tree.predict(X).forEach((v, i) => (ret[i]! += rate * v));
    return X.map((_, i) => ({ pWin: sigmoid(win[i]!), expectedReturn: ret[i]! }));
  }

  predict(x: number[]): Prediction {
    return this.predictMany([x])[0]!;
  }
}

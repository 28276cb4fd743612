/** Where a training example comes from: a real account, a shadow lane, or a backtest. */
export type ExampleSource = 'live' | 'paper' | 'shadow' | 'backtest';
export const EXAMPLE_SOURCES: readonly ExampleSource[] = ['live', 'paper', 'shadow', 'backtest'];

/** A setup that was taken, with the features known when it was decided and how it ended. */
export interface FilterExample {
  readonly id: string;
  /** When the entry was decided. */
  readonly time: number;
  readonly source: ExampleSource;
  readonly features: Readonly<Record<string, number>>;
  /** Per feature, the time of the newest information it used. */
  readonly featureTimes: Readonly<Record<string, number>>;
  /** When the outcome became known (the trade closed). */
  readonly closedAt: number;
  /** Net return on cost (0.01 = +1 %). */
  readonly ret: number;
}

/** A feature that was not known when its setup was decided: training stops rather than learn from the future. */
export class LeakageError extends Error {
  override readonly name = 'LeakageError';
}

/**
 * Refuses a data set that would teach the model something it cannot know at entry time: a feature
 * read after the decision, an outcome known before it, or a missing or non-finite value.
 */
export function checkExamples(examples: readonly FilterExample[], features: readonly string[]): void {
  for (const example of examples) {
    for (const name of features) {
      const value = example.features[name];
      const seen = example.featureTimes[name];
      if (value === undefined || seen === undefined) throw new LeakageError(`example ${example.id} (${example.source}) has no value or time for feature "${name}"`);
      if (!Number.isFinite(value)) throw new LeakageError(`example ${example.id} (${example.source}): feature "${name}" is ${value}`);
      if (seen > example.time) {
        throw new LeakageError(
          `leakage: feature "${name}" of example ${example.id} (${example.source}) was read at ${new Date(seen).toISOString()}, after the decision at ${new Date(example.time).toISOString()} — features must be known at entry time`,
        );
      }
    }
    if (!(example.closedAt >= example.time)) throw new LeakageError(`example ${example.id} (${example.source}) closed at ${new Date(example.closedAt).toISOString()}, before its decision`);
    if (!Number.isFinite(example.ret)) throw new LeakageError(`example ${example.id} (${example.source}) has no outcome`);
  }
}

/** Rows in `features` order and the two targets: won (net gain) and the return. */
export function toMatrix(examples: readonly FilterExample[], features: readonly string[]): { X: number[][]; win: number[]; ret: number[] } {
  return {
    X: examples.map((example) => features.map((name) => example.features[name]!)),
    win: examples.map((example) => (example.ret > 0 ? 1 : 0)),
    ret: examples.map((example) => example.ret),
  };
}

/** How much each source contributed. */
export function countSources(examples: readonly FilterExample[]): Record<ExampleSource | 'total', number> {
  const counts = { live: 0, paper: 0, shadow: 0, backtest: 0, total: examples.length };
  for (const example of examples) counts[example.source]++;
  return counts;
}

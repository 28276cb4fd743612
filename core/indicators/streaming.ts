/**
 * A streaming indicator takes one input at a time and answers in O(1). `update(input, true)` revises
 * the newest input instead of adding one (a chart's forming bar changes until it closes); the result
 * is null while the indicator warms up. The API matches trading-signals' (`add`, `replace`,
 * `getResult`), so project-local and library indicators are used alike.
 */
export abstract class StreamingIndicator<In, Out> {
  protected result: Out | null = null;

  abstract update(input: In, replace?: boolean): Out | null;

  add(input: In): Out | null {
    return this.update(input, false);
  }

  replace(input: In): Out | null {
    return this.update(input, true);
  }

  getResult(): Out | null {
    return this.result;
  }

  get isStable(): boolean {
    return this.result !== null;
  }
}

/**
 * Indicators keep their scalar state in a plain object plus a copy of it from before the newest
 * input: a revision restores that copy and applies the revised input (O(1), no history kept).
 */
export function checkpoint<S extends object>(state: S, before: S, replace: boolean, hasInput: boolean): void {
  if (replace && hasInput) Object.assign(state, before);
  else Object.assign(before, state);
}

/** A period must be a whole number of inputs, at least `min`: anything else is a programming error named here. */
export function checkPeriod(name: string, period: number, min = 1): number {
  if (!Number.isInteger(period) || period < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${period}`);
  return period;
}

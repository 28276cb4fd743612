import { expect } from 'vitest';

/** Anything fed one close at a time that answers null until its window is full. */
interface Streaming<T> {
  add(input: number): T | null;
}

/**
 * Feeds the same closes to a project indicator and to the library's, checks ours shows nothing while it
 * fills (the first `period - 1` inputs), and answers the worst `distance` between the two afterwards.
 */
export function worstAgreement<T, U>(closes: readonly number[], period: number, ours: Streaming<T>, library: Streaming<U>, distance: (ours: T, library: U) => number): number {
  let worst = 0;
  closes.forEach((close, i) => {
    const a = ours.add(close);
    const b = library.add(close);
    if (i < period - 1) expect(a, `period ${period}, input ${i}`).toBeNull();
    else worst = Math.max(worst, distance(a!, b!));
  });
  return worst;
}

import { SeededRandom } from '../../core/market/random.js';

/** Seeded draws for property tests: a failing case runs again from its seed. */
export function seeded(seed: number): { next: () => number; pick: <T>(items: readonly T[]) => T } {
  const random = new SeededRandom(seed);
  const next = () => random.next();
  return { next, pick: (items) => items[Math.floor(next() * items.length)]! };
}

import { describe, expect, it } from 'vitest';
import { findGaps, internalGaps, mergeGaps, newestFirst, totalBars } from '../../core/market/gaps.js';

const M = 60_000;

describe('gap detection', () => {
  it('finds leading, internal and trailing gaps in a range', () => {
    const times = [2, 3, 4, 7, 8].map((i) => i * M);
    expect(findGaps(times, 0, 10 * M, M)).toEqual([
      { from: 0, to: 2 * M, bars: 2 },
      { from: 5 * M, to: 7 * M, bars: 2 },
      { from: 9 * M, to: 10 * M, bars: 1 },
    ]);
  });

  it('finds nothing in a complete series and everything in an empty one', () => {
    expect(findGaps([0, M, 2 * M], 0, 3 * M, M)).toEqual([]);
    expect(findGaps([], 0, 3 * M, M)).toEqual([{ from: 0, to: 3 * M, bars: 3 }]);
  });

  it('ignores bars outside the range', () => {
    expect(findGaps([-M, 0, 2 * M, 5 * M], 0, 3 * M, M)).toEqual([{ from: M, to: 2 * M, bars: 1 }]);
  });

  it('counts the missing bars inside a file between its first and last bar', () => {
    const times = [0, 1, 2, 5, 6, 10].map((i) => i * 5 * M);
    const gaps = internalGaps(times, 5 * M);
    expect(gaps).toEqual([
      { from: 15 * M, to: 25 * M, bars: 2 },
      { from: 35 * M, to: 50 * M, bars: 3 },
    ]);
    expect(totalBars(gaps)).toBe(5);
  });

  it('orders newest first and merges touching gaps', () => {
    const gaps = [
      { from: 0, to: M, bars: 1 },
      { from: 5 * M, to: 6 * M, bars: 1 },
      { from: M, to: 3 * M, bars: 2 },
    ];
    expect(newestFirst(gaps).map((g) => g.from)).toEqual([5 * M, M, 0]);
    expect(mergeGaps(gaps, M)).toEqual([
      { from: 0, to: 3 * M, bars: 3 },
      { from: 5 * M, to: 6 * M, bars: 1 },
    ]);
  });
});

/**
 * Gaps in a candle series: runs of missing bars. A gap is the half-open range [from, to) of bar
 * open times that should exist on the timeframe's grid but do not.
 */
export interface Gap {
  readonly from: number;
  readonly to: number;
  /** Number of missing bars: (to - from) / step. */
  readonly bars: number;
}

/**
 * Finds the missing bars of [from, to) given the bar times present (sorted ascending, aligned).
 * Returned oldest first; `newestFirst` reverses for backfill order.
 */
export function findGaps(times: ArrayLike<number>, from: number, to: number, stepMs: number): Gap[] {
  const gaps: Gap[] = [];
  let expected = from;
  for (let i = 0; i < times.length; i++) {
    const time = times[i]!;
    if (time < from) continue;
    if (time >= to) break;
    if (time > expected) gaps.push(gap(expected, time, stepMs));
    expected = Math.max(expected, time + stepMs);
  }
  if (expected < to) gaps.push(gap(expected, to, stepMs));
  return gaps;
}

/** Gaps strictly inside a series (between its first and last bar): what a file is missing. */
export function internalGaps(times: ArrayLike<number>, stepMs: number): Gap[] {
  if (times.length < 2) return [];
  return findGaps(times, times[0]!, times[times.length - 1]! + stepMs, stepMs);
}

export function newestFirst(gaps: readonly Gap[]): Gap[] {
  return [...gaps].sort((a, b) => b.from - a.from);
}

/** Joins touching or overlapping gaps; result oldest first. */
export function mergeGaps(gaps: readonly Gap[], stepMs: number): Gap[] {
  const sorted = [...gaps].sort((a, b) => a.from - b.from);
  const merged: Gap[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.from <= last.to) merged[merged.length - 1] = gap(last.from, Math.max(last.to, next.to), stepMs);
    else merged.push(next);
  }
  return merged;
}

export function totalBars(gaps: readonly Gap[]): number {
  return gaps.reduce((sum, g) => sum + g.bars, 0);
}

function gap(from: number, to: number, stepMs: number): Gap {
  return { from, to, bars: Math.round((to - from) / stepMs) };
}

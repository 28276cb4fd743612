/**
 * An equity curve kept as runs of bars over which the account's cash and holdings did not change:
 * bar i's value is `cash + held × marks[i]` of the run it falls in. A backtest's balances change only
 * when something fills, so a million-bar run keeps a few thousand runs instead of writing a
 * million-slot curve on every bar (the fresh pages of which alone cost more than the engine's work on
 * a quiet bar). The per-bar curve is written only when someone reads it; the metrics read the runs.
 * A curve already written out is one run with no cash and one unit held (`x = 0 + 1 × x` exactly).
 */
export class EquityTrack {
  /**
   * First bar of each run, ascending; run k covers bars starts[k] … starts[k + 1] − 1. Typed arrays, grown
   * by doubling: a plain array changes its element kind (integers → doubles) in some runs and not others,
   * and each change throws the optimized bar loop that records into it back to slower code.
   */
  private starts = new Float64Array(64);
  private cash = new Float64Array(64);
  private held = new Float64Array(64);
  private runs = 0;

  constructor(
    /** The price every bar's holdings are marked to (the bars' closes); its length is the curve's. */
    private readonly marks: Float64Array,
  ) {}

  /** A curve given value by value. */
  static of(values: Float64Array): EquityTrack {
    const track = new EquityTrack(values);
    track.change(0, 0, 1);
    return track;
  }

  get length(): number {
    return this.marks.length;
  }

  /** From bar `index` on (until the next change), the account holds `cash` and `held`. */
  change(index: number, cash: number, held: number): void {
    let k = this.runs - 1;
    if (k < 0 || this.starts[k] !== index) {
      k = this.runs++;
      if (k === this.starts.length) this.grow();
      this.starts[k] = index;
    }
    this.cash[k] = cash;
    this.held[k] = held;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const grown = (from: Float64Array) => {
      const to = new Float64Array(size);
      to.set(from);
      return to;
    };
    this.starts = grown(this.starts);
    this.cash = grown(this.cash);
    this.held = grown(this.held);
  }

  /** Bars that ended with holdings. */
  barsHeld(): number {
    let count = 0;
    for (let k = 0; k < this.runs; k++) if (this.held[k]! > 0) count += this.end(k) - this.starts[k]!;
    return count;
  }

  /** The per-bar values, written into `into` (a sweep's reused buffer, when long enough) or a new array. */
  write(into?: Float64Array): Float64Array {
    const bars = this.length;
    const out = into !== undefined && into.length >= bars ? into.subarray(0, bars) : new Float64Array(bars);
    const marks = this.marks;
    for (let k = 0; k < this.runs; k++) {
      const cash = this.cash[k]!;
      const held = this.held[k]!;
      const end = this.end(k);
      for (let i = this.starts[k]!; i < end; i++) out[i] = cash + held * marks[i]!;
    }
    return out;
  }

  /**
   * trading-signals' getMaxDrawdown over [initialCash, ...curve], with the same result. Its per-value
   * drawdown ((peak − value) / peak) × 100 is, for one peak, a monotone function of the value (each
   * correctly rounded step is), so the deepest one under a peak is that of the lowest value before the
   * next peak: one division per peak instead of one per bar. A run without holdings has one value: it
   * is weighed once, as often as it repeats. NaN values are skipped, as the comparisons skip them there.
   */
  maxDrawdown(initialCash: number): number {
    const scan = new DrawdownScan(initialCash);
    const marks = this.marks;
    for (let k = 0; k < this.runs; k++) {
      const held = this.held[k]!;
      const from = this.starts[k]!;
      scan.over(marks, from, held === 0 ? Math.min(from + 1, this.end(k)) : this.end(k), this.cash[k]!, held);
    }
    return scan.deepestPercent() / 100;
  }

  /**
   * The curve at each UTC day's last bar, after `initialCash`: bar i closes at `times[i] + offset`, and a
   * close exactly at midnight belongs to the day before.
   */
  dayCloses(initialCash: number, times: Float64Array, offset: number, dayMs: number): number[] {
    const closes: number[] = [initialCash];
    const bars = this.length;
    if (bars === 0 || this.runs === 0) return closes;
    // A bar's day never decreases along the ascending times, so each day's last bar is found by galloping
    // then halving over the times — a few dozen divisions a day instead of a look at every bar.
    let k = 0;
    let first = 0;
    while (first < bars) {
      const day = Math.floor((times[first]! + offset - 1) / dayMs);
      let last = first; // the day's last bar found so far
      let step = 1;
      while (last + step < bars && Math.floor((times[last + step]! + offset - 1) / dayMs) === day) {
        last += step;
        step *= 2;
      }
      let after = Math.min(last + step, bars); // a bar of a later day, or the end
      while (after - last > 1) {
        const middle = (last + after) >>> 1;
        if (Math.floor((times[middle]! + offset - 1) / dayMs) === day) last = middle;
        else after = middle;
      }
      while (k + 1 < this.runs && this.starts[k + 1]! <= last) k++;
      closes.push(this.cash[k]! + this.held[k]! * this.marks[last]!);
      first = last + 1;
    }
    return closes;
  }

  private end(k: number): number {
    return k + 1 < this.runs ? Math.min(this.length, this.starts[k + 1]!) : this.length;
  }
}

/**
 * The peak, the lowest value since it and the deepest drawdown so far, over run after run of bars. A run's
 * bars are scanned in a call of their own: a loop that runs once per call into maxDrawdown was entered
 * through on-stack replacement on every call, running much of a million bars in slower code.
 */
class DrawdownScan {
  private peak: number = 0;
  /** The lowest value since `peak` was set (the peak itself at first). */
  private lowest: number = 0;
  private deepest: number = 0;

  constructor(initialCash: number) {
    this.peak = initialCash;
    this.lowest = initialCash;
  }

  /** Bars `from` … `end` − 1 valued at `cash + held × marks[i]`. */
  over(marks: Float64Array, from: number, end: number, cash: number, held: number): void {
    let peak = this.peak;
    let lowest = this.lowest;
    let deepest = this.deepest;
    // Bar indices are small integers: as int32 the loop indexes `marks` without a conversion per bar.
    for (let i = from | 0, last = end | 0; i < last; i++) {
      const value = cash + held * marks[i]!;
      if (value > peak) {
        deepest = deeperDrawdown(deepest, peak, lowest);
        peak = value;
        lowest = value;
      } else if (value < lowest) lowest = value;
    }
    this.peak = peak;
    this.lowest = lowest;
    this.deepest = deepest;
  }

  deepestPercent(): number {
    return deeperDrawdown(this.deepest, this.peak, this.lowest);
  }
}

/** The larger of `deepest` and the drawdown (in percent) of `value` under `peak` (0 under a peak ≤ 0). */
function deeperDrawdown(deepest: number, peak: number, value: number): number {
  const drawdown = peak > 0 ? ((peak - value) / peak) * 100 : 0;
  return drawdown > deepest ? drawdown : deepest;
}

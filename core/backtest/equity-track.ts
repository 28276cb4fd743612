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
   * trading-signals' getMaxDrawdown over [initialCash, ...curve], step for step (the same arithmetic, so
   * the same result). A run without holdings has one value: it is weighed once, as often as it repeats.
   */
  maxDrawdown(initialCash: number): number {
    let peak = initialCash;
    let deepest = 0;
    const marks = this.marks;
    for (let k = 0; k < this.runs; k++) {
      const cash = this.cash[k]!;
      const held = this.held[k]!;
      const from = this.starts[k]!;
      const end = held === 0 ? Math.min(from + 1, this.end(k)) : this.end(k);
      for (let i = from; i < end; i++) {
        const value = cash + held * marks[i]!;
        if (value > peak) peak = value;
        const drawdown = peak > 0 ? ((peak - value) / peak) * 100 : 0;
        if (drawdown > deepest) deepest = drawdown;
      }
    }
    return deepest / 100;
  }

  /**
   * The curve at each UTC day's last bar, after `initialCash`: bar i closes at `times[i] + offset`, and a
   * close exactly at midnight belongs to the day before.
   */
  dayCloses(initialCash: number, times: Float64Array, offset: number, dayMs: number): number[] {
    const closes: number[] = [initialCash];
    const bars = this.length;
    if (bars === 0 || this.runs === 0) return closes;
    let k = 0;
    let day = Math.floor((times[0]! + offset - 1) / dayMs);
    // Bars well inside [day start + 1 ms, next day start − 1 ms) are that day without a division (the
    // quotient cannot round across a day with a millisecond to spare); only bars near a boundary divide.
    let inside = day * dayMs + 1;
    let before = (day + 1) * dayMs - 1;
    for (let i = 0; i < bars; i++) {
      let nextDay = Number.NaN;
      if (i + 1 < bars) {
        const next = times[i + 1]! + offset - 1;
        if (next >= inside && next < before) nextDay = day;
        else {
          nextDay = Math.floor(next / dayMs);
          inside = nextDay * dayMs + 1;
          before = (nextDay + 1) * dayMs - 1;
        }
      }
      if (day !== nextDay) {
        while (k + 1 < this.runs && this.starts[k + 1]! <= i) k++;
        closes.push(this.cash[k]! + this.held[k]! * this.marks[i]!);
      }
      day = nextDay;
    }
    return closes;
  }

  private end(k: number): number {
    return k + 1 < this.runs ? Math.min(this.length, this.starts[k + 1]!) : this.length;
  }
}

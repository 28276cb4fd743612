import { checkPeriod, StreamingIndicator } from './streaming.js';

/**
 * Simple moving average in O(1) per update: a running sum over a ring of the last `interval` inputs,
 * kept with Neumaier's compensated summation so that adding the newest input and taking the oldest
 * out millions of times never drifts (the error stays that of summing one window once).
 *
 * Project-local because trading-signals' SMA re-averages its whole window and shifts an array on
 * every update (O(interval)): the hot path of a backtest or a sweep of sma-cross. Its values agree
 * with trading-signals' and TA-Lib's within 1e-9 (relative; `test/refdata/running-sma-talib.test.ts`).
 * `update(input, true)` revises the newest input (a forming bar), like every streaming indicator.
 */
export class RunningSMA extends StreamingIndicator<number, number> {
  /** Initialised with a number: a field declared undefined first holds "any value", and every bar reads this one. */
  readonly interval: number = 0;
  private readonly ring: Float64Array;
  /** Where the next input goes; the oldest input sits there once the ring is full. */
  private next = 0;
  private count = 0;
  private sum = 0;
  private compensation = 0;
  /** The average (NaN while the window fills): a number-only field, so an update allocates nothing. */
  private value = Number.NaN;
  /** The state before the newest input and the ring value it overwrote (plain fields: the hot path). */
  private nextBefore = 0;
  private countBefore = 0;
  private sumBefore = 0;
  private compensationBefore = 0;
  private overwritten = 0;
  private unchanged = false;
  /** The input being pushed (a number-only field: see pushClose). */
  private input = 0;

  constructor(interval: number) {
    super();
    this.interval = checkPeriod('SMA interval', interval);
    this.ring = new Float64Array(interval);
  }

  update(input: number, replace = false): number | null {
    this.push(input, replace);
    return this.count === this.interval ? this.value : null;
  }

  /**
   * `update` without an answer: a method returning a number allocates a heap number for it on every
   * call it is not inlined into, so the hot path (sma-cross, sweeps) pushes and then reads `average`.
   */
  push(input: number, replace = false): void {
    this.input = input;
    this.advance(replace);
  }

  /**
   * `push(bar.close)` without passing the number: a call that is not inlined boxes a number argument into
   * a new heap number, which was sma-cross's one allocation per bar. The bar is read here instead.
   */
  pushClose(bar: { readonly close: number }): void {
    this.input = bar.close;
    this.take();
  }

  /** Takes `this.input` into the window (replacing the newest input when `replace`). */
  private advance(replace: boolean): void {
    if (replace && this.count > 0) {
      this.next = this.nextBefore;
      this.count = this.countBefore;
      this.sum = this.sumBefore;
      this.compensation = this.compensationBefore;
      this.ring[this.next] = this.overwritten;
    }
    this.take();
  }

  /**
   * Takes `this.input` in as a new input. Apart from advance's rarely taken revision branch, so that
   * the per-bar path is small enough for V8 to inline into its caller (sma-cross's onCandle).
   */
  private take(): void {
    const input = this.input;
    this.nextBefore = this.next;
    this.countBefore = this.count;
    this.sumBefore = this.sum;
    this.compensationBefore = this.compensation;
    const slot = this.next;
    const leaving = this.ring[slot]!;
    this.overwritten = leaving;
    this.ring[slot] = input;
    this.next = slot + 1 === this.interval ? 0 : slot + 1;
    // Neumaier's compensated addition, spelled out: the low-order bits a plain `sum += x` loses are
    // kept in `compensation` (a helper taking the number would box it on every call it is not inlined into).
    let sum = this.sum;
    let t = sum + input;
    let compensation = this.compensation + (Math.abs(sum) >= Math.abs(input) ? sum - t + input : input - t + sum);
    sum = t;
    const full = this.count === this.interval;
    this.unchanged = full && leaving === input;
    if (full) {
      t = sum - leaving;
      compensation += Math.abs(sum) >= Math.abs(leaving) ? sum - t - leaving : -leaving - t + sum;
      sum = t;
    } else this.count += 1;
    this.sum = sum;
    this.compensation = compensation;
    this.value = this.count === this.interval ? (sum + compensation) / this.interval : Number.NaN;
  }

  /** The average of the full window; NaN while it fills (a number, never null: reading it allocates nothing). */
  get average(): number {
    return this.value;
  }

  override getResult(): number | null {
    return this.count === this.interval ? this.value : null;
  }

  override get isStable(): boolean {
    return this.count === this.interval;
  }

  /** True once `interval` inputs are held. */
  get isFull(): boolean {
    return this.count === this.interval;
  }

  /** True when the last update pushed out an input equal to the one it took in: the window holds the same numbers. */
  get sameWindow(): boolean {
    return this.unchanged;
  }

  /** The input the next `add` pushes out of a full window (undefined while it fills). */
  get oldest(): number | undefined {
    return this.count === this.interval ? this.ring[this.next] : undefined;
  }

  /**
   * The inputs now averaged, in ring order (not time order): enough for an order-free computation such
   * as a correctly rounded sum. A view of the live ring, valid until the next update.
   */
  get window(): Float64Array {
    return this.count === this.interval ? this.ring : this.ring.subarray(0, this.count);
  }
}

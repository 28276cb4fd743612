import type { Candle } from '../../market/candle.js';

/**
 * Time-windowed rolling statistics over a stream, O(1) amortised per value: each value enters
 * and leaves a ring once. Values older than `time - windowMs` fall out (the value exactly
 * `windowMs` old stays, so a 60-minute window compares now with the close 60 minutes ago).
 *
 * The risk gate pushes several of these on every bar of every backtest, so the ring is spelled out
 * in place (typed arrays, a power-of-two capacity and a mask instead of a modulo). A number handed
 * to a call that is not inlined is boxed (a heap number per call), and the gate's per-bar code is
 * too big to inline everything it calls: so `push` takes the candle itself and reads its time and
 * its own field from it, answers nothing (`value` is read after it), and one class serves every
 * kind (a call site that sees two classes is never inlined).
 */
export type RollingKind = 'max' | 'min' | 'oldest';
/** Which price of a candle a window follows. */
export type RollingField = 'high' | 'low' | 'close';

export class RollingWindow {
  private times = new Float64Array(64);
  private values = new Float64Array(64);
  private mask = 63;
  private head = 0;
  private size = 0;
  /** 1: maximum, -1: minimum, 0: the oldest value (a number: compared on every push). */
  private readonly direction: number;
  /** 1: high, -1: low, 0: close. */
  private readonly field: number;

  /** A number from the start, not a parameter property (see RegimeDetector.barMs): subtracted on every push. */
  readonly windowMs: number = 0;

  constructor(windowMs: number, kind: RollingKind, field: RollingField) {
    this.windowMs = windowMs;
    this.direction = kind === 'max' ? 1 : kind === 'min' ? -1 : 0;
    this.field = field === 'high' ? 1 : field === 'low' ? -1 : 0;
  }

  /**
   * The window's maximum or minimum, or its oldest value still inside; NaN when empty. A field written
   * by push, not a getter: a getter that is not inlined (the gate's per-bar code exhausts the JIT's
   * inlining budget) boxes its answer on every read.
   */
  value = Number.NaN;

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.value = Number.NaN;
  }

  /**
   * Adds the candle's price (its `field`) at its time (times must not go backwards), then drops what
   * fell out of the window. Kept by the candle's open time: every candle's close is its open plus the
   * same bar length, so the window holds exactly the candles it would hold by close time.
   */
  push(candle: Candle): void {
    const time = candle.time;
    const value = this.field > 0 ? candle.high : this.field < 0 ? candle.low : candle.close;
    let size = this.size;
    const direction = this.direction;
    // Values the new one dominates can never be the extreme again (a monotonic ring).
    if (direction > 0) while (size > 0 && this.values[(this.head + size - 1) & this.mask]! <= value) size--;
    else if (direction < 0) while (size > 0 && this.values[(this.head + size - 1) & this.mask]! >= value) size--;
    if (size === this.times.length) this.grow(size);
    const { times, values, mask } = this;
    let head = this.head;
    const at = (head + size) & mask;
    times[at] = time;
    values[at] = value;
    size++;
    const oldest = time - this.windowMs;
    while (size > 1 && times[head]! < oldest) {
      head = (head + 1) & mask;
      size--;
    }
    this.head = head;
    this.size = size;
    this.value = values[head]!;
  }

  private grow(size: number): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    for (let i = 0; i < size; i++) {
      const from = (this.head + i) & this.mask;
      times[i] = this.times[from]!;
      values[i] = this.values[from]!;
    }
    this.times = times;
    this.values = values;
    this.mask = capacity - 1;
    this.head = 0;
  }
}

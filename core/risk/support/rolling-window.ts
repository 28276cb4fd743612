/**
 * Time-windowed rolling statistics over a stream, O(1) amortised per value: each value enters
 * and leaves a ring once. Values older than `time - windowMs` fall out (the value exactly
 * `windowMs` old stays, so a 60-minute window compares now with the close 60 minutes ago).
 * The risk gate pushes several of these on every bar of every backtest, so the ring is spelled out
 * in place: typed arrays, a power-of-two capacity and a mask instead of a modulo.
 */

/** A growable ring of (time, value) pairs, oldest at `head`. */
class TimedRing {
  protected times = new Float64Array(64);
  protected values = new Float64Array(64);
  protected mask = 63;
  protected head = 0;
  protected size = 0;

  constructor(readonly windowMs: number) {}

  /** The oldest value still in the window; NaN when empty. */
  get value(): number {
    return this.size === 0 ? Number.NaN : this.values[this.head]!;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
  }

  /** Appends after the `size` newest kept values, then drops what fell out of the window; returns the front value. */
  protected append(kept: number, time: number, value: number): number {
    let size = kept;
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
    return values[head]!;
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

/** Rolling maximum (or minimum) over a time window: a monotonic ring. */
export class RollingExtreme extends TimedRing {
  private readonly max: boolean;

  constructor(windowMs: number, kind: 'max' | 'min') {
    super(windowMs);
    this.max = kind === 'max';
  }

  /** Adds a value and returns the window's extreme including it. Times must not go backwards. */
  push(time: number, value: number): number {
    const { values, mask, head } = this;
    let size = this.size;
    // Values the new one dominates can never be the extreme again.
    if (this.max) while (size > 0 && values[(head + size - 1) & mask]! <= value) size--;
    else while (size > 0 && values[(head + size - 1) & mask]! >= value) size--;
    return this.append(size, time, value);
  }
}

/** The oldest value still inside a time window (for net change: close now vs close `windowMs` ago). */
export class RollingOldest extends TimedRing {
  push(time: number, value: number): number {
    return this.append(this.size, time, value);
  }
}

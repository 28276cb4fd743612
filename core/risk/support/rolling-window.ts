/**
 * Time-windowed rolling statistics over a stream, O(1) amortised per value: each value enters
 * and leaves a deque once. Values older than `time - windowMs` fall out (the value exactly
 * `windowMs` old stays, so a 60-minute window compares now with the close 60 minutes ago).
 */

/** A growable ring of (time, value) pairs; both ends O(1). */
class TimedDeque {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0;
  private size = 0;

  constructor(capacity = 64) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  frontTime(): number {
    return this.times[this.head]!;
  }
  frontValue(): number {
    return this.values[this.head]!;
  }
  backValue(): number {
    return this.values[this.wrap(this.head + this.size - 1)]!;
  }

  pushBack(time: number, value: number): void {
    if (this.size === this.times.length) this.grow();
    const index = this.wrap(this.head + this.size);
    this.times[index] = time;
    this.values[index] = value;
    this.size += 1;
  }

  popFront(): void {
    this.head = this.wrap(this.head + 1);
    this.size -= 1;
  }

  /** `index % capacity` for 0 ≤ index < 2 × capacity, without a division (this runs several times per candle). */
  private wrap(index: number): number {
    return index >= this.times.length ? index - this.times.length : index;
  }

  popBack(): void {
    this.size -= 1;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    for (let i = 0; i < this.size; i += 1) {
      const from = (this.head + i) % this.times.length;
      times[i] = this.times[from]!;
      values[i] = this.values[from]!;
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}

/** Rolling maximum (or minimum) over a time window: a monotonic deque. */
export class RollingExtreme {
  private readonly deque = new TimedDeque();

  constructor(
    readonly windowMs: number,
    private readonly kind: 'max' | 'min',
  ) {}

  /** Adds a value and returns the window's extreme including it. Times must not go backwards. */
  push(time: number, value: number): number {
    if (this.kind === 'max') {
      while (this.deque.length > 0 && this.deque.backValue() <= value) this.deque.popBack();
    } else {
      while (this.deque.length > 0 && this.deque.backValue() >= value) this.deque.popBack();
    }
    this.deque.pushBack(time, value);
    this.evict(time);
    return this.deque.frontValue();
  }

  /** The extreme of the values still in the window; NaN when empty. */
  get value(): number {
    return this.deque.length === 0 ? Number.NaN : this.deque.frontValue();
  }

  reset(): void {
    this.deque.clear();
  }

  private evict(time: number): void {
    const oldest = time - this.windowMs;
    while (this.deque.length > 1 && this.deque.frontTime() < oldest) this.deque.popFront();
  }
}

/** The oldest value still inside a time window (for net change: close now vs close `windowMs` ago). */
export class RollingOldest {
  private readonly deque = new TimedDeque();

  constructor(readonly windowMs: number) {}

  push(time: number, value: number): number {
    this.deque.pushBack(time, value);
    const oldest = time - this.windowMs;
    while (this.deque.length > 1 && this.deque.frontTime() < oldest) this.deque.popFront();
    return this.deque.frontValue();
  }

  get value(): number {
    return this.deque.length === 0 ? Number.NaN : this.deque.frontValue();
  }

  reset(): void {
    this.deque.clear();
  }
}

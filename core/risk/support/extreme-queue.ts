/**
 * A monotonic queue over a ring of prices indexed by bar number: the bars that are still the highest
 * (direction 1) or lowest (-1) of everything after them, oldest first, so the front is the extreme of
 * the bars kept. O(1) amortised per bar: each bar enters and leaves once.
 *
 * PriceWindows keeps one per max/min window, and only while the window's exact extreme is being asked
 * for (a measure near its threshold): rebuilt from the ring when asked after a pause, fed each bar
 * after that, and let go once unused for a while (longer each time it is asked for again soon after).
 */
export class ExtremeQueue {
  /** The candle count the queue is current with (−1: not kept). */
  upTo = -1;
  /** The count at its last use, how many bars without use it is kept for, and when it was last let go. */
  lastUse = 0;
  keepFor = 0;
  releasedAt = Number.NEGATIVE_INFINITY;
  private bars = new Int32Array(64);
  private head = 0;
  private size = 0;

  constructor(
    /** 1: highest, -1: lowest (a number: compared on every add). */
    private readonly direction: number,
  ) {}

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  /** Adds bar `bar` (its price in `prices` at `bar & mask`); the bars it outranks can never be the extreme again. */
  add(bar: number, prices: Float64Array, mask: number): void {
    const price = prices[bar & mask]!;
    const ring = this.bars.length - 1;
    let size = this.size;
    if (this.direction > 0) while (size > 0 && prices[this.bars[(this.head + size - 1) & ring]! & mask]! <= price) size--;
    else while (size > 0 && prices[this.bars[(this.head + size - 1) & ring]! & mask]! >= price) size--;
    if (size === this.bars.length) this.grow(size);
    this.bars[(this.head + size) & (this.bars.length - 1)] = bar;
    this.size = size + 1;
  }

  /** Drops the bars before bar number `first` (never the newest); returns the front bar: the extreme's. */
  evict(first: number): number {
    const ring = this.bars.length - 1;
    while (this.size > 1 && this.bars[this.head]! < first) {
      this.head = (this.head + 1) & ring;
      this.size--;
    }
    return this.bars[this.head]!;
  }

  private grow(size: number): void {
    const bars = new Int32Array(this.bars.length * 2);
    for (let i = 0; i < size; i++) bars[i] = this.bars[(this.head + i) & (this.bars.length - 1)]!;
    this.bars = bars;
    this.head = 0;
  }
}

import type { Candle } from '../../market/candle.js';
import { ExtremeQueue } from './extreme-queue.js';
import type { RollingField } from './rolling-window.js';

/**
 * Trailing time windows over one price of a candle stream, for measures that are compared with a
 * threshold on every candle but seldom come near it (the market regime's drops and rises).
 *
 * A candle costs a ring write and two compares, whatever the number of windows; each window's bound
 * is refreshed once per BLOCK bars:
 *  - `max` / `min`: at every BLOCK-th bar, the window's extreme over the completed blocks it overlaps
 *    (kept per window as two stacks of block extremes, O(1) amortised); until the next such bar, the
 *    window's highest price is at most the larger of that and the highest price since (`currentMax`) —
 *    its window only moved forward (`min` likewise, with `currentMin`);
 *  - `oldest`: the highest price among the bars that can be the window's oldest until `validUntil`.
 * `measure` gives the exact value: only when a bound cannot decide, or a measure is shown (a monotonic
 * queue per window, kept while it is asked for).
 *
 * A window of `windowMs` holds the bars whose time is at least `time − windowMs` (the bar exactly
 * `windowMs` old stays) and always the newest, kept by open time (every bar's close is its open plus
 * the same bar length). Times must not go backwards. Bar numbers are int32 (2^31 bars: 4,000 years of 1m bars).
 */
export type PriceWindowKind = 'max' | 'min' | 'oldest';

const BLOCK_BITS = 4;
const BLOCK = 1 << BLOCK_BITS;

export class PriceWindows {
  /**
   * Per window (index from `window`), refreshed once per block: `max` the highest price of the
   * completed blocks it overlaps, `min` the lowest, `oldest` the highest price its oldest bar can have
   * until `validUntil`. Fields, not getters: the per-bar caller reads them in line.
   */
  blockBounds = new Float64Array(0);
  /** The highest and lowest price since the last block bound refresh. */
  currentMax = Number.NEGATIVE_INFINITY;
  currentMin = Number.POSITIVE_INFINITY;
  /** The newest bar's price and time; NaN before the first. */
  latest = Number.NaN;
  latestTime = Number.NaN;
  /** Bars pushed so far: a stamp that moves with every candle. */
  count = 0;
  /** 1 high, -1 low, 0 close. */
  private readonly field: number;
  private capacity = 64;
  private times: Float64Array = new Float64Array(64);
  private prices: Float64Array = new Float64Array(64);
  /** Per window: its length, 1 max / -1 min / 0 oldest, the number of its oldest bar as last advanced. */
  private spans = new Float64Array(0);
  private kinds = new Int8Array(0);
  private heads = new Int32Array(0);
  /** Per `oldest` window: until when (a candle's time) its block bound holds. */
  private validUntil = new Float64Array(0);
  /** The furthest-reaching max/min window: the oldest block kept. */
  private widestBlocks = -1;
  /** Extremes of every completed block by block number. */
  private blockCapacity = 16;
  private blockMax: Float64Array = new Float64Array(16);
  private blockMin: Float64Array = new Float64Array(16);
  private blocks = 0;
  /** The earliest `validUntil` of the `oldest` windows (−∞ before the first candle, +∞ without such windows). */
  private oldestValid = Number.NEGATIVE_INFINITY;
  /** At most every window's head (heads only move forward): the ring keeps the bars from here on. */
  private keptFrom = 0;
  /** Per window, its exact value on candle number `exactAt` (see `measure`). */
  exactValues = new Float64Array(0);
  private exactAt = new Float64Array(0);
  /**
   * Per max/min window, its completed blocks as two stacks: blocks [first, split) hold in `suffixes`
   * their extreme up to `split`, blocks from `split` on are folded into `backs`. The window's start
   * leaving a block costs nothing; when it passes `split`, the older stack is rebuilt in one loop
   * (each block enters it once): O(1) amortised per block, however long the window.
   */
  private splits = new Int32Array(0);
  private backs = new Float64Array(0);
  private suffixes: Float64Array[] = [];
  /** Per window: its monotonic queue (max/min; null for oldest), kept only while asked (see `measure`), and how many are kept. */
  private readonly queues: (ExtremeQueue | null)[] = [];
  private activeQueues = 0;

  constructor(field: RollingField) {
    this.field = field === 'high' ? 1 : field === 'low' ? -1 : 0;
  }

  /** Adds a window (before the first candle); returns its index. Equal requests share one window. */
  window(windowMs: number, kind: PriceWindowKind): number {
    if (this.count > 0) throw new Error('PriceWindows: windows are added before the first candle');
    const code = kind === 'max' ? 1 : kind === 'min' ? -1 : 0;
    for (let w = 0; w < this.spans.length; w++) if (this.spans[w] === windowMs && this.kinds[w] === code) return w;
    const w = this.spans.length;
    this.spans = append(this.spans, windowMs);
    this.kinds = append(this.kinds, code);
    this.heads = append(this.heads, 0);
    this.validUntil = append(this.validUntil, Number.NEGATIVE_INFINITY);
    this.blockBounds = append(this.blockBounds, code > 0 ? Number.NEGATIVE_INFINITY : code < 0 ? Number.POSITIVE_INFINITY : Number.NaN);
    this.exactAt = append(this.exactAt, -1);
    this.exactValues = append(this.exactValues, Number.NaN);
    this.queues.push(code === 0 ? null : new ExtremeQueue(code));
    this.splits = append(this.splits, 0);
    this.backs = append(this.backs, code > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    this.suffixes.push(new Float64Array(code === 0 ? 0 : this.blockCapacity));
    if (code !== 0 && (this.widestBlocks < 0 || windowMs > this.spans[this.widestBlocks]!)) this.widestBlocks = w;
    return w;
  }

  push(candle: Candle): void {
    const time = candle.time;
    const price = this.field > 0 ? candle.high : this.field < 0 ? candle.low : candle.close;
    if (this.count - this.keptFrom === this.capacity) this.grow();
    const at = this.count & (this.capacity - 1);
    this.times[at] = time;
    this.prices[at] = price;
    this.count++;
    this.latest = price;
    this.latestTime = time;
    if (price > this.currentMax) this.currentMax = price;
    if (price < this.currentMin) this.currentMin = price;
    if ((this.count & (BLOCK - 1)) === 0) this.refreshBlocks();
    if (time > this.oldestValid) this.refreshOldest();
    if (this.activeQueues > 0) this.feedQueues();
  }

  /**
   * Writes into `exactValues[w]` the window's exact highest (max), lowest (min) or oldest price on the
   * last candle; NaN before the first. A max/min window asked on consecutive candles (a measure held
   * near its threshold) keeps a monotonic queue, fed each bar, so that asking stays O(1) amortised.
   */
  measure(w: number): void {
    const count = this.count;
    if (this.exactAt[w] === count) return;
    const head = this.advance(w);
    const mask = this.capacity - 1;
    const queue = this.queues[w];
    if (count === 0) this.exactValues[w] = Number.NaN;
    else if (queue === undefined || queue === null) this.exactValues[w] = this.prices[head & mask]!;
    else {
      if (queue.upTo !== count) {
        if (queue.upTo < 0) this.activeQueues++;
        queue.clear();
        for (let n = head; n < count; n++) queue.add(n, this.prices, mask);
        queue.upTo = count;
        // Kept a while after its last use; asked again soon after letting go (the rebuild of `count − head`
        // bars came too early to pay off), it is kept twice as long, up to as long as a rebuild takes bars.
        queue.keepFor = count - queue.releasedAt < count - head ? Math.min(count - head, queue.keepFor * 2) : BLOCK * 4;
      }
      queue.lastUse = count;
      this.exactValues[w] = this.prices[queue.evict(head) & mask]!;
    }
    this.exactAt[w] = count;
  }

  /** Feeds the newest bar to every kept queue; lets go of those unused for long. */
  private feedQueues(): void {
    const mask = this.capacity - 1;
    const newest = this.count - 1;
    for (let w = 0; w < this.queues.length; w++) {
      const queue = this.queues[w];
      if (queue === undefined || queue === null || queue.upTo < 0) continue;
      if (newest - queue.lastUse >= queue.keepFor) {
        queue.upTo = -1;
        queue.releasedAt = this.count;
        this.activeQueues--;
        continue;
      }
      queue.add(newest, this.prices, mask);
      queue.evict(this.advance(w));
      queue.upTo = this.count;
    }
  }

  /** Moves window w's start past the bars that fell out of it at the newest bar's time; returns it. */
  private advance(w: number): number {
    const mask = this.capacity - 1;
    const newest = this.count - 1;
    const oldest = this.latestTime - this.spans[w]!;
    let head = this.heads[w]!;
    while (head < newest && this.times[head & mask]! < oldest) head++;
    this.heads[w] = head;
    return head;
  }

  /** A block is complete: its extremes are kept, and every max/min window's bound is folded again. */
  private refreshBlocks(): void {
    const keepFrom = this.widestBlocks >= 0 ? this.heads[this.widestBlocks]! >> BLOCK_BITS : this.blocks;
    if (this.blocks - keepFrom >= this.blockCapacity) this.growBlocks(keepFrom);
    const blockMask = this.blockCapacity - 1;
    // The block's extremes are those since the last refresh, which was at its start.
    this.blockMax[this.blocks & blockMask] = this.currentMax;
    this.blockMin[this.blocks & blockMask] = this.currentMin;
    this.blocks++;
    const newest = this.blocks - 1;
    for (let w = 0; w < this.spans.length; w++) {
      const kind = this.kinds[w]!;
      if (kind === 0) continue;
      const extreme = kind > 0 ? this.blockMax[newest & blockMask]! : this.blockMin[newest & blockMask]!;
      const back = this.backs[w]!;
      this.backs[w] = kind > 0 ? (extreme > back ? extreme : back) : extreme < back ? extreme : back;
      const first = this.advance(w) >> BLOCK_BITS;
      if (first >= this.splits[w]!) this.rebuildBlocks(w, first);
      const older = this.suffixes[w]![first & blockMask]!;
      const newer = this.backs[w]!;
      this.blockBounds[w] = kind > 0 ? (older > newer ? older : newer) : older < newer ? older : newer;
    }
    // Every bar from here on is in the windows' bounds through `currentMax` / `currentMin`.
    this.currentMax = Number.NEGATIVE_INFINITY;
    this.currentMin = Number.POSITIVE_INFINITY;
  }

  /** Every completed block from `first` on into window w's older stack; the newer one starts empty. */
  private rebuildBlocks(w: number, first: number): void {
    const kind = this.kinds[w]!;
    const blockMask = this.blockCapacity - 1;
    const suffix = this.suffixes[w]!;
    const source = kind > 0 ? this.blockMax : this.blockMin;
    let value = kind > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (let b = this.blocks - 1; b >= first; b--) {
      const extreme = source[b & blockMask]!;
      if (kind > 0 ? extreme > value : extreme < value) value = extreme;
      suffix[b & blockMask] = value;
    }
    this.splits[w] = this.blocks;
    this.backs[w] = kind > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /**
   * Each `oldest` window whose bound ran out: from its oldest bar now, the highest price of the next
   * BLOCK bars, which holds while the window's start stays among them.
   */
  private refreshOldest(): void {
    const time = this.latestTime;
    const mask = this.capacity - 1;
    const newest = this.count - 1;
    let earliest = Number.POSITIVE_INFINITY;
    for (let w = 0; w < this.spans.length; w++) {
      if (this.kinds[w] !== 0) continue;
      if (time <= this.validUntil[w]!) {
        earliest = Math.min(earliest, this.validUntil[w]!);
        continue;
      }
      const head = this.advance(w);
      const last = Math.min(newest, head + BLOCK - 1);
      let value = this.prices[head & mask]!;
      for (let n = head + 1; n <= last; n++) if (this.prices[n & mask]! > value) value = this.prices[n & mask]!;
      this.blockBounds[w] = value;
      // A later candle's oldest bar is among [head, last] while its time − windowMs ≤ the time of `last`.
      this.validUntil[w] = this.times[last & mask]! + this.spans[w]!;
      earliest = Math.min(earliest, this.validUntil[w]!);
    }
    this.oldestValid = earliest;
  }

  /** The ring is full from `keptFrom` on: the bars before every window's start are let go, else the ring doubles (keeping each bar at its number). */
  private grow(): void {
    let from = this.count;
    for (let w = 0; w < this.heads.length; w++) from = Math.min(from, this.heads[w]!);
    this.keptFrom = from;
    if (this.count - from < this.capacity) return;
    const capacity = this.capacity * 2;
    this.times = regrow(this.times, from, this.count, capacity);
    this.prices = regrow(this.prices, from, this.count, capacity);
    this.capacity = capacity;
  }

  private growBlocks(from: number): void {
    const capacity = this.blockCapacity * 2;
    this.blockMax = regrow(this.blockMax, from, this.blocks, capacity);
    this.blockMin = regrow(this.blockMin, from, this.blocks, capacity);
    this.suffixes = this.suffixes.map((suffix) => (suffix.length === 0 ? suffix : regrow(suffix, from, this.blocks, capacity)));
    this.blockCapacity = capacity;
  }
}

/** A ring of `capacity` holding `ring`'s entries [from, to) at the same numbers. */
function regrow(ring: Float64Array, from: number, to: number, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  const oldMask = ring.length - 1;
  for (let n = from; n < to; n++) next[n & (capacity - 1)] = ring[n & oldMask]!;
  return next;
}

/** `array` with `value` appended (set-up only). */
function append<T extends Float64Array | Int32Array | Int8Array>(array: T, value: number): T {
  const next = new (array.constructor as new (length: number) => T)(array.length + 1);
  next.set(array);
  next[array.length] = value;
  return next;
}

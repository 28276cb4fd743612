import type { Candle } from '../../market/candle.js';

/**
 * Trailing time windows over a candle stream's prices, for measures that are compared with a threshold
 * on every candle but seldom come near it (the market regime's drops and rises, a symbol's volatility).
 * `max` windows (and `oldest` ones) follow one price of each candle (`maxField`: the close for the
 * regime, the high for volatility), `min` windows another or the same (`minField`: the close, the low).
 *
 * A candle costs a ring write and two compares, whatever the number of windows; each window's bound
 * is refreshed once per BLOCK bars or so:
 *  - `max` / `min`: at every BLOCK-th bar, the window's extreme over the completed blocks it overlaps
 *    (kept per window as two stacks of block extremes, O(1) amortised); until the next such bar, the
 *    window's highest price is at most the larger of that and the highest price since (`currentMax`) —
 *    its window only moved forward (`min` likewise, with `currentMin`);
 *  - `oldest`: the highest price among the bars that can be the window's oldest until `validUntil`.
 * `measure` gives the exact value, only when a bound cannot decide or a measure is shown: at most two
 * blocks of bars read, plus the window's block stacks.
 *
 * A window of `windowMs` holds the bars whose time is at least `time − windowMs` (the bar exactly
 * `windowMs` old stays) and always the newest, kept by open time (every bar's close is its open plus
 * the same bar length). Times must not go backwards. Bar numbers are int32 (2^31 bars: 4,000 years of 1m bars).
 */
export type PriceWindowKind = 'max' | 'min' | 'oldest';
/** Which price of a candle a window follows. */
export type PriceField = 'high' | 'low' | 'close';

const BLOCK_BITS = 4;
/** Bars per block (exported for the brute-force checks of `inner`). */
export const BLOCK = 1 << BLOCK_BITS;

export class PriceWindows {
  /**
   * Per window (index from `window`), refreshed once per block: `max` the highest price of the
   * completed blocks it overlaps, `min` the lowest, `oldest` the highest price its oldest bar can have
   * until `validUntil`. Fields, not getters: the per-bar caller reads them in line.
   */
  blockBounds = new Float64Array(0);
  /** Per `oldest` window, with `blockBounds`: the lowest price its oldest bar can have until `validUntil`. */
  oldestLows = new Float64Array(0);
  /** The highest `maxField` and lowest `minField` price since the last block bound refresh. */
  currentMax = Number.NEGATIVE_INFINITY;
  currentMin = Number.POSITIVE_INFINITY;
  /** The newest bar's `maxField` price and time; NaN before the first. */
  latest = Number.NaN;
  latestTime = Number.NaN;
  /** Bars pushed so far: a stamp that moves with every candle. */
  count = 0;
  /**
   * Stamps of the bounds: `extremesVersion` moves when the max/min windows' `blockBounds` are refreshed
   * (and `currentMax` / `currentMin` start over), `oldestVersion` when an `oldest` window's is. Bounds
   * read at one stamp stand until it moves.
   */
  extremesVersion = 0;
  oldestVersion = 0;
  /** Per window, its exact value on candle number `exactAt` (see `measure`), and a bound from inside it (see `inner`). */
  exactValues = new Float64Array(0);
  innerValues = new Float64Array(0);
  /** 1 high, -1 low, 0 close; whether min windows read a price of their own (`lows`) or `highs`. */
  private readonly maxField: number;
  private readonly minField: number;
  private readonly twoFields: boolean;
  private capacity = 64;
  private times: Float64Array = new Float64Array(64);
  /** The rings of `maxField` and `minField` prices (one array when the fields are the same). */
  private highs: Float64Array = new Float64Array(64);
  private lows: Float64Array = this.highs;
  /** Per window: its length, 1 max / -1 min / 0 oldest, the number of its oldest bar as last advanced. */
  private spans = new Float64Array(0);
  private kinds = new Int8Array(0);
  private heads = new Int32Array(0);
  /** Per `oldest` window: until when (a candle's time) its block bound holds. */
  private validUntil = new Float64Array(0);
  /** The furthest-reaching window: the oldest block kept. */
  private widest = -1;
  /** Extremes of every completed block by block number. */
  private blockCapacity = 16;
  private blockMax: Float64Array = new Float64Array(16);
  private blockMin: Float64Array = new Float64Array(16);
  private blocks = 0;
  /** The earliest `validUntil` of the `oldest` windows (−∞ before the first candle, +∞ without such windows). */
  private oldestValid = Number.NEGATIVE_INFINITY;
  /** At most every window's head (heads only move forward): the ring keeps the bars from here on. */
  private keptFrom = 0;
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
  /** Per window, `inner`'s kept parts (see keepInner): the block refresh they were read at, the time of its first block's last bar, whether the current prices count, the blocks' extreme. */
  private innerAt = new Float64Array(0);
  private innerLast = new Float64Array(0);
  private innerCurrent = new Uint8Array(0);
  private innerBlocks = new Float64Array(0);

  constructor(maxField: PriceField, minField: PriceField = maxField) {
    this.maxField = fieldCode(maxField);
    this.minField = fieldCode(minField);
    this.twoFields = maxField !== minField;
    if (this.twoFields) this.lows = new Float64Array(64);
  }

  /** Adds a window (before the first candle); returns its index. Equal requests share one window. */
  window(windowMs: number, kind: PriceWindowKind): number {
    if (this.count > 0) throw new Error('PriceWindows: windows are added before the first candle');
    if (kind === 'oldest' && this.twoFields) throw new Error('PriceWindows: oldest windows follow a single price field');
    const code = kind === 'max' ? 1 : kind === 'min' ? -1 : 0;
    for (let w = 0; w < this.spans.length; w++) if (this.spans[w] === windowMs && this.kinds[w] === code) return w;
    const w = this.spans.length;
    this.spans = append(this.spans, windowMs);
    this.kinds = append(this.kinds, code);
    this.heads = append(this.heads, 0);
    this.validUntil = append(this.validUntil, Number.NEGATIVE_INFINITY);
    this.blockBounds = append(this.blockBounds, code > 0 ? Number.NEGATIVE_INFINITY : code < 0 ? Number.POSITIVE_INFINITY : Number.NaN);
    this.oldestLows = append(this.oldestLows, Number.NaN);
    this.exactAt = append(this.exactAt, -1);
    this.exactValues = append(this.exactValues, Number.NaN);
    this.innerValues = append(this.innerValues, Number.NaN);
    this.splits = append(this.splits, 0);
    this.backs = append(this.backs, code > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    this.suffixes.push(new Float64Array(code === 0 ? 0 : this.blockCapacity));
    this.innerAt = append(this.innerAt, -1);
    this.innerLast = append(this.innerLast, Number.NEGATIVE_INFINITY);
    this.innerCurrent = append(this.innerCurrent, 0);
    this.innerBlocks = append(this.innerBlocks, Number.NaN);
    if (this.widest < 0 || windowMs > this.spans[this.widest]!) this.widest = w;
    return w;
  }

  push(candle: Candle): void {
    const time = candle.time;
    const high = this.maxField > 0 ? candle.high : this.maxField < 0 ? candle.low : candle.close;
    if (this.count - this.keptFrom === this.capacity) this.grow();
    const at = this.count & (this.capacity - 1);
    this.times[at] = time;
    this.highs[at] = high;
    this.count++;
    this.latest = high;
    this.latestTime = time;
    if (high > this.currentMax) this.currentMax = high;
    if (this.twoFields) {
      const low = this.minField > 0 ? candle.high : this.minField < 0 ? candle.low : candle.close;
      this.lows[at] = low;
      if (low < this.currentMin) this.currentMin = low;
    } else if (high < this.currentMin) this.currentMin = high;
    if ((this.count & (BLOCK - 1)) === 0) this.refreshBlocks();
    if (time > this.oldestValid) this.refreshOldest();
  }

  /**
   * Writes into `exactValues[w]` the window's exact highest (max), lowest (min) or oldest price on the
   * last candle (NaN before the first). A max/min window is measured from its blocks: the bars of the
   * block its start is in, then `inner`'s — at most 2 BLOCK bars read, however long the window.
   */
  measure(w: number): void {
    const count = this.count;
    if (this.exactAt[w] === count) return;
    const head = this.advance(w);
    const kind = this.kinds[w]!;
    if (count === 0 || kind === 0) this.exactValues[w] = count === 0 ? Number.NaN : this.highs[head & (this.capacity - 1)]!;
    else {
      const firstWhole = (head >> BLOCK_BITS) + 1;
      const inner = this.innerOf(w, kind, head);
      this.exactValues[w] = this.extremeOf(kind, head, Math.min(count, firstWhole << BLOCK_BITS), inner);
    }
    this.exactAt[w] = count;
  }

  /**
   * Writes into `innerValues[w]` the highest (max) or lowest (min) price of a max/min window's bars from
   * the first block that starts inside it on: all of them are inside, so this is at most the window's
   * highest price (at least its lowest), and equal to it unless that is among the first block's bars.
   * O(1) amortised: the window's block stacks and the price since the last completed block.
   */
  inner(w: number): void {
    if (this.count === 0) {
      this.innerValues[w] = Number.NaN;
      return;
    }
    // innerOf's parts that move only with the window's first whole block and the completed blocks
    // (both stand until the start leaves its block or the next block refresh), kept: a caller may ask on every bar.
    if (this.innerAt[w] !== this.extremesVersion || this.innerLast[w]! < this.latestTime - this.spans[w]!) this.keepInner(w);
    const kind = this.kinds[w]!;
    const newest = (this.count - 1) & (this.capacity - 1);
    let value = kind > 0 ? this.highs[newest]! : this.lows[newest]!;
    if (this.innerCurrent[w] === 1) {
      const current = kind > 0 ? this.currentMax : this.currentMin;
      if (kind > 0 ? current > value : current < value) value = current;
    }
    const blocks = this.innerBlocks[w]!;
    if (kind > 0 ? blocks > value : blocks < value) value = blocks;
    this.innerValues[w] = value;
  }

  /**
   * Window w's first whole block (from its start now) decides innerOf's other parts: whether the prices
   * since the last completed block count, and the extreme of the completed blocks from it on (∓∞: none).
   * They stand until the next block refresh or until the start leaves its block: when that block's last
   * bar falls out (advance's comparison), known once that bar exists (until then they are worked out per call).
   */
  private keepInner(w: number): void {
    const kind = this.kinds[w]!;
    const head = this.advance(w);
    const firstWhole = (head >> BLOCK_BITS) + 1;
    this.innerCurrent[w] = firstWhole <= this.blocks ? 1 : 0;
    let blocks = kind > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (firstWhole < this.blocks) {
      if (firstWhole >= this.splits[w]!) this.rebuildBlocks(w, head >> BLOCK_BITS);
      const older = this.suffixes[w]![firstWhole & (this.blockCapacity - 1)]!;
      const newer = this.backs[w]!;
      blocks = kind > 0 ? (older > newer ? older : newer) : older < newer ? older : newer;
    }
    this.innerBlocks[w] = blocks;
    this.innerAt[w] = this.extremesVersion;
    const last = (firstWhole << BLOCK_BITS) - 1;
    this.innerLast[w] = last < this.count ? this.times[last & (this.capacity - 1)]! : Number.NEGATIVE_INFINITY;
  }

  /** See `inner`; `head` is the window's advanced start. */
  private innerOf(w: number, kind: number, head: number): number {
    const firstWhole = (head >> BLOCK_BITS) + 1;
    const mask = this.capacity - 1;
    // The newest bar is always inside; the bars since the last completed block are when its start is before them.
    let value = kind > 0 ? this.highs[(this.count - 1) & mask]! : this.lows[(this.count - 1) & mask]!;
    if (firstWhole <= this.blocks) {
      const current = kind > 0 ? this.currentMax : this.currentMin;
      if (kind > 0 ? current > value : current < value) value = current;
    }
    if (firstWhole < this.blocks) {
      if (firstWhole >= this.splits[w]!) this.rebuildBlocks(w, head >> BLOCK_BITS);
      const older = this.suffixes[w]![firstWhole & (this.blockCapacity - 1)]!;
      const newer = this.backs[w]!;
      const blocks = kind > 0 ? (older > newer ? older : newer) : older < newer ? older : newer;
      if (kind > 0 ? blocks > value : blocks < value) value = blocks;
    }
    return value;
  }

  /** The highest (kind 1) or lowest (-1) of `start` and the prices of bars [from, to). */
  private extremeOf(kind: number, from: number, to: number, start: number): number {
    const mask = this.capacity - 1;
    const prices = kind > 0 ? this.highs : this.lows;
    let value = start;
    for (let n = from; n < to; n++) {
      const price = prices[n & mask]!;
      if (kind > 0 ? price > value : price < value) value = price;
    }
    return value;
  }

  /** Moves window w's start past the bars that fell out of it at the newest bar's time; returns it. */
  private advance(w: number): number {
    const mask = this.capacity - 1;
    const newest = this.count - 1;
    const oldest = this.latestTime - this.spans[w]!;
    let head = this.heads[w]!;
    // Bars leave in runs (most windows are advanced once a block): a block at a time first, while its last bar is out.
    while (head + BLOCK <= newest && this.times[(head + BLOCK - 1) & mask]! < oldest) head += BLOCK;
    while (head < newest && this.times[head & mask]! < oldest) head++;
    this.heads[w] = head;
    return head;
  }

  /** A block is complete: its extremes are kept, and every max/min window's bound is folded again. */
  private refreshBlocks(): void {
    const keepFrom = this.widest >= 0 ? this.heads[this.widest]! >> BLOCK_BITS : this.blocks;
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
    this.extremesVersion++;
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
   * Each `oldest` window whose bounds ran out: from its oldest bar now, the highest and the lowest price
   * of the bars up to the end of the next block (two completed blocks' extremes; or the next BLOCK bars,
   * read, while the blocks are not complete), which hold while the window's start stays among them.
   */
  private refreshOldest(): void {
    const time = this.latestTime;
    const mask = this.capacity - 1;
    const newest = this.count - 1;
    let earliest = Number.POSITIVE_INFINITY;
    for (let w = 0; w < this.spans.length; w++) {
      if (this.kinds[w] !== 0) continue;
      if (time > this.validUntil[w]!) {
        const head = this.advance(w);
        const block = head >> BLOCK_BITS;
        let last: number;
        if (block + 1 < this.blocks) {
          const blockMask = this.blockCapacity - 1;
          const high = this.blockMax[block & blockMask]!;
          const nextHigh = this.blockMax[(block + 1) & blockMask]!;
          const low = this.blockMin[block & blockMask]!;
          const nextLow = this.blockMin[(block + 1) & blockMask]!;
          this.blockBounds[w] = high > nextHigh ? high : nextHigh;
          this.oldestLows[w] = low < nextLow ? low : nextLow;
          last = ((block + 2) << BLOCK_BITS) - 1;
        } else {
          last = Math.min(newest, head + BLOCK - 1);
          this.blockBounds[w] = this.extremeOf(1, head, last + 1, Number.NEGATIVE_INFINITY);
          this.oldestLows[w] = this.extremeOf(-1, head, last + 1, Number.POSITIVE_INFINITY);
        }
        // A later candle's oldest bar is among [head, last] while its time − windowMs ≤ the time of `last`.
        this.validUntil[w] = this.times[last & mask]! + this.spans[w]!;
      }
      if (this.validUntil[w]! < earliest) earliest = this.validUntil[w]!;
    }
    this.oldestValid = earliest;
    this.oldestVersion++;
  }

  /** The ring is full from `keptFrom` on: the bars before every window's start are let go, else the ring doubles (keeping each bar at its number). */
  private grow(): void {
    let from = this.count;
    for (let w = 0; w < this.heads.length; w++) from = Math.min(from, this.heads[w]!);
    this.keptFrom = from;
    if (this.count - from < this.capacity) return;
    const capacity = this.capacity * 2;
    this.times = regrow(this.times, from, this.count, capacity);
    this.highs = regrow(this.highs, from, this.count, capacity);
    this.lows = this.twoFields ? regrow(this.lows, from, this.count, capacity) : this.highs;
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

function fieldCode(field: PriceField): number {
  return field === 'high' ? 1 : field === 'low' ? -1 : 0;
}

/** A ring of `capacity` holding `ring`'s entries [from, to) at the same numbers. */
function regrow(ring: Float64Array, from: number, to: number, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  const oldMask = ring.length - 1;
  for (let n = from; n < to; n++) next[n & (capacity - 1)] = ring[n & oldMask]!;
  return next;
}

/** `array` with `value` appended (set-up only). */
function append<T extends Float64Array | Int32Array | Int8Array | Uint8Array>(array: T, value: number): T {
  const next = new (array.constructor as new (length: number) => T)(array.length + 1);
  next.set(array);
  next[array.length] = value;
  return next;
}

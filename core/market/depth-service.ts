import type { MarketSymbol } from './candle.js';
import type { DepthSource, DepthUpdate } from './depth-source.js';
import { groupLevels, type DepthLevel, type MarketTrade, type OrderBook } from './order-book.js';
import { decimalsForStep } from './watchlist.js';

/** One symbol's depth, grouped for the ladder (the API's `DepthView`). */
export interface DepthSnapshot {
  readonly symbol: MarketSymbol;
  readonly time: number;
  readonly grouping: number;
  readonly groupStep: number;
  readonly priceDecimals: number;
  readonly bids: DepthLevel[];
  readonly asks: DepthLevel[];
  readonly spread: number | null;
  readonly spreadPct: number | null;
  readonly last: number | null;
  readonly trades: MarketTrade[];
  readonly transport: 'simulated' | 'websocket' | 'polling';
  readonly problem: string | null;
}

export interface DepthServiceOptions {
  readonly source: () => DepthSource;
  readonly priceStep: (symbol: MarketSymbol) => number;
  readonly last: (symbol: MarketSymbol) => number | null;
  readonly emit: (snapshot: DepthSnapshot) => void;
  /** At most one pushed snapshot per this many ms; default 250. */
  readonly throttleMs?: number;
  /** The clock and timers (tests drive them); default Date.now and setTimeout. */
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

interface Focus {
  readonly symbol: MarketSymbol;
  grouping: number;
  levels: number;
  book: OrderBook | null;
  trades: MarketTrade[];
  dirty: boolean;
  stop: () => void;
}

/** Trades kept for the tape. */
const TAPE = 60;

/**
 * The depth the workspace watches: one symbol at a time (the one its ladder shows), streamed from the
 * feed's depth source, grouped by tick multiples and pushed at most a few times a second.
 * A change is pushed as it comes when the last push is `throttleMs` old, otherwise when it is (the
 * latest state then): a simulated book moves with the candles, so its snapshot leaves in the same
 * batch as the candles and the watchlist rows of that tick (core/api/batcher.ts) and the desk lays
 * itself out once per tick, not once for the candles and again for a book pushed on a timer of its own.
 */
export class DepthService {
  private focus: Focus | null = null;
  private timer: unknown = null;
  private lastPush = -Infinity;

  constructor(private readonly options: DepthServiceOptions) {}

  /** Shows `symbol` grouped by `grouping` ticks, `levels` groups a side; streams it from now on. */
  async watch(symbol: MarketSymbol, grouping: number, levels: number): Promise<DepthSnapshot> {
    if (this.focus?.symbol !== symbol) {
      this.reset();
      const focus: Focus = { symbol, grouping, levels, book: null, trades: [], dirty: false, stop: () => undefined };
      this.focus = focus;
      focus.stop = this.options.source().stream(symbol, (update) => this.apply(focus, update));
    }
    const focus = this.focus!;
    focus.grouping = grouping;
    focus.levels = levels;
    focus.book ??= await this.options.source().book(symbol);
    return this.snapshot(focus);
  }

  /** Stops streaming (the feed is being replaced, or the terminal closes). */
  reset(): void {
    this.focus?.stop();
    this.focus = null;
    this.cancelTimer();
  }

  private apply(focus: Focus, update: DepthUpdate): void {
    if (this.focus !== focus) return;
    if (update.book) focus.book = update.book;
    if (update.trades.length > 0) focus.trades = [...[...update.trades].reverse(), ...focus.trades].slice(0, TAPE);
    focus.dirty = true;
    if (this.timer !== null) return;
    // Never from inside the feed's own delivery (its other listeners, the strategies among them, come first):
    // at the end of this turn when the last push is old enough, else when it is.
    const wait = Math.max(0, this.lastPush + this.throttleMs - this.now());
    this.timer = (this.options.setTimer ?? setTimeout)(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const focus = this.focus;
    if (!focus || !focus.dirty) return;
    focus.dirty = false;
    this.lastPush = this.now();
    this.options.emit(this.snapshot(focus));
  }

  private get throttleMs(): number {
    return this.options.throttleMs ?? 250;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private cancelTimer(): void {
    if (this.timer !== null) (this.options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }

  private snapshot(focus: Focus): DepthSnapshot {
    const step = this.options.priceStep(focus.symbol);
    const groupStep = step * focus.grouping;
    const book = focus.book;
    const bestBid = book?.bids[0]?.price ?? null;
    const bestAsk = book?.asks[0]?.price ?? null;
    const spread = bestBid !== null && bestAsk !== null ? bestAsk - bestBid : null;
    const mid = spread !== null ? (bestAsk! + bestBid!) / 2 : null;
    const transport = this.options.source().transport();
    return {
      symbol: focus.symbol,
      time: book?.time ?? 0,
      grouping: focus.grouping,
      groupStep,
      priceDecimals: decimalsForStep(groupStep),
      bids: book ? groupLevels(book.bids, 'bids', groupStep, focus.levels) : [],
      asks: book ? groupLevels(book.asks, 'asks', groupStep, focus.levels) : [],
      spread: spread === null ? null : Number(spread.toFixed(decimalsForStep(step))),
      spreadPct: spread !== null && mid ? (spread / mid) * 100 : null,
      last: this.options.last(focus.symbol),
      trades: focus.trades,
      transport,
      problem: book ? null : transport === 'simulated' ? 'no prices for this symbol yet' : 'the venue has not sent its order book (yet)',
    };
  }
}

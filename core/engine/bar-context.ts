import type { LiquidityTier } from '../exchange/port.js';
import { ReusableCandle, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { CandleWindows, PositionView, StrategyContext, TierExitDefaults } from '../strategies/contract.js';
import type { CandleRing } from './candle-ring.js';
import type { Position } from './positions.js';

/**
 * What a strategy sees on one closed bar. A fresh object per call; the candle is the strategy's own
 * copy, the position view is frozen, and the windows are copied out of the rings only if the
 * strategy reads them (most strategies keep their own streaming indicators and never do). Nothing
 * here is read back by the engine, so whatever a strategy does to it cannot change engine state.
 */
export class BarContext implements StrategyContext {
  private copied: CandleWindows | undefined;

  constructor(
    readonly symbol: MarketSymbol,
    readonly time: number,
    readonly timeframe: Timeframe,
    readonly candle: Candle,
    readonly position: PositionView | null,
    readonly tier: LiquidityTier,
    readonly openEntryOrders: number,
    readonly tierDefaults: TierExitDefaults,
    private readonly rings: ReadonlyMap<Timeframe, CandleRing>,
  ) {}

  get windows(): CandleWindows {
    if (this.copied === undefined) {
      const windows: Partial<Record<Timeframe, readonly Candle[]>> = {};
      for (const [timeframe, ring] of this.rings) windows[timeframe] = ring.toArray();
      this.copied = windows;
    }
    return this.copied;
  }
}

/**
 * The one context a streaming strategy (`StrategyDefinition.streaming`) gets on every call for a
 * symbol, rewritten before each call, with its own candle object into which each bar is copied and its
 * own position view into which the position is copied: the strategy reads them during the call only, so
 * nothing is allocated per bar (a frozen view per change used to be made on every new high of an open
 * position). Neither is the engine's or the caller's, so writing to them changes nothing outside. No
 * windows are kept for it.
 */
export class ReusedBarContext implements StrategyContext {
  time = 0;
  timeframe: Timeframe = '1m';
  position: PositionView | null = null;
  openEntryOrders = 0;
  readonly candle = new ReusableCandle();
  private readonly view: ReusedPositionView;

  constructor(
    readonly symbol: MarketSymbol,
    readonly tier: LiquidityTier,
    readonly tierDefaults: TierExitDefaults,
  ) {
    this.view = new ReusedPositionView(symbol);
  }

  get windows(): CandleWindows {
    throw new Error('a strategy declared `streaming` gets no candle windows: keep your own state (or drop `streaming`)');
  }

  /** Rewrites the context for one call (the caller sets `time`: a number argument would be boxed on every bar). */
  at(timeframe: Timeframe, bar: Candle, position: Position | null, openEntryOrders: number): this {
    this.timeframe = timeframe;
    this.position = position === null ? null : this.view.copy(position);
    this.openEntryOrders = openEntryOrders;
    this.candle.copy(bar);
    return this;
  }
}

/** A streaming strategy's copy of its position, rewritten for each call (fields start as numbers: see ReusableCandle). */
class ReusedPositionView implements PositionView {
  quantity = 0;
  averageEntry = 0;
  openedAt = 0;
  tranches = 0;
  highestPrice = 0;

  constructor(readonly symbol: MarketSymbol) {}

  copy(position: Position): this {
    ({ quantity: this.quantity, averageEntry: this.averageEntry, openedAt: this.openedAt, trancheCount: this.tranches, highest: this.highestPrice } = position);
    return this;
  }
}

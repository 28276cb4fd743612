import type { LiquidityTier } from '../exchange/port.js';
import type { Candle, MarketSymbol, Timeframe } from '../market/candle.js';
import type { CandleWindows, PositionView, StrategyContext, TierExitDefaults } from '../strategies/contract.js';
import type { CandleRing } from './candle-ring.js';

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

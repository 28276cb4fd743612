import type { Candle, CandleColumns, MarketSymbol, Timeframe } from './candle.js';

/** Identifies one candle series in the store. `exchange` is a venue id, or `simulated`/`replay`. */
export interface SeriesKey {
  readonly exchange: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe;
}

/**
 * Port for persisted candles (implemented in core/store). Reads return columnar typed arrays
 * so a year of 1m bars loads without building half a million objects.
 */
export interface CandleStore {
  /** Inserts or replaces by (exchange, symbol, timeframe, time) in one transaction; returns rows written. */
  upsert(key: SeriesKey, candles: readonly Candle[]): number;
  /** Bars with from ≤ time < to, ascending. */
  range(key: SeriesKey, from: number, to: number): CandleColumns;
  /** The most recent `limit` bars, ascending. */
  latest(key: SeriesKey, limit: number): CandleColumns;
  bounds(key: SeriesKey): { first: number; last: number; count: number } | null;
}

import type { CandleUpdate } from '../market/candle.js';
import type { Candle, MarketSymbol } from '../market/candle.js';

/**
 * Turns a live stream of forming 1m candles into "tick bars": what the market did since the previous
 * update. The paper exchange matches working orders against each one, so in live paper trading a
 * market order fills at the next observed price (plus slippage) instead of waiting for the next minute,
 * and a limit fills as soon as price trades through it. Volume is the minute's volume added since the
 * previous update, which keeps partial fills proportional to real activity.
 */
export class TickBarBuilder {
  private readonly last = new Map<MarketSymbol, { time: number; high: number; low: number; close: number; volume: number }>();

  next(update: CandleUpdate): Candle | null {
    const { symbol, candle } = update;
    const previous = this.last.get(symbol);
    this.last.set(symbol, { time: candle.time, high: candle.high, low: candle.low, close: candle.close, volume: candle.volume });
    if (!previous) return null; // nothing to compare with yet: the first update only sets the price
    const sameMinute = previous.time === candle.time;
    const open = previous.close;
    // A new extreme of the minute since the last update was touched in between.
    const high = Math.max(open, candle.close, sameMinute && candle.high > previous.high ? candle.high : -Infinity, sameMinute ? -Infinity : candle.high);
    const low = Math.min(open, candle.close, sameMinute && candle.low < previous.low ? candle.low : Infinity, sameMinute ? Infinity : candle.low);
    const volume = sameMinute ? Math.max(0, candle.volume - previous.volume) : candle.volume;
    if (volume === 0 && high === low && sameMinute) return null;
    return { time: candle.time, open, high, low, close: candle.close, volume };
  }

  lastPrice(symbol: MarketSymbol): number | null {
    return this.last.get(symbol)?.close ?? null;
  }
}

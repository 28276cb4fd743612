import type { Candle, CandleUpdate, MarketSymbol } from './candle.js';
import type { DepthSource, DepthUpdate } from './depth-source.js';
import type { OrderBook } from './order-book.js';
import { syntheticBook, syntheticTrades } from './synthetic-book.js';

export interface SyntheticDepthOptions {
  readonly seed: number;
  readonly priceStep: (symbol: MarketSymbol) => number;
  /** Base quantity of a typical level near the top of the book. */
  readonly scale: (symbol: MarketSymbol) => number;
  /** The symbol's latest (forming) 1m candle. */
  readonly last: (symbol: MarketSymbol) => Candle | null;
  readonly subscribe: (listener: (update: CandleUpdate) => void) => () => void;
}

/**
 * Depth for the simulated and replayed markets: a book built around the last price (synthetic-book.ts)
 * and a tape made of each move of the price with the volume the minute gained meanwhile. Both follow the
 * candles the feed streams, so the book, the trades and the chart always agree.
 */
export class SyntheticDepth implements DepthSource {
  constructor(private readonly options: SyntheticDepthOptions) {}

  transport(): 'simulated' {
    return 'simulated';
  }

  async book(symbol: MarketSymbol): Promise<OrderBook | null> {
    const candle = this.options.last(symbol);
    return candle ? this.bookAt(symbol, candle) : null;
  }

  stream(symbol: MarketSymbol, listener: (update: DepthUpdate) => void): () => void {
    let previous = this.options.last(symbol);
    const scale = this.options.scale(symbol);
    const amountDecimals = Math.max(0, Math.min(8, 4 - Math.floor(Math.log10(Math.max(scale, 1e-9)))));
    return this.options.subscribe((update) => {
      if (update.symbol !== symbol || update.timeframe !== '1m') return;
      const candle = update.candle;
      const sameMinute = previous !== null && previous.time === candle.time;
      const seen = sameMinute ? previous!.volume : 0;
      const trades = syntheticTrades({
        symbol,
        seed: this.options.seed,
        minute: candle.time,
        // Market time inside the minute, from how much of a calm minute's volume (40 × scale) has traded.
        time: candle.time + (update.closed ? 59_999 : Math.min(59_000, Math.floor((candle.volume / (40 * scale)) * 60_000))),
        from: previous?.close ?? candle.open,
        to: candle.close,
        volume: candle.volume - seen,
        seenVolume: seen,
        amountDecimals,
      });
      previous = candle;
      listener({ book: this.bookAt(symbol, candle), trades });
    });
  }

  private bookAt(symbol: MarketSymbol, candle: Candle): OrderBook {
    return syntheticBook({ symbol, seed: this.options.seed, minute: candle.time, last: candle.close, priceStep: this.options.priceStep(symbol), scale: this.options.scale(symbol) });
  }
}

import type { WatchRow } from './watch-row.js';
import type { Candle, MarketSymbol } from './candle.js';
import type { MarketFeed } from './feed.js';

const DAY_MINUTES = 1440;
const SPARKLINE_POINTS = 60;

/** Decimal places implied by a price step (0.01 → 2). */
export function decimalsForStep(step: number): number {
  if (!(step > 0)) return 2;
  return Math.min(12, Math.max(0, Math.round(-Math.log10(step))));
}

/**
 * The trader's watchlist on one feed, in the trader's order: last price, 24 h change (market time) and
 * a sparkline of recent closes per symbol. Pure bookkeeping over the feed; the feed streams the symbols.
 */
export class Watchlist {
  private readonly closes = new Map<MarketSymbol, { times: number[]; closes: number[]; last: number | null }>();
  private order: MarketSymbol[];

  constructor(
    private readonly feed: MarketFeed,
    symbols: readonly MarketSymbol[] = feed.symbols(),
  ) {
    this.order = [...symbols];
  }

  symbols(): readonly MarketSymbol[] {
    return this.order;
  }

  /** Loads the history of every listed symbol not loaded yet. */
  async load(): Promise<void> {
    for (const symbol of this.order) {
      if (this.closes.has(symbol)) continue;
      const history = await this.feed.history(symbol, '1m', DAY_MINUTES + 1);
      this.closes.set(symbol, {
        times: history.map((c) => c.time),
        closes: history.map((c) => c.close),
        last: history.at(-1)?.close ?? null,
      });
    }
  }

  /** A new list (the feed already streams every symbol of it). */
  async set(symbols: readonly MarketSymbol[]): Promise<void> {
    this.order = [...symbols];
    await this.load();
  }

  /** Applies an update; returns true when a row changed. */
  apply(symbol: MarketSymbol, candle: Candle, closed: boolean): boolean {
    const entry = this.closes.get(symbol);
    if (!entry || !this.order.includes(symbol)) return false;
    entry.last = candle.close;
    if (closed) {
      if (entry.times.at(-1) === candle.time) entry.closes[entry.closes.length - 1] = candle.close;
      else {
        entry.times.push(candle.time);
        entry.closes.push(candle.close);
      }
      if (entry.times.length > DAY_MINUTES + 1) {
        entry.times.shift();
        entry.closes.shift();
      }
    }
    return true;
  }

  rows(): WatchRow[] {
    return this.order.map((symbol) => {
      const entry = this.closes.get(symbol);
      const last = entry?.last ?? null;
      const reference = entry && entry.closes.length > 0 ? entry.closes[0]! : null;
      return {
        symbol,
        last,
        changePct: last !== null && reference ? ((last - reference) / reference) * 100 : null,
        sparkline: entry ? entry.closes.slice(-SPARKLINE_POINTS) : [],
        priceDecimals: decimalsForStep(this.feed.priceStep(symbol)),
      };
    });
  }
}

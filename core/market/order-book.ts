import type { MarketSymbol } from './candle.js';

/** One price level of a book: the price and the base quantity resting there. */
export interface BookLevel {
  readonly price: number;
  readonly amount: number;
}

/** A venue's (or the simulated market's) order book: bids best (highest) first, asks best (lowest) first. */
export interface OrderBook {
  readonly symbol: MarketSymbol;
  readonly time: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** A trade on the market's tape; `side` is the taker's (a buy lifted an ask). */
export interface MarketTrade {
  readonly id: string;
  readonly time: number;
  readonly price: number;
  readonly amount: number;
  readonly side: 'buy' | 'sell';
}

/** A level with the amount resting at it and at every better price (the depth chart's step). */
export interface DepthLevel extends BookLevel {
  readonly total: number;
}

/** Decimal places of a price step, so grouped prices carry no float noise (0.1 × 3 = 0.30000000000000004). */
function decimalsOf(step: number): number {
  return Math.min(12, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

/**
 * Groups a side into buckets `step` wide (a multiple of the tick): bids round down, asks round up, so a
 * bucket's price is never better than the levels in it. Keeps `limit` buckets, best first, with totals.
 */
export function groupLevels(levels: readonly BookLevel[], side: 'bids' | 'asks', step: number, limit: number): DepthLevel[] {
  const decimals = decimalsOf(step);
  const buckets: { price: number; amount: number }[] = [];
  for (const level of levels) {
    const units = level.price / step;
    // A hair of tolerance: 64000.01 / 0.01 is 6400000.999…, still the same bucket.
    const bucket = side === 'bids' ? Math.floor(units + 1e-7) : Math.ceil(units - 1e-7);
    const price = Number((bucket * step).toFixed(decimals));
    const last = buckets[buckets.length - 1];
    if (last && last.price === price) last.amount += level.amount;
    else if (buckets.length < limit) buckets.push({ price, amount: level.amount });
    else break;
  }
  let total = 0;
  // Sums of many sizes pick up binary noise; 12 significant digits is more than any venue quotes.
  const clean = (value: number) => Number(value.toPrecision(12));
  return buckets.map((bucket) => {
    total += bucket.amount;
    return { price: bucket.price, amount: clean(bucket.amount), total: clean(total) };
  });
}

/** What a market order of `amount` would get from the book as it is now. */
export interface FillEstimate {
  readonly side: 'buy' | 'sell';
  readonly amount: number;
  /** What the book holds of it (less than `amount` when the book is too thin). */
  readonly filled: number;
  /** Volume-weighted average price of `filled`; null when the side is empty. */
  readonly averagePrice: number | null;
  /** The last (worst) level the order reaches. */
  readonly worstPrice: number | null;
  readonly bestBid: number | null;
  readonly bestAsk: number | null;
  /** Best ask − best bid, in percent of the mid price. */
  readonly spreadPct: number | null;
  readonly last: number | null;
  /** How much worse than the last price the average fill is, in percent (never negative). */
  readonly slippagePct: number | null;
}

/** Walks the side a market order takes (asks for a buy, bids for a sell) level by level. */
export function estimateMarketFill(book: Pick<OrderBook, 'bids' | 'asks'>, side: 'buy' | 'sell', amount: number, last: number | null): FillEstimate {
  const levels = side === 'buy' ? book.asks : book.bids;
  let left = amount;
  let cost = 0;
  let worst: number | null = null;
  for (const level of levels) {
    if (left <= 0) break;
    const take = Math.min(left, level.amount);
    cost += take * level.price;
    left -= take;
    worst = level.price;
  }
  const filled = amount - Math.max(0, left);
  const averagePrice = filled > 0 ? cost / filled : null;
  const bestBid = book.bids[0]?.price ?? null;
  const bestAsk = book.asks[0]?.price ?? null;
  const mid = bestBid !== null && bestAsk !== null ? (bestBid + bestAsk) / 2 : null;
  const reference = last ?? mid;
  const worse = averagePrice === null || reference === null ? null : side === 'buy' ? averagePrice - reference : reference - averagePrice;
  return {
    side,
    amount,
    filled,
    averagePrice,
    worstPrice: worst,
    bestBid,
    bestAsk,
    spreadPct: mid !== null && mid > 0 ? ((bestAsk! - bestBid!) / mid) * 100 : null,
    last,
    slippagePct: worse === null || reference === null || reference <= 0 ? null : Math.max(0, (worse / reference) * 100),
  };
}

import type { Candle } from '../market/candle.js';
import type { OrderSide, OrderType } from './port.js';

/** What the matcher needs to know about a working order. */
export interface MatchableOrder {
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price: number | null;
  readonly stopPrice: number | null;
  /** A stop-limit whose stop has been reached (it then works as a limit order). */
  readonly triggered: boolean;
  /** True on the first bar after the order was placed. */
  readonly fresh: boolean;
}

export type MatchOutcome =
  | { readonly kind: 'none' }
  /** The stop was reached in this bar but the limit is out of reach: the order now rests as a limit. */
  | { readonly kind: 'triggered' }
  /** Fill at `price`; `volumeCapped` fills are limited by the bar's volume (participation rule). */
  | { readonly kind: 'fill'; readonly price: number; readonly liquidity: 'maker' | 'taker'; readonly volumeCapped: boolean; readonly triggered: boolean };

const NONE: MatchOutcome = { kind: 'none' };

/**
 * The paper exchange's fill assumptions for one order against one bar (prices before rounding):
 * - market: fills at the bar's open, moved against the trader by `slippage` (taker), never volume-capped;
 * - limit, first bar and marketable at the open (buy: open ≤ limit; sell: open ≥ limit): taker at the
 *   open plus slippage, never worse than the limit;
 * - limit resting: fills only when the bar trades THROUGH the limit (buy: low < limit; sell: high > limit),
 *   at the limit price, as maker;
 * - stop-limit: triggers when the bar reaches the stop (buy: high ≥ stop; sell: low ≤ stop) at the stop,
 *   or at the open if the bar gapped past it; if the limit is still reachable from there it fills as a
 *   taker at that price plus slippage (bounded by the limit), otherwise it rests as a limit from the next bar.
 */
export function matchOrder(order: MatchableOrder, candle: Candle, slippage: number): MatchOutcome {
  const buy = order.side === 'buy';
  if (order.type === 'market') {
    return { kind: 'fill', price: buy ? candle.open * (1 + slippage) : candle.open * (1 - slippage), liquidity: 'taker', volumeCapped: false, triggered: false };
  }
  const limit = order.price;
  if (limit === null) return NONE;
  if (order.type === 'stop_limit' && !order.triggered) {
    const stop = order.stopPrice;
    if (stop === null) return NONE;
    if (buy ? candle.high < stop : candle.low > stop) return NONE;
    const at = buy ? Math.max(candle.open, stop) : Math.min(candle.open, stop);
    const reachable = buy ? at <= limit : at >= limit;
    if (!reachable) return { kind: 'triggered' };
    return { kind: 'fill', price: takerPrice(at, limit, buy, slippage), liquidity: 'taker', volumeCapped: true, triggered: true };
  }
  const fresh = order.fresh && !(order.type === 'stop_limit');
  if (fresh && (buy ? candle.open <= limit : candle.open >= limit)) {
    return { kind: 'fill', price: takerPrice(candle.open, limit, buy, slippage), liquidity: 'taker', volumeCapped: true, triggered: false };
  }
  if (buy ? candle.low < limit : candle.high > limit) {
    return { kind: 'fill', price: limit, liquidity: 'maker', volumeCapped: true, triggered: false };
  }
  return NONE;
}

function takerPrice(at: number, limit: number, buy: boolean, slippage: number): number {
  return buy ? Math.min(at * (1 + slippage), limit) : Math.max(at * (1 - slippage), limit);
}

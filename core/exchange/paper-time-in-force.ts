import type { Candle } from '../market/candle.js';
import { fmt, stopAlreadyReached } from './precision.js';
import type { OrderOptions, OrderRequest } from './port.js';

/** The paper exchange takes every order option a venue may offer: post-only, GTC, IOC and FOK. */
export const PAPER_ORDER_OPTIONS: OrderOptions = Object.freeze({ postOnly: true, timeInForce: Object.freeze(['GTC', 'IOC', 'FOK'] as const) });

/**
 * A post-only order that would take at once is refused when placed, as Binance refuses a LIMIT_MAKER
 * ("Order would immediately match and take."): a buy at or above the last price, a sell at or below it.
 */
export function postOnlyRefusal(request: OrderRequest, price: number | null, last: Candle | null): string | null {
  if (request.postOnly !== true || price === null || last === null) return null;
  const takes = request.side === 'buy' ? price >= last.close : price <= last.close;
  if (!takes) return null;
  const where = request.side === 'buy' ? 'at or above' : 'at or below';
  return `post-only: a ${request.side} at ${fmt(price)} is ${where} the last price ${fmt(last.close)}, so it would take liquidity at once — refused, nothing was placed`;
}

/**
 * A stop-limit whose stop the market has already reached is refused when placed (the rule and its sources:
 * stopAlreadyReached in precision.ts, which the order road also checks before a Modify cancels anything).
 * Without this the paper exchange triggered it on the next bar and left it resting as a plain limit.
 * No price yet: nothing to compare with, the first bar decides.
 */
export function stopTriggerRefusal(request: OrderRequest, stopPrice: number | null, last: Candle | null): string | null {
  if (request.type !== 'stop_limit' || stopPrice === null || last === null) return null;
  const reached = stopAlreadyReached(request.side, stopPrice, last.close);
  return reached === null ? null : `${reached}; refused, nothing was placed`;
}

/**
 * What a bar's first match means for an order with a time in force or post-only (the paper exchange
 * fills on the next bar, so "at once" is that bar):
 * - post-only meeting the book as a taker (the bar opened through its limit): expired unfilled;
 * - FOK: filled only when the whole amount fits the bar (its volume share), else expired unfilled;
 * - IOC: whatever the bar fills, the remainder expires.
 */
export interface FirstMatchRule {
  /** Refuse this fill outright (the order expires unfilled) with the reason. */
  refuse(request: OrderRequest, liquidity: 'maker' | 'taker', fillable: number, remaining: number): string | null;
  /** After the first bar: the remainder of an IOC or FOK order expires. */
  expiresAfterFirstBar(request: OrderRequest): boolean;
}

export const firstMatchRule: FirstMatchRule = {
  refuse(request, liquidity, fillable, remaining) {
    if (request.postOnly === true && liquidity === 'taker') return 'post-only: the market opened through the limit, so it would have taken liquidity — expired unfilled';
    if (request.timeInForce === 'FOK' && fillable < remaining) return `fill-or-kill: only ${fmt(fillable)} of ${fmt(remaining)} could fill at once — expired unfilled`;
    return null;
  },
  expiresAfterFirstBar(request) {
    return request.timeInForce === 'IOC' || request.timeInForce === 'FOK';
  },
};

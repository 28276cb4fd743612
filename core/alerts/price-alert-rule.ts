/**
 * When a price alert fires, as a pure rule over the market's previous and latest price (the core
 * evaluates it on every live price of the market source; see price-alerts.ts).
 *
 * - above / below, once: as soon as a price at or beyond the level is seen; then the alert is done.
 * - above / below, every time: each time the price reaches the level from the other side. The first
 *   price seen after a start has no "other side": it fires only if the alert never fired before
 *   (a level reached while Halyard was off is reported once, not again on every restart).
 * - crossing: each time (or the first time) the price passes through the level in either direction;
 *   touching it from one side counts. Needs a previous price, so the first price after a start never fires.
 */

export const PRICE_ALERT_DIRECTIONS = ['above', 'below', 'crossing'] as const;
export type PriceAlertDirection = (typeof PRICE_ALERT_DIRECTIONS)[number];
export const PRICE_ALERT_REPEATS = ['once', 'every'] as const;
export type PriceAlertRepeat = (typeof PRICE_ALERT_REPEATS)[number];

export interface PriceAlertRule {
  readonly direction: PriceAlertDirection;
  readonly price: number;
  readonly repeat: PriceAlertRepeat;
  readonly fireCount: number;
}

/** Whether a `once` alert is finished (it fired); finished alerts are listed but not evaluated. */
export function isFinished(rule: Pick<PriceAlertRule, 'repeat' | 'fireCount'>): boolean {
  return rule.repeat === 'once' && rule.fireCount > 0;
}

function beyond(direction: 'above' | 'below', level: number, price: number): boolean {
  return direction === 'above' ? price >= level : price <= level;
}

/** True when `rule` fires on the move from `previous` (undefined: none seen since the start) to `last`. */
export function fires(rule: PriceAlertRule, previous: number | undefined, last: number): boolean {
  if (isFinished(rule)) return false;
  const level = rule.price;
  if (rule.direction === 'crossing') {
    if (previous === undefined) return false;
    return (previous < level && last >= level) || (previous > level && last <= level);
  }
  if (!beyond(rule.direction, level, last)) return false;
  if (rule.repeat === 'once') return true;
  return previous === undefined ? rule.fireCount === 0 : !beyond(rule.direction, level, previous);
}

/** Whether adding `direction` at `level` makes sense with the price at `last`: a reason why not, or null. */
export function alreadyThere(direction: PriceAlertDirection, level: number, last: number | undefined): string | null {
  if (last === undefined || direction === 'crossing') return null;
  return beyond(direction, level, last) ? `already ${direction} this price` : null;
}

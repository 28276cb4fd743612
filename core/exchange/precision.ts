import { ExchangeError } from './errors.js';
import type { ExchangePort, MarketRules, OrderRequest, OrderSide } from './port.js';

/**
 * The order-rule check shared by the ccxt adapter, the paper exchange and the order router:
 * round through the venue's precision (the port's roundAmount/roundPrice — ccxt's
 * amountToPrecision/priceToPrecision for real venues), then check min/max amount and min/max
 * notional, because ccxt's precision helpers do not check notional at all.
 *
 * A rejection names the rule and the numbers: "amount 0.00001 BTC is below the minimum 0.0001".
 */
export type OrderRule =
  | 'amount_positive'
  | 'amount_step'
  | 'amount_min'
  | 'amount_max'
  | 'price_required'
  | 'price_positive'
  | 'price_step'
  | 'stop_price_required'
  | 'notional_min'
  | 'notional_max';

export interface RoundedOrder {
  readonly amount: number;
  readonly price: number | null;
  readonly stopPrice: number | null;
  /** amount × (price, or the reference price for market orders); null when unknown. */
  readonly notional: number | null;
}

export type OrderRuleCheck = { readonly ok: true; readonly order: RoundedOrder } | { readonly ok: false; readonly rule: OrderRule; readonly message: string };

export type PrecisionPort = Pick<ExchangePort, 'market' | 'roundAmount' | 'roundPrice'>;

export interface OrderRuleInput extends Pick<OrderRequest, 'symbol' | 'type' | 'amount' | 'price' | 'stopPrice'> {
  /** For market orders: the price the notional check uses (last trade or best quote). */
  readonly referencePrice?: number;
}

export function checkOrderRules(port: PrecisionPort, input: OrderRuleInput): OrderRuleCheck {
  const rules = port.market(input.symbol);

  if (!(input.amount > 0) || !Number.isFinite(input.amount)) {
    return reject('amount_positive', `amount ${fmt(input.amount)} ${rules.base} must be a positive number`);
  }
  const amount = port.roundAmount(input.symbol, input.amount);
  if (!(amount > 0)) {
    return reject('amount_step', `amount ${fmt(input.amount)} ${rules.base} rounds to 0 at the step ${fmt(rules.amountStep)}`);
  }
  if (rules.minAmount !== null && amount < rules.minAmount) {
    return reject('amount_min', `amount ${fmt(amount)} ${rules.base} is below the minimum ${fmt(rules.minAmount)}`);
  }
  if (rules.maxAmount !== null && amount > rules.maxAmount) {
    return reject('amount_max', `amount ${fmt(amount)} ${rules.base} is above the maximum ${fmt(rules.maxAmount)}`);
  }

  let price: number | null = null;
  if (input.type !== 'market') {
    if (input.price === undefined) return reject('price_required', `a ${input.type.replace('_', '-')} order needs a limit price`);
    const rounded = roundPositive(port, rules, input.price, 'price');
    if (typeof rounded !== 'number') return rounded;
    price = rounded;
  }
  let stopPrice: number | null = null;
  if (input.type === 'stop_limit') {
    if (input.stopPrice === undefined) return reject('stop_price_required', 'a stop-limit order needs a stop (trigger) price');
    const rounded = roundPositive(port, rules, input.stopPrice, 'stop price');
    if (typeof rounded !== 'number') return rounded;
    stopPrice = rounded;
  }

  const notionalPrice = price ?? input.referencePrice ?? null;
  const notional = notionalPrice === null ? null : amount * notionalPrice;
  if (notional !== null) {
    // Formatted only on rejection, and no closures per call: the backtester checks every order.
    if (rules.minCost !== null && notional < rules.minCost) {
      return reject('notional_min', `${shownNotional(rules, notional, amount, notionalPrice!)} is below the minimum ${fmt(rules.minCost)} ${rules.quote}`);
    }
    if (rules.maxCost !== null && notional > rules.maxCost) {
      return reject('notional_max', `${shownNotional(rules, notional, amount, notionalPrice!)} is above the maximum ${fmt(rules.maxCost)} ${rules.quote}`);
    }
  }
  return { ok: true, order: { amount, price, stopPrice, notional } };
}

function reject(rule: OrderRule, message: string): OrderRuleCheck {
  return { ok: false, rule, message };
}

function shownNotional(rules: MarketRules, notional: number, amount: number, price: number): string {
  return `notional ${fmt(notional)} ${rules.quote} (${fmt(amount)} ${rules.base} × ${fmt(price)})`;
}

/** Like checkOrderRules but throws ExchangeError('invalid_order') naming the rule; for adapters. */
export function applyOrderRules(port: PrecisionPort, input: OrderRuleInput): RoundedOrder {
  const result = checkOrderRules(port, input);
  if (!result.ok) throw new ExchangeError('invalid_order', `${input.symbol}: ${result.message}`);
  return result.order;
}

function roundPositive(port: PrecisionPort, rules: MarketRules, value: number, label: 'price' | 'stop price'): number | OrderRuleCheck {
  if (!(value > 0) || !Number.isFinite(value)) {
    return { ok: false, rule: 'price_positive', message: `${label} ${fmt(value)} ${rules.quote} must be a positive number` };
  }
  const rounded = port.roundPrice(rules.symbol, value);
  if (!(rounded > 0)) {
    return { ok: false, rule: 'price_step', message: `${label} ${fmt(value)} ${rules.quote} rounds to 0 at the tick ${fmt(rules.priceStep)}` };
  }
  return rounded;
}

/**
 * Numbers as a trader writes them: no float noise (0.1+0.2, 9981.469999999999), no exponent for small
 * steps. 15 significant digits is as many as a double holds exactly; beyond them is binary noise.
 */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(15));
  // String() writes 1e-7 in exponent form; toFixed is exact enough below 1 (noise needs 16+ digits).
  const text = Math.abs(rounded) >= 1e-6 || rounded === 0 ? String(rounded) : rounded.toFixed(12).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * A figure for a document a script reads (JSON rows, metrics) without float noise: rounded to `digits`
 * significant digits of `scale`, the size of the operands it was computed from (a P&L's notional; by
 * default the figure itself, or 1 for a ratio below 1 — a return is finalValue ÷ cash − 1). Arithmetic
 * on operands of size S is off by a few ulps of S, so 14 digits of S keep every digit a venue quotes and
 * drop the noise (63597.590000000004 → 63597.59; -0.08943905018000009 → -0.08943905018).
 */
export function noiseFree(value: number, scale: number = Math.max(Math.abs(value), 1), digits = 14): number {
  if (value === 0) return 0;
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(scale) > 0 && Number.isFinite(scale) ? Math.abs(scale) : Math.abs(value);
  const decimals = Math.min(20, Math.max(0, digits - 1 - Math.floor(Math.log10(magnitude))));
  const cleaned = Number(value.toFixed(decimals));
  return cleaned === 0 ? 0 : cleaned;
}

/** A price for messages at the market's precision, thousands grouped: 64,250.10. */
export function priceText(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A money amount for messages: thousands grouped, at most `decimals` places (10,000 · 9,981.47). */
export function money(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
}

/**
 * A stop (stop-loss style: a buy triggers at or above its stop, a sell at or below, paper-matching.ts) that
 * the last price has already reached, in the words Binance spot refuses it with: -2010 "Order would trigger
 * immediately." ("The order's stop price is not valid when compared to the last traded price", errors.md;
 * rest-api.md "Trigger order price rules against market price … Price above market price: STOP_LOSS BUY …
 * Price below market price: STOP_LOSS SELL", github.com/binance/binance-spot-api-docs). So a buy's stop must
 * be above the last price and a sell's below it. The paper exchange refuses such an order when placed; the
 * order road refuses such a Modify before it cancels the working order.
 */
export function stopAlreadyReached(side: OrderSide, stopPrice: number, lastPrice: number): string | null {
  const buy = side === 'buy';
  if (buy ? stopPrice > lastPrice : stopPrice < lastPrice) return null;
  return `Order would trigger immediately: the stop price ${fmt(stopPrice)} is ${buy ? 'at or below' : 'at or above'} the last price ${fmt(lastPrice)} — a ${side} stop must be ${buy ? 'above' : 'below'} the market`;
}

import { fmt } from './precision.js';
import type { Candle } from '../market/candle.js';
import type { PaperLedger } from './paper-ledger.js';
import { matchOrder } from './paper-matching.js';
import type { PaperOrder } from './paper-order.js';
import { StepRounder } from './paper-precision.js';
import type { Fill, MarketRules } from './port.js';

/** One market of the paper exchange: its rules and rounding, the last candle, working orders and fills. */
export interface Book {
  readonly rules: MarketRules;
  readonly amounts: StepRounder;
  readonly prices: StepRounder;
  last: Candle | null;
  working: PaperOrder[];
  fills: Fill[];
}

export function newBook(rules: MarketRules): Book {
  return { rules, amounts: new StepRounder(rules.amountStep), prices: new StepRounder(rules.priceStep), last: null, working: [], fills: [] };
}

/** A fill's money: a buy pays cost + fee in quote (from its reservation) for base; a sell pays base for cost − fee. */
export function moveFillMoney(ledger: PaperLedger, order: PaperOrder, rules: MarketRules, amountUnits: bigint, cost: bigint, fee: bigint): void {
  if (order.side === 'buy') {
    ledger.debit(rules.quote, cost + fee, order.reserved, () => describeOrder(order, rules));
    order.reserved -= cost + fee < order.reserved ? cost + fee : order.reserved;
    ledger.credit(rules.base, amountUnits);
  } else {
    ledger.debit(rules.base, amountUnits, order.reserved, () => describeOrder(order, rules));
    order.reserved -= amountUnits < order.reserved ? amountUnits : order.reserved;
    ledger.credit(rules.quote, cost - fee);
  }
}

export function describeOrder(order: PaperOrder, rules: MarketRules): string {
  const at = order.price !== null ? ` at ${fmt(order.price)}` : ' at market';
  return `${order.side} ${fmt(order.amount)} ${rules.base}${at}`;
}

/**
 * Matches a bar against the book's working orders, oldest first: each that the bar fills is settled at
 * its price, limit fills capped by the bar's volume × participation. Orders placed by listeners during
 * this loop wait for the next bar.
 */
export function matchBook(book: Book, candle: Candle, slippage: number, participation: number, settle: (order: PaperOrder, amount: number, price: number, liquidity: 'maker' | 'taker') => void): void {
  const working = book.working;
  const count = working.length;
  let volumeLeft = participation * candle.volume;
  for (let i = 0; i < count; i++) {
    const order = working[i]!;
    if (!order.working) continue;
    const outcome = matchOrder(order, candle, slippage);
    order.fresh = false;
    if (outcome.kind === 'none') continue;
    order.triggered ||= outcome.kind === 'triggered' || outcome.triggered;
    if (outcome.kind !== 'fill') continue;
    let amount = order.remaining();
    if (outcome.volumeCapped) {
      amount = Math.min(amount, book.amounts.truncate(Math.max(0, volumeLeft)));
      if (!(amount > 0)) continue;
      volumeLeft -= amount;
    }
    settle(order, amount, book.prices.round(outcome.price), outcome.liquidity);
  }
  book.working = working.filter((order) => order.working);
}

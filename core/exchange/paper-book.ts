import { fmt } from './precision.js';
import { RateUnits, Units } from './paper-units.js';
import type { Candle } from '../market/candle.js';
import type { PaperLedger } from './paper-ledger.js';
import { matchOrder } from './paper-matching.js';
import type { PaperOrder } from './paper-order.js';
import { StepRounder } from './paper-precision.js';
import type { Fill, MarketRules } from './port.js';
import { objectList } from './paper-lists.js';
import { firstMatchRule, PAPER_ORDER_OPTIONS } from './paper-time-in-force.js';

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
  // Every order option a venue may offer is simulated here (paper-time-in-force.ts).
  if (rules.orderOptions === undefined) rules = { ...rules, orderOptions: PAPER_ORDER_OPTIONS };
  return { rules, amounts: new StepRounder(rules.amountStep), prices: new StepRounder(rules.priceStep), last: null, working: objectList(), fills: objectList() };
}

/** Scratch amounts of the two functions below (neither calls back into the other or itself). */
const MOVED = new Units();
const PRICE = new Units();
const FEE = new Units();
const RESERVE_RATE = new RateUnits();

/** A fill's money: a buy pays cost + fee in quote (from its reservation) for base; a sell pays base for cost − fee. */
export function moveFillMoney(ledger: PaperLedger, order: PaperOrder, rules: MarketRules, amountUnits: Units, cost: Units, fee: Units): void {
  const reserved = order.reserved;
  if (order.side === 'buy') {
    const paid = MOVED.setSum(cost, fee);
    ledger.debit(rules.quote, paid, reserved, order);
    if (paid.compare(reserved) < 0) reserved.subtract(paid);
    else reserved.clear();
    ledger.credit(rules.base, amountUnits);
  } else {
    ledger.debit(rules.base, amountUnits, reserved, order);
    if (amountUnits.compare(reserved) < 0) reserved.subtract(amountUnits);
    else reserved.clear();
    ledger.credit(rules.quote, MOVED.setDifference(cost, fee));
  }
}

/** Sets `into` to what an order may spend: base for sells; for buys the cost at its limit (or the last close plus slippage) plus the higher fee. */
export function reservationFor(into: Units, order: PaperOrder, reference: number | undefined, fees: { maker: number; taker: number }, slippage: number): Units {
  if (order.side === 'sell') return into.set(order.amountUnits);
  const price = order.price ?? reference! * (1 + slippage);
  into.setProduct(order.amountUnits, PRICE.setNumber(price));
  return into.add(FEE.setProduct(into, RESERVE_RATE.of(Math.max(fees.maker, fees.taker))));
}

/** Where matched orders go: settled at a price, or expired with a reason (made once per exchange, not per bar). */
export interface MatchSink {
  settle(order: PaperOrder, book: Book, amount: number, price: number, liquidity: 'maker' | 'taker', time: number): void;
  expire(order: PaperOrder, reason: string, time: number): void;
}

/**
 * Matches a bar against the book's working orders, oldest first: each that the bar fills is settled at
 * its price, limit fills capped by the bar's volume × participation. Orders placed by listeners during
 * this loop wait for the next bar.
 */
export function matchBook(book: Book, candle: Candle, slippage: number, participation: number, sink: MatchSink): void {
  const time = candle.time;
  const working = book.working;
  const count = working.length;
  let volumeLeft = participation * candle.volume;
  for (let i = 0; i < count; i++) {
    const order = working[i]!;
    if (!order.working) continue;
    const outcome = matchOrder(order, candle, slippage);
    const first = order.fresh;
    order.fresh = false;
    const timed = first && firstMatchRule.expiresAfterFirstBar(order.request);
    if (outcome.kind !== 'fill') {
      order.triggered ||= outcome.kind === 'triggered';
      if (timed) sink.expire(order, `${order.request.timeInForce === 'FOK' ? 'fill-or-kill' : 'immediate-or-cancel'}: nothing could fill at once — expired`, time);
      continue;
    }
    order.triggered ||= outcome.triggered;
    const remaining = order.remaining();
    let amount = remaining;
    if (outcome.volumeCapped) amount = Math.min(amount, book.amounts.truncate(Math.max(0, volumeLeft)));
    const refusal = first ? firstMatchRule.refuse(order.request, outcome.liquidity, amount, remaining) : null;
    if (refusal !== null) {
      sink.expire(order, refusal, time);
      continue;
    }
    if (amount > 0) {
      if (outcome.volumeCapped) volumeLeft -= amount;
      sink.settle(order, book, amount, book.prices.round(outcome.price), outcome.liquidity, time);
    }
    if (timed && order.working) sink.expire(order, `immediate-or-cancel: ${fmt(order.remaining())} not filled at once — expired`, time);
  }
  // Ended orders leave the book in place (orders placed by listeners meanwhile stay, in order). A cancel
  // during the loop replaces book.working with a copy that holds every later placement: compact that one.
  const after = book.working;
  let kept = 0;
  for (let i = 0; i < after.length; i++) {
    const order = after[i]!;
    if (order.working) after[kept++] = order;
  }
  after.length = kept;
}

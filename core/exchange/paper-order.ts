import type { ExchangeOrder, Fill, OrderRequest, OrderStatus, OrderUpdateListener } from './port.js';
import { Units } from './paper-units.js';
import type { PaperOrderState } from './paper-persistence.js';
import type { FundsPurpose } from './paper-ledger.js';
import { fmt } from './precision.js';

/** Scratch for remaining(). */
const LEFT = new Units();

/** One order working on the paper exchange: its request, fills so far and the funds it holds. */
export class PaperOrder implements FundsPurpose {
  status: OrderStatus = 'open';
  // Exact amounts changed in place by the venue (paper-units.ts).
  readonly filledUnits = new Units();
  readonly costUnits = new Units();
  readonly feeUnits = new Units();
  /** Funds still set aside for this order, in `reservedCurrency` ledger units. */
  readonly reserved = new Units();
  triggered = false;
  /** True until the first bar after placement has been matched. */
  fresh = true;
  updatedAt: number;
  rejection: string | null = null;
  readonly amountUnits: Units;

  constructor(
    readonly request: OrderRequest,
    readonly exchangeOrderId: string,
    /** Rounded to the market's precision. */
    readonly amount: number,
    readonly price: number | null,
    readonly stopPrice: number | null,
    readonly reservedCurrency: string,
    readonly base: string,
    readonly quote: string,
    readonly createdAt: number,
  ) {
    this.amountUnits = Units.ofNumber(amount);
    this.updatedAt = createdAt;
  }

  /** A working order as it was saved (see paper-persistence.ts). */
  static restore(state: PaperOrderState, base: string, quote: string): PaperOrder {
    const request: OrderRequest = {
      clientOrderId: state.clientOrderId,
      symbol: state.symbol,
      side: state.side,
      type: state.type,
      amount: state.amount,
      ...(state.price !== null ? { price: state.price } : {}),
      ...(state.stopPrice !== null ? { stopPrice: state.stopPrice } : {}),
      ...(state.reduceOnly ? { reduceOnly: true } : {}),
      ...(state.postOnly ? { postOnly: true } : {}),
      ...(state.timeInForce !== 'GTC' ? { timeInForce: state.timeInForce } : {}),
    };
    const order = new PaperOrder(request, state.exchangeOrderId, state.amount, state.price, state.stopPrice, state.reservedCurrency, base, quote, state.createdAt);
    order.status = state.status;
    order.filledUnits.setBig(state.filledUnits);
    order.costUnits.setBig(state.costUnits);
    order.feeUnits.setBig(state.feeUnits);
    order.reserved.setBig(state.reservedUnits);
    order.triggered = state.triggered;
    order.fresh = state.fresh;
    order.updatedAt = state.updatedAt;
    return order;
  }

  /** What is saved for a working order. */
  state(): PaperOrderState {
    if (!this.working) throw new Error(`paper order ${this.request.clientOrderId} is ${this.status}; only working orders are saved`);
    return {
      clientOrderId: this.request.clientOrderId,
      exchangeOrderId: this.exchangeOrderId,
      symbol: this.request.symbol,
      side: this.request.side,
      type: this.request.type,
      amount: this.amount,
      price: this.price,
      stopPrice: this.stopPrice,
      reduceOnly: this.request.reduceOnly === true,
      postOnly: this.request.postOnly === true,
      timeInForce: this.request.timeInForce ?? 'GTC',
      status: this.status as PaperOrderState['status'],
      reservedCurrency: this.reservedCurrency,
      reservedUnits: this.reserved.toBig(),
      filledUnits: this.filledUnits.toBig(),
      costUnits: this.costUnits.toBig(),
      feeUnits: this.feeUnits.toBig(),
      triggered: this.triggered,
      fresh: this.fresh,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
  }

  /** "buy 0.5 BTC at 64250.1" / "sell 1 BTC at market" (what an insufficient-funds message names). */
  describe(): string {
    const at = this.price !== null ? ` at ${fmt(this.price)}` : ' at market';
    return `${this.side} ${fmt(this.amount)} ${this.base}${at}`;
  }

  get side() {
    return this.request.side;
  }

  get type() {
    return this.request.type;
  }

  get working(): boolean {
    return this.status === 'open' || this.status === 'partially_filled';
  }

  remaining(): number {
    return LEFT.setDifference(this.amountUnits, this.filledUnits).toNumber();
  }

  // Spelled out field by field on purpose (like state()): the paper exchange snapshots orders on its hot
  // path, and building this from a spread helper made backtests ~40% slower (npm run bench).
  snapshot(): ExchangeOrder {
    const filled = this.filledUnits.toNumber();
    return {
      clientOrderId: this.request.clientOrderId,
      exchangeOrderId: this.exchangeOrderId,
      symbol: this.request.symbol,
      side: this.request.side,
      type: this.request.type,
      amount: this.amount,
      price: this.price,
      stopPrice: this.stopPrice,
      filled,
      averagePrice: this.filledUnits.sign() > 0 ? this.costUnits.toNumber() / filled : null,
      status: this.status,
      fee: this.feeUnits.toNumber(),
      feeCurrency: this.quote,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
  }
}

/** Hands the only listener the update made for it (`this`): no copy when nobody else is told. */
export function tellSoleListener(this: { order: ExchangeOrder; readonly fills: readonly Fill[] }, listener: OrderUpdateListener): void {
  listener(this);
}

/** Hands one listener its own copy of an order update (`this`: the order's snapshot and its fills). */
export function tellListener(this: { readonly order: ExchangeOrder; readonly fills: readonly Fill[] }, listener: OrderUpdateListener): void {
  listener({ order: this.order, fills: this.fills });
}

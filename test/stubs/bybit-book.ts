import { BYBIT_INSTRUMENTS, MAKER_FEE, STUB_LEVERAGE, TAKER_FEE, type BybitInstrument } from './bybit-fixtures.js';
import { checkNewOrder, type NewBybitOrder } from './bybit-order-rules.js';
import { BybitApiError } from './bybit-rules.js';

/**
 * The stub's one Bybit unified account trading USDT perpetuals in one-way mode (positionIdx 0):
 * orders, conditional orders, positions with their take-profit / stop-loss, executions, and the
 * USDT wallet with initial margin at a fixed leverage. Semantics from docs/v5/order/create-order.mdx
 * (conditional orders by `triggerPrice`, TP/SL on an opening order become the position's, reduce-only
 * "can only reduce your position") and docs/v5/position/position.mdx. Amounts are integers of 1e-8.
 * Prices move only when a test says so (`setPrice`): conditional orders and the positions' TP/SL
 * trigger, crossed limit orders fill.
 */
export const SCALE = 1e8;
export const toUnits = (value: string | number): number => Math.round(Number(value) * SCALE);
export const fromUnits = (units: number): number => units / SCALE;

export type BybitStatus = 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'Rejected' | 'Untriggered' | 'Triggered' | 'Deactivated';

export interface BybitOrder {
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: 'Buy' | 'Sell';
  readonly orderType: 'Market' | 'Limit';
  readonly price: number;
  qty: number;
  cumExecQty: number;
  cumExecValue: number;
  cumExecFee: number;
  orderStatus: BybitStatus;
  readonly timeInForce: string;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  readonly triggerPrice: number;
  readonly triggerDirection: 0 | 1 | 2;
  readonly stopOrderType: '' | 'Stop' | 'TakeProfit' | 'StopLoss';
  readonly takeProfit: number;
  readonly stopLoss: number;
  cancelType: string;
  /** Why Bybit closed the order itself (docs/v5/enum rejectReason), EC_NoError otherwise. */
  rejectReason: string;
  readonly createdTime: number;
  updatedTime: number;
}

export interface BybitPosition {
  readonly symbol: string;
  /** Signed: long > 0, short < 0. */
  size: number;
  avgPrice: number;
  takeProfit: number;
  stopLoss: number;
  cumRealisedPnl: number;
  createdTime: number;
  updatedTime: number;
}

export interface BybitExecution {
  readonly execId: string;
  readonly order: BybitOrder;
  readonly execPrice: number;
  readonly execQty: number;
  readonly execFee: number;
  readonly feeRate: number;
  readonly isMaker: boolean;
  readonly closedSize: number;
  readonly execTime: number;
}

const OPEN: ReadonlySet<BybitStatus> = new Set(['New', 'PartiallyFilled', 'Untriggered']);

export class BybitBook {
  readonly orders: BybitOrder[] = [];
  readonly executions: BybitExecution[] = [];
  readonly positions = new Map<string, BybitPosition>();
  /** USDT wallet balance (realised P&L and fees included). */
  wallet = toUnits(10_000);
  private readonly last = new Map<string, number>([['BTCUSDT', toUnits(50_000)], ['ETHUSDT', toUnits(3_000)]]);
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  instrument(symbol: unknown): BybitInstrument {
    const found = BYBIT_INSTRUMENTS.find((i) => i.symbol === symbol);
    if (!found) throw new BybitApiError(10001, 'Request parameter error: symbol invalid');
    return found;
  }

  price(symbol: string): number {
    return this.last.get(symbol) ?? 0;
  }

  position(symbol: string): BybitPosition {
    let position = this.positions.get(symbol);
    if (!position) {
      position = { symbol, size: 0, avgPrice: 0, takeProfit: 0, stopLoss: 0, cumRealisedPnl: 0, createdTime: this.now(), updatedTime: this.now() };
      this.positions.set(symbol, position);
    }
    return position;
  }

  open(symbol?: string | null): BybitOrder[] {
    return this.orders.filter((o) => OPEN.has(o.orderStatus) && (!symbol || o.symbol === symbol));
  }

  /** Initial margin held by positions and by open orders that would add to them. */
  usedMargin(): number {
    const positions = [...this.positions.values()].reduce((sum, p) => sum + Math.round((Math.abs(p.size) * p.avgPrice) / SCALE / STUB_LEVERAGE), 0);
    const orders = this.open().filter((o) => !o.reduceOnly && o.orderStatus !== 'Untriggered').reduce((sum, o) => sum + Math.round(((o.qty - o.cumExecQty) * (o.price || this.price(o.symbol))) / SCALE / STUB_LEVERAGE), 0);
    return positions + orders;
  }

  available(): number {
    return this.wallet - this.usedMargin();
  }

  /** POST /v5/order/create, parameters already checked against the endpoint's table. */
  create(params: Readonly<Record<string, unknown>>): BybitOrder {
    const request = checkNewOrder(this, params);
    if (request.orderLinkId && this.orders.some((o) => o.orderLinkId === request.orderLinkId)) throw new BybitApiError(110072, 'OrderLinkedID is duplicate');
    const order = this.record(request);
    if (order.orderStatus === 'New') this.work(order, true);
    return order;
  }

  /** Market moves to `price`: conditional orders and TP/SL trigger, crossed limit orders fill. */
  setPrice(symbol: string, price: number): void {
    const last = toUnits(price);
    this.last.set(symbol, last);
    for (const order of this.open(symbol).filter((o) => o.orderStatus === 'Untriggered' && (o.triggerDirection === 1 ? last >= o.triggerPrice : last <= o.triggerPrice))) {
      order.orderStatus = 'New';
      order.updatedTime = this.now();
      this.work(order, true);
    }
    const position = this.position(symbol);
    const hit = position.size > 0 ? (position.stopLoss > 0 && last <= position.stopLoss) || (position.takeProfit > 0 && last >= position.takeProfit) : position.size < 0 && ((position.stopLoss > 0 && last >= position.stopLoss) || (position.takeProfit > 0 && last <= position.takeProfit));
    if (hit) this.closeByTpSl(position, last);
    for (const order of this.open(symbol).filter((o) => o.orderStatus !== 'Untriggered' && crosses(o, last))) this.fill(order, order.price, true);
  }

  cancel(order: BybitOrder, cancelType = 'CancelByUser'): BybitOrder {
    if (!OPEN.has(order.orderStatus)) throw new BybitApiError(110001, 'Order does not exist');
    order.orderStatus = order.orderStatus === 'Untriggered' ? 'Deactivated' : 'Cancelled';
    order.cancelType = cancelType;
    order.updatedTime = this.now();
    return order;
  }

  find(symbol: string | null, orderId: unknown, orderLinkId: unknown): BybitOrder | null {
    return this.orders.find((o) => (!symbol || o.symbol === symbol) && (orderId ? o.orderId === orderId : o.orderLinkId === orderLinkId)) ?? null;
  }

  private record(request: NewBybitOrder): BybitOrder {
    const now = this.now();
    const order: BybitOrder = { ...request, orderId: `stub-${String(this.nextId++).padStart(8, '0')}`, cumExecQty: 0, cumExecValue: 0, cumExecFee: 0, orderStatus: request.triggerPrice > 0 ? 'Untriggered' : 'New', cancelType: 'UNKNOWN', rejectReason: 'EC_NoError', createdTime: now, updatedTime: now };
    this.orders.push(order);
    return order;
  }

  /** A live (or just triggered) order meets the book: market orders and crossing limits take at the last price. */
  private work(order: BybitOrder, taker: boolean): void {
    const last = this.price(order.symbol);
    if (order.reduceOnly) this.truncateReduceOnly(order);
    if (order.orderStatus !== 'New') return;
    const crossing = order.orderType === 'Market' || crosses(order, last);
    // Closed by Bybit at once: a PostOnly order that would take, an IOC or FOK limit with nothing to take.
    if (crossing && order.timeInForce === 'PostOnly') this.closeUnfilled(order, 'EC_PostOnlyWillTakeLiquidity');
    else if (crossing) this.fill(order, last, !taker);
    else if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') this.closeUnfilled(order, order.timeInForce === 'IOC' ? 'EC_NoImmediateQtyToFill' : 'EC_CancelForNoFullFill');
  }

  private closeUnfilled(order: BybitOrder, rejectReason: string): void {
    order.orderStatus = 'Cancelled';
    order.cancelType = 'UNKNOWN';
    order.rejectReason = rejectReason;
    order.updatedTime = this.now();
  }

  /** "Reduce only … can only reduce your position": never more than the position holds on the other side. */
  private truncateReduceOnly(order: BybitOrder): void {
    const size = this.position(order.symbol).size;
    const closable = (order.side === 'Sell' && size > 0) || (order.side === 'Buy' && size < 0) ? Math.abs(size) : 0;
    if (closable === 0) this.cancel(order, 'CancelByReduceOnly');
    else if (order.qty > closable) order.qty = closable;
  }

  private fill(order: BybitOrder, price: number, maker: boolean): void {
    const qty = order.qty - order.cumExecQty;
    const value = Math.round((qty * price) / SCALE);
    const feeRate = maker ? MAKER_FEE : TAKER_FEE;
    const fee = Math.round(value * feeRate);
    const closedSize = this.applyToPosition(order, qty, price);
    this.wallet -= fee;
    order.cumExecQty += qty;
    order.cumExecValue += value;
    order.cumExecFee += fee;
    order.orderStatus = 'Filled';
    order.updatedTime = this.now();
    this.executions.push({ execId: `exec-${String(this.executions.length + 1).padStart(8, '0')}`, order, execPrice: price, execQty: qty, execFee: fee, feeRate, isMaker: maker, closedSize, execTime: order.updatedTime });
    const position = this.position(order.symbol);
    if (position.size === 0) {
      [position.takeProfit, position.stopLoss] = [0, 0];
      for (const other of this.open(order.symbol).filter((o) => o.reduceOnly)) this.cancel(other, 'CancelByReduceOnly');
    } else if (!order.reduceOnly && (order.takeProfit > 0 || order.stopLoss > 0)) {
      // TP/SL set on the opening order become the position's (tpslMode Full).
      [position.takeProfit, position.stopLoss] = [order.takeProfit, order.stopLoss];
    }
  }

  /** Moves the position by a fill; realises P&L on the part that closes. Returns the closed size. */
  private applyToPosition(order: BybitOrder, qty: number, price: number): number {
    const position = this.position(order.symbol);
    const signed = order.side === 'Buy' ? qty : -qty;
    const closing = position.size !== 0 && Math.sign(signed) !== Math.sign(position.size) ? Math.min(qty, Math.abs(position.size)) : 0;
    if (closing > 0) {
      const pnl = Math.round((closing * (price - position.avgPrice) * Math.sign(position.size)) / SCALE);
      this.wallet += pnl;
      position.cumRealisedPnl += pnl;
    }
    const opening = qty - closing;
    const before = position.size;
    position.size += signed;
    if (opening > 0) position.avgPrice = closing > 0 || before === 0 ? price : Math.round((Math.abs(before) * position.avgPrice + opening * price) / (Math.abs(before) + opening));
    if (position.size === 0) position.avgPrice = 0;
    position.updatedTime = this.now();
    return closing;
  }

  /** The position's TP or SL was reached: Bybit closes it at market with a system order. */
  private closeByTpSl(position: BybitPosition, last: number): void {
    const stop = position.size > 0 ? last <= position.stopLoss && position.stopLoss > 0 : last >= position.stopLoss && position.stopLoss > 0;
    const order = this.record({
      symbol: position.symbol, side: position.size > 0 ? 'Sell' : 'Buy', orderType: 'Market', price: 0, qty: Math.abs(position.size), timeInForce: 'IOC', orderLinkId: '',
      reduceOnly: true, closeOnTrigger: true, triggerPrice: 0, triggerDirection: 0, stopOrderType: stop ? 'StopLoss' : 'TakeProfit', takeProfit: 0, stopLoss: 0,
    });
    this.fill(order, last, false);
  }
}

/** A limit price the market has reached. */
function crosses(order: Pick<BybitOrder, 'orderType' | 'side' | 'price'>, last: number): boolean {
  return order.orderType === 'Limit' && (order.side === 'Buy' ? order.price >= last : order.price <= last);
}

import { BinanceApiError, rejected } from './binance-errors.js';
import { checkFilters } from './binance-filters.js';
import { dec, STUB_SYMBOLS, symbolInfo, type StubSymbol } from './binance-fixtures.js';
import { BinanceLedger, fromUnits, SCALE, STUB_COMMISSION, toUnits } from './binance-ledger.js';

/**
 * The stub's matching engine: orders and trades with the order rules of
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md ("New order (TRADE)",
 * "Trigger order price rules against market price") and the matching-engine messages of errors.md.
 * Prices move only when a test says so (`setPrice`, `fill`): a move triggers the stop orders it
 * crosses (STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT become working limit orders) and fills the working
 * limit orders it crosses; an order list (OCO) expires its other leg when one leg executes.
 */
export { BinanceApiError } from './binance-errors.js';
export { fromUnits, STUB_COMMISSION, toUnits };

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

export interface StubOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly timeInForce: string;
  readonly price: number; // units
  readonly stopPrice: number; // units
  readonly origQty: number; // units
  executedQty: number;
  cummulativeQuoteQty: number;
  status: OrderStatus;
  /** False for a stop order that has not triggered yet (Binance's `isWorking`). */
  working: boolean;
  readonly orderListId: number;
  readonly time: number;
  updateTime: number;
}

export interface StubTrade {
  readonly id: number;
  readonly orderId: number;
  readonly orderListId: number;
  readonly symbol: string;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
  readonly price: number;
  readonly qty: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly time: number;
}

/** One change of an order at the venue, as Binance reports it on the user data stream. */
export interface BookExecution {
  readonly execution: 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED';
  readonly order: StubOrder;
  readonly trade: StubTrade | null;
  /** The assets whose balance the change touched (base and quote, and the fee asset). */
  readonly assets: readonly string[];
}

const ALGO = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']);
const OPEN: ReadonlySet<OrderStatus> = new Set(['NEW', 'PARTIALLY_FILLED']);
const NOT_SUPPORTED: Readonly<Record<string, string>> = {
  MARKET: 'Market orders are not supported for this symbol.',
  STOP_LOSS: 'Stop loss orders are not supported for this symbol.',
  STOP_LOSS_LIMIT: 'Stop loss limit orders are not supported for this symbol.',
  TAKE_PROFIT: 'Take profit orders are not supported for this symbol.',
  TAKE_PROFIT_LIMIT: 'Take profit limit orders are not supported for this symbol.',
};

export interface NewOrder {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly timeInForce?: string;
  readonly quantity: number;
  readonly price: number;
  readonly stopPrice: number;
  readonly clientOrderId: string;
  readonly orderListId?: number;
}

export class BinanceBook extends BinanceLedger {
  readonly orders: StubOrder[] = [];
  readonly trades: StubTrade[] = [];
  /** Pay commissions in BNB when the account holds enough ("BNB burn"); otherwise in the received asset. */
  feesInBnb = false;
  private readonly quoteVolumes = new Map<string, number>();
  readonly lists: { orderListId: number; listClientOrderId: string; symbol: string; time: number }[] = [];
  private nextOrderId = 1000;
  private nextListId = 1;
  private nextTradeId = 5000;
  /** Hears every order change (the user data stream pushes them). */
  readonly executions = new Set<(change: BookExecution) => void>();

  constructor(protected readonly now: () => number) {
    super();
    this.setBalance('USDT', 10_000);
    this.setBalance('BTC', 1);
    this.setBalance('ETH', 10);
    this.setPrice('BTCUSDT', 50_000);
    this.setPrice('ETHUSDT', 3_000);
    this.setPrice('BNBUSDT', 600);
    this.setPrice('SOLUSDT', 150);
    this.setPrice('LTCUSDT', 80);
    this.setPrice('BRDGBTC', 0.0002);
  }

  /** A trade happens at `price`: stops it crosses trigger, working limit orders it crosses fill. */
  setPrice(symbol: string, price: number): void {
    const last = toUnits(price);
    this.lastPrice.set(symbol, last);
    for (const order of this.open(symbol).filter((o) => !o.working && triggers(o, last))) {
      order.working = true;
      order.updateTime = this.now();
      // A triggered order that is marketable at once takes the book at the last price.
      if (crosses(order, last)) this.fill(order, last, false);
    }
    for (const order of this.open(symbol).filter((o) => o.working && crosses(o, last))) this.fill(order, order.price);
  }

  /** An order from an HTTP request's parameters (already checked against the endpoint's rules), or from a test. */
  create(params: URLSearchParams): StubOrder {
    const type = params.get('type') ?? '';
    const spec = this.symbol(params.get('symbol'));
    const quote = params.get('quoteOrderQty');
    const last = this.lastPrice.get(spec.symbol) ?? 0;
    const step = toUnits(spec.stepSize);
    const quantity = quote !== null ? Math.floor(toUnits(quote) * SCALE / last / step) * step : toUnits(params.get('quantity') ?? '0');
    return this.place({
      symbol: spec.symbol,
      side: params.get('side') === 'SELL' ? 'SELL' : 'BUY',
      type,
      timeInForce: params.get('timeInForce') ?? 'GTC',
      quantity,
      price: toUnits(params.get('price') ?? '0'),
      stopPrice: toUnits(params.get('stopPrice') ?? '0'),
      clientOrderId: params.get('newClientOrderId') ?? `stub${this.nextOrderId}`,
    });
  }

  /** Places one order (or one leg of an order list, already reserved by the list). */
  place(order: NewOrder, reservedByList = false): StubOrder {
    const spec = this.symbol(order.symbol);
    const last = this.lastPrice.get(spec.symbol) ?? 0;
    this.checkPlacement(spec, order, last);
    const placed: StubOrder = {
      symbol: spec.symbol,
      orderId: this.nextOrderId++,
      clientOrderId: order.clientOrderId,
      side: order.side,
      type: order.type,
      timeInForce: order.type === 'MARKET' || order.type === 'LIMIT_MAKER' ? 'GTC' : (order.timeInForce ?? 'GTC'),
      price: order.type === 'MARKET' ? 0 : order.price,
      stopPrice: order.stopPrice,
      origQty: order.quantity,
      executedQty: 0,
      cummulativeQuoteQty: 0,
      status: 'NEW',
      working: !ALGO.has(order.type),
      orderListId: order.orderListId ?? -1,
      time: this.now(),
      updateTime: this.now(),
    };
    const marketable = placed.working && (placed.type === 'MARKET' || crosses(placed, last));
    if (!reservedByList) this.reserve(spec, reservationKey(placed), placed.side, placed.origQty, marketable ? last : placed.price || last);
    this.orders.push(placed);
    this.report('NEW', placed, null);
    if (marketable) this.fill(placed, last, false);
    // Time in force (enums: "IOC — an order will try to fill the order as much as it can before the order
    // expires"; "FOK — an order will expire if the full order cannot be filled upon execution"). The stub's
    // book takes a marketable order whole at the last price, so an IOC/FOK that does not cross expires unfilled.
    else if (placed.type === 'LIMIT' && (placed.timeInForce === 'IOC' || placed.timeInForce === 'FOK')) this.close(placed, 'EXPIRED');
    return placed;
  }

  /** Places the legs of an order list atomically: every leg checked, one reservation for the shared quantity. */
  placeList(legs: readonly NewOrder[], listClientOrderId: string): { orderListId: number; listClientOrderId: string; orders: StubOrder[] } {
    const first = legs[0]!;
    const spec = this.symbol(first.symbol);
    const last = this.lastPrice.get(spec.symbol) ?? 0;
    const orderListId = this.nextListId++;
    const withList = legs.map((leg) => ({ ...leg, orderListId }));
    for (const leg of withList) this.checkPlacement(spec, leg, last);
    const highest = Math.max(...legs.map((leg) => leg.price || leg.stopPrice));
    this.reserve(spec, `list:${orderListId}`, first.side, first.quantity, highest);
    const orders = withList.map((leg) => this.place(leg, true));
    this.lists.push({ orderListId, listClientOrderId, symbol: spec.symbol, time: this.now() });
    return { orderListId, listClientOrderId, orders };
  }

  /**
   * Fills the rest of an open order at `price` units (tests call it to simulate the market), or only
   * `partUnits` of it: the order stays open PARTIALLY_FILLED and unlocks that share of what it held.
   */
  fill(order: StubOrder, priceUnits: number = order.price, maker = order.type !== 'MARKET', partUnits?: number): StubTrade {
    const spec = this.symbol(order.symbol);
    const rest = order.origQty - order.executedQty;
    const qty = partUnits !== undefined && partUnits < rest ? partUnits : rest;
    const cost = Math.round((qty * priceUnits) / SCALE);
    if (qty === rest) this.release(reservationKey(order));
    else this.releaseShare(reservationKey(order), qty / rest);
    const fee = this.commission(spec, order.side, qty, cost);
    this.settle(spec, order.side, qty, cost, fee);
    order.executedQty += qty;
    order.cummulativeQuoteQty += cost;
    order.status = qty === rest ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = this.now();
    const trade: StubTrade = { id: this.nextTradeId++, orderId: order.orderId, orderListId: order.orderListId, symbol: order.symbol, isBuyer: order.side === 'BUY', isMaker: maker, price: priceUnits, qty, commission: fee.amount, commissionAsset: fee.asset, time: order.updateTime };
    this.trades.push(trade);
    this.report('TRADE', order, trade);
    // OCO: "activation of one order immediately cancels the other" (reported as EXPIRED).
    if (order.orderListId >= 0) for (const other of this.open(order.symbol).filter((o) => o.orderListId === order.orderListId)) this.close(other, 'EXPIRED');
    return trade;
  }

  find(params: URLSearchParams): StubOrder {
    const symbol = this.symbol(params.get('symbol')).symbol;
    const orderId = params.get('orderId');
    const clientId = params.get('origClientOrderId');
    if (!orderId && !clientId) throw new BinanceApiError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    // "If both orderId and origClientOrderId are provided, the orderId is searched first, then the origClientOrderId
    // from that result is checked against that order. If both conditions are not met the request will be rejected."
    const matches = this.orders.filter((o) => o.symbol === symbol && (orderId ? String(o.orderId) === orderId && (!clientId || o.clientOrderId === clientId) : o.clientOrderId === clientId));
    const order = matches[matches.length - 1];
    if (!order) throw new BinanceApiError(400, -2013, 'Order does not exist.');
    return order;
  }

  /** Cancels an open order; an order of a list cancels the whole list ("Canceling an individual order from an order list will cancel the entire order list"). */
  cancel(order: StubOrder): StubOrder {
    if (!OPEN.has(order.status)) throw new BinanceApiError(400, -2011, 'Unknown order sent.');
    const legs = order.orderListId >= 0 ? this.open(order.symbol).filter((o) => o.orderListId === order.orderListId) : [order];
    for (const leg of legs) this.close(leg, 'CANCELED');
    return order;
  }

  open(symbol?: string | null): StubOrder[] {
    return this.orders.filter((o) => OPEN.has(o.status) && (!symbol || o.symbol === symbol));
  }

  symbolIds(): string[] {
    return STUB_SYMBOLS.map((s) => s.symbol);
  }

  /** A symbol's 24 h quote volume as its ticker reports it (the fixture's unless a test set one). */
  quoteVolume24h(id: string): number {
    return this.quoteVolumes.get(id) ?? this.symbol(id).quoteVolume24h;
  }

  setQuoteVolume24h(id: string, quoteVolume: number): void {
    this.quoteVolumes.set(this.symbol(id).symbol, quoteVolume);
  }

  symbol(id: string | null): StubSymbol {
    const spec = STUB_SYMBOLS.find((s) => s.symbol === id);
    if (!spec) throw new BinanceApiError(400, -1121, 'Invalid symbol.');
    return spec;
  }

  /** Rules the matching engine applies to a new order: type enabled, unique client id, triggers, filters, funds. */
  checkPlacement(spec: StubSymbol, order: NewOrder, last: number): void {
    const types = symbolInfo(spec)['orderTypes'] as readonly string[];
    if (!types.includes(order.type)) throw rejected(NOT_SUPPORTED[order.type] ?? 'Unsupported order combination');
    if (this.open().some((o) => o.clientOrderId === order.clientOrderId)) throw rejected('Duplicate order sent.');
    if (ALGO.has(order.type) && triggers({ side: order.side, type: order.type, stopPrice: order.stopPrice }, last)) throw rejected('Order would trigger immediately.');
    if (order.type === 'LIMIT_MAKER' && crosses({ side: order.side, price: order.price }, last)) throw rejected('Order would immediately match and take.');
    const open = this.open(spec.symbol).filter((o) => o.orderListId < 0 || o.orderListId !== order.orderListId);
    checkFilters(spec, { ...order, reference: last, openOrders: open.length, openAlgoOrders: open.filter((o) => ALGO.has(o.type)).length });
  }

  private close(order: StubOrder, status: 'CANCELED' | 'EXPIRED'): void {
    this.release(reservationKey(order));
    order.status = status;
    order.updateTime = this.now();
    this.report(status, order, null);
  }

  private commission(spec: StubSymbol, side: 'BUY' | 'SELL', qty: number, cost: number): { asset: string; amount: number } {
    const bnb = this.lastPrice.get('BNBUSDT') ?? 0;
    if (this.feesInBnb && spec.quote === 'USDT' && bnb > 0) {
      const amount = Math.round((Math.round(cost * STUB_COMMISSION) * SCALE) / bnb);
      if ((this.free.get('BNB') ?? 0) >= amount) return { asset: 'BNB', amount };
    }
    return side === 'BUY' ? { asset: spec.base, amount: Math.round(qty * STUB_COMMISSION) } : { asset: spec.quote, amount: Math.round(cost * STUB_COMMISSION) };
  }

  private report(execution: BookExecution['execution'], order: StubOrder, trade: StubTrade | null): void {
    const spec = this.symbol(order.symbol);
    const assets = [...new Set([spec.base, spec.quote, ...(trade ? [trade.commissionAsset] : [])])];
    for (const listener of this.executions) listener({ execution, order, trade, assets });
  }
}

/** One reservation per order, or one per order list (both legs share the quantity). */
export const reservationKey = (order: Pick<StubOrder, 'orderId' | 'orderListId'>): string => (order.orderListId >= 0 ? `list:${order.orderListId}` : `order:${order.orderId}`);

/** Stop orders trigger when the last price reaches stopPrice from the side the doc names ("Trigger order price rules"). */
function triggers(order: Pick<StubOrder, 'side' | 'type' | 'stopPrice'>, last: number): boolean {
  if (!ALGO.has(order.type)) return false;
  const stopLoss = order.type.startsWith('STOP_LOSS');
  const above = (order.side === 'BUY') === stopLoss; // STOP_LOSS BUY and TAKE_PROFIT SELL sit above the market
  return above ? last >= order.stopPrice : last <= order.stopPrice;
}

/** A limit price the market price has reached. */
function crosses(order: Pick<StubOrder, 'side' | 'price'>, last: number): boolean {
  return order.price > 0 && (order.side === 'BUY' ? order.price >= last : order.price <= last);
}

export function orderBody(order: StubOrder): Record<string, unknown> {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: order.orderListId,
    clientOrderId: order.clientOrderId,
    price: dec(fromUnits(order.price)),
    origQty: dec(fromUnits(order.origQty)),
    executedQty: dec(fromUnits(order.executedQty)),
    cummulativeQuoteQty: dec(fromUnits(order.cummulativeQuoteQty)),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    // "Conditional fields in Order Responses": stopPrice appears for stop and take-profit orders only.
    ...(ALGO.has(order.type) ? { stopPrice: dec(fromUnits(order.stopPrice)) } : {}),
    time: order.time,
    updateTime: order.updateTime,
    isWorking: order.working,
    workingTime: order.working ? order.time : -1,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

export function tradeBody(trade: StubTrade): Record<string, unknown> {
  return {
    symbol: trade.symbol,
    id: trade.id,
    orderId: trade.orderId,
    orderListId: trade.orderListId,
    price: dec(fromUnits(trade.price)),
    qty: dec(fromUnits(trade.qty)),
    quoteQty: dec(fromUnits(Math.round((trade.qty * trade.price) / SCALE))),
    commission: dec(fromUnits(trade.commission)),
    commissionAsset: trade.commissionAsset,
    time: trade.time,
    isBuyer: trade.isBuyer,
    isMaker: trade.isMaker,
    isBestMatch: true,
  };
}

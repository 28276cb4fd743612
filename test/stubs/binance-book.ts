import { dec, STUB_SYMBOLS, type StubSymbol } from './binance-fixtures.js';

/**
 * The stub's exchange-side state: balances, orders and trades, with Binance's filter checks and
 * error codes. Amounts are kept as integers of 1e-8 so the stub itself never drifts.
 */
const SCALE = 1e8;
const toUnits = (text: string | number): number => Math.round(Number(text) * SCALE);
const fromUnits = (units: number): number => units / SCALE;

export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface StubOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly price: number; // units
  readonly stopPrice: number; // units
  readonly origQty: number; // units
  executedQty: number;
  cummulativeQuoteQty: number;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
  readonly time: number;
  updateTime: number;
}

export interface StubTrade {
  readonly id: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
  readonly price: number;
  readonly qty: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly time: number;
}

export const STUB_COMMISSION = 0.001;

/** One change of an order at the venue, as Binance reports it on the user data stream. */
export interface BookExecution {
  readonly execution: 'NEW' | 'TRADE' | 'CANCELED';
  readonly order: StubOrder;
  readonly trade: StubTrade | null;
  /** The assets whose balance the change touched (base and quote). */
  readonly assets: readonly string[];
}

export class BinanceBook {
  readonly orders: StubOrder[] = [];
  readonly trades: StubTrade[] = [];
  private readonly free = new Map<string, number>();
  private readonly locked = new Map<string, number>();
  private readonly lastPrice = new Map<string, number>();
  /** The price each open order's funds were locked at (released at the same price). */
  private readonly reservedAt = new Map<number, number>();
  private nextOrderId = 1000;
  private nextTradeId = 5000;
  /** Hears every order change (the user data stream pushes them). */
  readonly executions = new Set<(change: BookExecution) => void>();

  constructor(private readonly now: () => number) {
    this.setBalance('USDT', 10_000);
    this.setBalance('BTC', 1);
    this.setBalance('ETH', 10);
    this.setPrice('BTCUSDT', 50_000);
    this.setPrice('ETHUSDT', 3_000);
  }

  setBalance(asset: string, amount: number): void {
    this.free.set(asset, toUnits(amount));
  }

  setPrice(symbol: string, price: number): void {
    this.lastPrice.set(symbol, toUnits(price));
  }

  price(symbol: string): number {
    return fromUnits(this.lastPrice.get(symbol) ?? 0);
  }

  balances(): { asset: string; free: string; locked: string }[] {
    const assets = new Set([...this.free.keys(), ...this.locked.keys()]);
    return [...assets].map((asset) => this.balanceOf(asset));
  }

  create(params: URLSearchParams): StubOrder {
    const spec = this.symbol(params.get('symbol'));
    const side = params.get('side');
    const type = params.get('type');
    if (side !== 'BUY' && side !== 'SELL') throw new BinanceApiError(400, -1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
    if (!type || !['MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'].includes(type)) throw new BinanceApiError(400, -1116, 'Invalid orderType.');
    const clientOrderId = params.get('newClientOrderId') ?? `stub-${this.nextOrderId}`;
    if (this.orders.some((o) => o.clientOrderId === clientOrderId && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'))) {
      throw new BinanceApiError(400, -2010, 'Duplicate order sent.');
    }
    const qty = toUnits(params.get('quantity') ?? '0');
    const last = this.lastPrice.get(spec.symbol) ?? 0;
    const price = type === 'MARKET' ? 0 : toUnits(params.get('price') ?? '0');
    const stopPrice = toUnits(params.get('stopPrice') ?? '0');
    this.checkFilters(spec, qty, type === 'MARKET' ? last : price, type !== 'MARKET');
    const now = this.now();
    const order: StubOrder = {
      symbol: spec.symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      price,
      stopPrice,
      origQty: qty,
      executedQty: 0,
      cummulativeQuoteQty: 0,
      status: 'NEW',
      time: now,
      updateTime: now,
    };
    const marketable = type === 'MARKET' || (type === 'LIMIT' && (side === 'BUY' ? price >= last : price <= last));
    this.reserve(spec, order, marketable ? last : price);
    this.orders.push(order);
    this.report('NEW', order, null);
    if (marketable) this.fill(order, last);
    return order;
  }

  /** Fills the rest of an open order at `price` (tests use this to simulate the market). */
  fill(order: StubOrder, priceUnits: number = order.price): StubTrade {
    const spec = this.symbol(order.symbol);
    const qty = order.origQty - order.executedQty;
    const cost = Math.round((qty * priceUnits) / SCALE);
    const commission = Math.round(cost * STUB_COMMISSION);
    this.release(spec, order);
    if (order.side === 'BUY') {
      this.add(spec.quote, -(cost + commission));
      this.add(spec.base, qty);
    } else {
      this.add(spec.base, -qty);
      this.add(spec.quote, cost - commission);
    }
    order.executedQty += qty;
    order.cummulativeQuoteQty += cost;
    order.status = 'FILLED';
    order.updateTime = this.now();
    const trade: StubTrade = {
      id: this.nextTradeId++,
      orderId: order.orderId,
      symbol: order.symbol,
      isBuyer: order.side === 'BUY',
      isMaker: order.type !== 'MARKET',
      price: priceUnits,
      qty,
      commission,
      commissionAsset: spec.quote,
      time: order.updateTime,
    };
    this.trades.push(trade);
    this.report('TRADE', order, trade);
    return trade;
  }

  find(params: URLSearchParams): StubOrder {
    const symbol = this.symbol(params.get('symbol')).symbol;
    const orderId = params.get('orderId');
    const clientId = params.get('origClientOrderId');
    const matches = this.orders.filter((o) => o.symbol === symbol && (orderId ? String(o.orderId) === orderId : o.clientOrderId === clientId));
    const order = matches[matches.length - 1];
    if (!order) throw new BinanceApiError(400, -2013, 'Order does not exist.');
    return order;
  }

  cancel(order: StubOrder): StubOrder {
    if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED') throw new BinanceApiError(400, -2011, 'Unknown order sent.');
    this.release(this.symbol(order.symbol), order);
    order.status = 'CANCELED';
    order.updateTime = this.now();
    this.report('CANCELED', order, null);
    return order;
  }

  open(symbol?: string | null): StubOrder[] {
    return this.orders.filter((o) => (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && (!symbol || o.symbol === symbol));
  }

  symbol(id: string | null): StubSymbol {
    const spec = STUB_SYMBOLS.find((s) => s.symbol === id);
    if (!spec) throw new BinanceApiError(400, -1121, 'Invalid symbol.');
    return spec;
  }

  /** Free and locked amounts of one asset, as Binance's balance fields. */
  balanceOf(asset: string): { asset: string; free: string; locked: string } {
    return { asset, free: dec(fromUnits(this.free.get(asset) ?? 0)), locked: dec(fromUnits(this.locked.get(asset) ?? 0)) };
  }

  private report(execution: BookExecution['execution'], order: StubOrder, trade: StubTrade | null): void {
    const spec = this.symbol(order.symbol);
    for (const listener of this.executions) listener({ execution, order, trade, assets: [spec.base, spec.quote] });
  }

  private checkFilters(spec: StubSymbol, qty: number, price: number, isLimit: boolean): void {
    const step = toUnits(spec.stepSize);
    if (qty < toUnits(spec.minQty) || qty > toUnits(spec.maxQty) || (qty - toUnits(spec.minQty)) % step !== 0) {
      throw new BinanceApiError(400, -1013, 'Filter failure: LOT_SIZE');
    }
    if (isLimit && (price < toUnits(spec.minPrice) || price % toUnits(spec.tickSize) !== 0)) {
      throw new BinanceApiError(400, -1013, 'Filter failure: PRICE_FILTER');
    }
    if ((qty * price) / SCALE < toUnits(spec.minNotional)) throw new BinanceApiError(400, -1013, 'Filter failure: NOTIONAL');
  }

  private reserve(spec: StubSymbol, order: StubOrder, price: number): void {
    const [asset, amount] = order.side === 'BUY' ? [spec.quote, Math.round((order.origQty * price) / SCALE * (1 + STUB_COMMISSION))] : [spec.base, order.origQty];
    if ((this.free.get(asset) ?? 0) < amount) throw new BinanceApiError(400, -2010, 'Account has insufficient balance for requested action.');
    this.add(asset, -amount);
    this.reservedAt.set(order.orderId, price);
    this.locked.set(asset, (this.locked.get(asset) ?? 0) + amount);
  }

  private release(spec: StubSymbol, order: StubOrder): void {
    const price = this.reservedAt.get(order.orderId) ?? order.price;
    this.reservedAt.delete(order.orderId);
    const remaining = order.origQty - order.executedQty;
    const [asset, amount] = order.side === 'BUY' ? [spec.quote, Math.round((remaining * price) / SCALE * (1 + STUB_COMMISSION))] : [spec.base, remaining];
    this.locked.set(asset, (this.locked.get(asset) ?? 0) - amount);
    this.add(asset, amount);
  }

  private add(asset: string, units: number): void {
    this.free.set(asset, (this.free.get(asset) ?? 0) + units);
  }
}

export function orderBody(order: StubOrder): Record<string, unknown> {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    price: dec(fromUnits(order.price)),
    origQty: dec(fromUnits(order.origQty)),
    executedQty: dec(fromUnits(order.executedQty)),
    cummulativeQuoteQty: dec(fromUnits(order.cummulativeQuoteQty)),
    status: order.status,
    timeInForce: 'GTC',
    type: order.type,
    side: order.side,
    stopPrice: dec(fromUnits(order.stopPrice)),
    icebergQty: '0.00000000',
    time: order.time,
    updateTime: order.updateTime,
    isWorking: true,
    workingTime: order.time,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

export function tradeBody(trade: StubTrade): Record<string, unknown> {
  return {
    symbol: trade.symbol,
    id: trade.id,
    orderId: trade.orderId,
    orderListId: -1,
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

export { fromUnits, toUnits };

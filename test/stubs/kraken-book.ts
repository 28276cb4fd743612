import { KRAKEN_MAKER, KRAKEN_PAIRS, KRAKEN_TAKER, type KrakenPair } from './kraken-fixtures.js';
import { invalidArguments, KrakenError } from './kraken-rules.js';

/**
 * The stub's Kraken spot account: balances, orders (market, limit, stop-loss, stop-loss-limit) and
 * trades, with AddOrder's documented rules (docs.kraken.com/api/docs/rest-api/add-order): volume in
 * `lot_decimals` and at least `ordermin` (EOrder:Order minimum not met), cost at least `costmin`
 * (EOrder:Cost minimum not met), prices on `tick_size` (EOrder:Tick size check failed), `cl_ord_id`
 * unique among open orders and exclusive with `userref`, funds held for open orders
 * (EOrder:Insufficient funds). For stop-loss orders `price` is the trigger and, for
 * stop-loss-limit, `price2` the limit. Kraken refuses no stop the market has already reached: "If entered
 * above market price, it will execute immediately" (a sell stop; support.kraken.com/hc/en-us/articles/
 * 203325793-Stop-loss-orders) — such a stop triggers as it is added. Amounts are integers of 1e-8. Prices
 * move when a test says so.
 */
export const SCALE = 1e8;
export const toUnits = (value: string | number): number => Math.round(Number(value) * SCALE);
export const fromUnits = (units: number): number => units / SCALE;

export type KrakenStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';

export interface KrakenOrder {
  readonly txid: string;
  readonly pair: KrakenPair;
  readonly type: 'buy' | 'sell';
  readonly ordertype: string;
  readonly volume: number;
  readonly price: number;
  readonly price2: number;
  readonly clOrdId: string | null;
  readonly userref: number | null;
  status: KrakenStatus;
  /** Why a closed order closed when the venue closed it itself (a post-only order that would have taken). */
  reason: string | null;
  volExec: number;
  cost: number;
  fee: number;
  /** False while a stop order waits for its trigger. */
  triggered: boolean;
  readonly opentm: number;
  closetm: number;
  readonly trades: string[];
}

export interface KrakenTrade {
  readonly id: string;
  readonly order: KrakenOrder;
  readonly price: number;
  readonly vol: number;
  readonly cost: number;
  readonly fee: number;
  readonly maker: boolean;
  readonly time: number;
}

const ORDER_TYPES = ['market', 'limit', 'stop-loss', 'stop-loss-limit', 'take-profit', 'take-profit-limit'];
const STOPS = new Set(['stop-loss', 'stop-loss-limit', 'take-profit', 'take-profit-limit']);

export class KrakenBook {
  readonly orders: KrakenOrder[] = [];
  readonly trades: KrakenTrade[] = [];
  private readonly balances = new Map<string, number>([['XXBT', toUnits(1)], ['XETH', toUnits(10)], ['USDT', toUnits(10_000)]]);
  private readonly last = new Map<string, number>([['XBTUSDT', toUnits(50_000)], ['ETHUSDT', toUnits(3_000)]]);
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  setBalance(asset: string, amount: number): void {
    this.balances.set(asset, toUnits(amount));
  }

  price(pairId: string): number {
    return this.last.get(pairId) ?? 0;
  }

  pair(id: string | undefined): KrakenPair {
    const pair = KRAKEN_PAIRS.find((p) => p.id === id || p.altname === id || p.wsname === id);
    if (!pair) throw new KrakenError('EQuery:Unknown asset pair');
    return pair;
  }

  open(): KrakenOrder[] {
    return this.orders.filter((o) => o.status === 'open');
  }

  /** Balance and the part of it held by open orders (BalanceEx's `hold_trade`). */
  balance(asset: string): { balance: number; hold: number } {
    const hold = this.open().reduce((sum, o) => sum + this.holdOf(o, asset), 0);
    return { balance: this.balances.get(asset) ?? 0, hold };
  }

  assets(): string[] {
    return [...this.balances.keys()];
  }

  add(params: Readonly<Record<string, string>>): KrakenOrder {
    const pair = this.pair(params['pair']);
    const type = params['type'];
    if (type !== 'buy' && type !== 'sell') throw invalidArguments('type');
    const ordertype = params['ordertype'] ?? '';
    if (!ORDER_TYPES.includes(ordertype)) throw invalidArguments('ordertype');
    if (params['cl_ord_id'] !== undefined && params['userref'] !== undefined) throw invalidArguments('cl_ord_id');
    const clOrdId = params['cl_ord_id'] ?? null;
    if (clOrdId !== null && !/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[\x20-\x7e]{1,18})$/i.test(clOrdId)) throw invalidArguments('cl_ord_id');
    if (clOrdId !== null && this.open().some((o) => o.clOrdId === clOrdId)) throw new KrakenError('EOrder:Duplicate order');
    const volume = this.decimal(params, 'volume', pair.lotDecimals);
    const price = ordertype === 'market' ? 0 : this.priceOf(params, 'price', pair);
    const price2 = ordertype.endsWith('-limit') && STOPS.has(ordertype) ? this.priceOf(params, 'price2', pair) : 0;
    if (volume < toUnits(pair.ordermin)) throw new KrakenError('EOrder:Order minimum not met');
    const last = this.price(pair.id);
    const workingPrice = ordertype === 'limit' ? price : price2 || price || last;
    if (Math.round((volume * workingPrice) / SCALE) < toUnits(pair.costmin)) throw new KrakenError('EOrder:Cost minimum not met');
    const { postOnly, immediate } = executionOf(params, ordertype);
    const order: KrakenOrder = { txid: this.txid(), pair, type, ordertype, volume, price, price2, clOrdId, userref: params['userref'] !== undefined ? Number(params['userref']) : null, status: 'open', reason: null, volExec: 0, cost: 0, fee: 0, triggered: !STOPS.has(ordertype), opentm: this.now(), closetm: 0, trades: [] };
    const [asset, need] = this.need(order, workingPrice);
    if (this.balance(asset).balance - this.balance(asset).hold < need) throw new KrakenError('EOrder:Insufficient funds');
    this.orders.push(order);
    const crossing = ordertype === 'limit' && crosses(order.type, price, last);
    // Accepted, then closed by the engine: a post-only order that would take, an IOC with nothing to take.
    if (postOnly && crossing) this.close(order, 'Post only order');
    else if (ordertype === 'market' || crossing) this.fill(order, last, false);
    else if (!order.triggered && reached(order, last)) this.trigger(order, last);
    else if (immediate && order.triggered) this.close(order, 'Immediate or cancel');
    return order;
  }

  private close(order: KrakenOrder, reason: string): void {
    order.status = 'canceled';
    order.reason = reason;
    order.closetm = this.now();
  }

  cancel(order: KrakenOrder): void {
    if (order.status !== 'open') throw new KrakenError('EOrder:Unknown order');
    order.status = 'canceled';
    order.closetm = this.now();
  }

  /** A trade at `price`: stops it reaches trigger, working limit prices it reaches fill. */
  setPrice(pairId: string, price: number): void {
    const last = toUnits(price);
    this.last.set(pairId, last);
    for (const order of this.open().filter((o) => o.pair.id === pairId)) {
      if (!order.triggered && reached(order, last)) {
        this.trigger(order, last);
      } else if (order.triggered && order.ordertype !== 'market' && crosses(order.type, limitOf(order), last)) {
        this.fill(order, limitOf(order), true);
      }
    }
  }

  /** The stop is reached: a stop-loss takes at the last price, a stop-loss-limit works at its limit (taking now if it crosses). */
  private trigger(order: KrakenOrder, last: number): void {
    order.triggered = true;
    if (!order.ordertype.endsWith('-limit') || crosses(order.type, order.price2, last)) this.fill(order, last, false);
  }

  private fill(order: KrakenOrder, price: number, maker: boolean): void {
    const vol = order.volume - order.volExec;
    const cost = Math.round((vol * price) / SCALE);
    const fee = Math.round(cost * (maker ? KRAKEN_MAKER : KRAKEN_TAKER));
    const [base, quote] = [order.pair.base, order.pair.quote];
    const sign = order.type === 'buy' ? 1 : -1;
    this.balances.set(base, (this.balances.get(base) ?? 0) + sign * vol);
    this.balances.set(quote, (this.balances.get(quote) ?? 0) - sign * cost - fee);
    order.volExec += vol;
    order.cost += cost;
    order.fee += fee;
    order.status = 'closed';
    order.closetm = this.now();
    const trade: KrakenTrade = { id: this.txid('T'), order, price, vol, cost, fee, maker, time: order.closetm };
    order.trades.push(trade.id);
    this.trades.push(trade);
  }

  private need(order: KrakenOrder, price: number): [string, number] {
    return order.type === 'buy' ? [order.pair.quote, Math.round(((order.volume * price) / SCALE) * (1 + KRAKEN_TAKER))] : [order.pair.base, order.volume];
  }

  private holdOf(order: KrakenOrder, asset: string): number {
    const [held, amount] = this.need(order, limitOf(order) || this.price(order.pair.id));
    return held === asset ? amount : 0;
  }

  private decimal(params: Readonly<Record<string, string>>, name: string, decimals: number): number {
    const value = params[name] ?? '';
    const match = /^\d+(?:\.(\d+))?$/.exec(value);
    if (!match || Number(value) <= 0 || (match[1]?.length ?? 0) > decimals) throw invalidArguments(name);
    return toUnits(value);
  }

  private priceOf(params: Readonly<Record<string, string>>, name: string, pair: KrakenPair): number {
    const value = params[name];
    if (value === undefined || !/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw invalidArguments(name);
    if (toUnits(value) % toUnits(pair.tickSize) !== 0) throw new KrakenError('EOrder:Tick size check failed');
    return toUnits(value);
  }

  private txid(prefix = 'O'): string {
    const n = String(this.nextId++).padStart(10, '0');
    return `${prefix}${n.slice(0, 5)}-${n.slice(5)}-STUB${prefix}`;
  }
}

/** The limit a working order rests at: its price, or for a triggered stop-limit its price2. */
function limitOf(order: KrakenOrder): number {
  return order.ordertype.endsWith('-limit') && STOPS.has(order.ordertype) ? order.price2 : order.price;
}

/** "A stop-loss triggers when the reference price reaches the stop price from an unfavourable direction." */
function reached(order: KrakenOrder, last: number): boolean {
  const stopLoss = order.ordertype.startsWith('stop-loss');
  const falls = (order.type === 'sell') === stopLoss; // sell stop-loss and buy take-profit trigger on a fall
  return falls ? last <= order.price : last >= order.price;
}

const FLAGS = ['post', 'fcib', 'fciq', 'nompp', 'viqc'];

/**
 * AddOrder's `oflags` ("post: post-only order (available when ordertype = limit)") and `timeinforce`
 * (GTC, IOC or GTD — no FOK on spot: docs.kraken.com/api/docs/rest-api/add-order); GTD needs `expiretm`.
 */
function executionOf(params: Readonly<Record<string, string>>, ordertype: string): { postOnly: boolean; immediate: boolean } {
  const flags = params['oflags'] ? params['oflags'].split(',') : [];
  if (flags.some((flag) => !FLAGS.includes(flag))) throw invalidArguments('oflags');
  const postOnly = flags.includes('post');
  if (postOnly && ordertype !== 'limit') throw invalidArguments('oflags');
  const timeInForce = params['timeinforce'] ?? 'GTC';
  if (!['GTC', 'IOC', 'GTD'].includes(timeInForce) || (timeInForce === 'GTD' && !params['expiretm'])) throw invalidArguments('timeinforce');
  if (postOnly && timeInForce === 'IOC') throw invalidArguments('timeinforce');
  return { postOnly, immediate: timeInForce === 'IOC' };
}

function crosses(type: 'buy' | 'sell', limit: number, last: number): boolean {
  return limit > 0 && (type === 'buy' ? limit >= last : limit <= last);
}

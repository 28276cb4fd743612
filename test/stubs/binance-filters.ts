import { filterFailure } from './binance-errors.js';
import { symbolInfo, type StubSymbol } from './binance-fixtures.js';

/**
 * Binance's symbol filters, evaluated from the same filter objects the stub publishes in
 * exchangeInfo, with the rules of https://github.com/binance/binance-spot-api-docs/blob/master/filters.md.
 * Amounts are integers of 1e-8 (the venue's 8 decimals), so `%` is exact. A failure is -1013
 * "Filter failure: <FILTER>" (errors.md, "Filter failures").
 *
 * Where the doc says "average of previous trade prices over avgPriceMins", the stub uses its last
 * trade price: it has no trade tape, and a test that needs another reference sets the price.
 */
const SCALE = 1e8;
const units = (value: unknown): number => Math.round(Number(value) * SCALE);

export interface FilterInput {
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  /** All amounts in 1e-8 units; 0 when the order has none. */
  readonly quantity: number;
  readonly price: number;
  readonly stopPrice: number;
  /** The reference price (the stub's last trade). */
  readonly reference: number;
  /** Open orders on the symbol before this one, and how many of them are stop/take-profit orders. */
  readonly openOrders: number;
  readonly openAlgoOrders: number;
}

type Filter = Readonly<Record<string, string | number | boolean>>;

export function checkFilters(spec: StubSymbol, input: FilterInput): void {
  const filters = new Map<string, Filter>(symbolInfo(spec).filters.map((f) => [String(f['filterType']), f]));
  const isMarket = input.type === 'MARKET';
  const isAlgo = input.type.startsWith('STOP_LOSS') || input.type.startsWith('TAKE_PROFIT');
  const check = (name: string, ok: (f: Filter) => boolean) => {
    const filter = filters.get(name);
    if (filter && !ok(filter)) throw filterFailure(name);
  };
  check('PRICE_FILTER', (f) => [input.price, input.stopPrice].every((p) => p === 0 || priceOk(f, p)));
  check('PERCENT_PRICE_BY_SIDE', (f) => input.price === 0 || percentOk(f, input.side, input.price, input.reference));
  check('LOT_SIZE', (f) => lotOk(f, input.quantity));
  if (isMarket) check('MARKET_LOT_SIZE', (f) => lotOk(f, input.quantity));
  const notionalPrice = isMarket ? input.reference : input.price;
  const notional = Math.round((input.quantity * notionalPrice) / SCALE);
  check('MIN_NOTIONAL', (f) => (isMarket && f['applyToMarket'] !== true) || notional >= units(f['minNotional']));
  check('NOTIONAL', (f) => ((isMarket && f['applyMinToMarket'] !== true) || notional >= units(f['minNotional'])) && ((isMarket && f['applyMaxToMarket'] !== true) || notional <= units(f['maxNotional'])));
  check('MAX_NUM_ORDERS', (f) => input.openOrders < Number(f['maxNumOrders']));
  if (isAlgo) check('MAX_NUM_ALGO_ORDERS', (f) => input.openAlgoOrders < Number(f['maxNumAlgoOrders']));
}

/** price >= minPrice, price <= maxPrice, price % tickSize == 0; each rule off when its value is 0. */
function priceOk(f: Filter, price: number): boolean {
  const [min, max, tick] = [units(f['minPrice']), units(f['maxPrice']), units(f['tickSize'])];
  return (min === 0 || price >= min) && (max === 0 || price <= max) && (tick === 0 || price % tick === 0);
}

/** quantity >= minQty, quantity <= maxQty, quantity % stepSize == 0 (MARKET_LOT_SIZE: 0 disables a rule). */
function lotOk(f: Filter, quantity: number): boolean {
  const [min, max, step] = [units(f['minQty']), units(f['maxQty']), units(f['stepSize'])];
  return quantity >= min && (max === 0 || quantity <= max) && (step === 0 || quantity % step === 0);
}

/** BUY: price within [ref × bidMultiplierDown, ref × bidMultiplierUp]; SELL with the ask multipliers. */
function percentOk(f: Filter, side: 'BUY' | 'SELL', price: number, reference: number): boolean {
  if (reference === 0) return true;
  const [up, down] = side === 'BUY' ? [Number(f['bidMultiplierUp']), Number(f['bidMultiplierDown'])] : [Number(f['askMultiplierUp']), Number(f['askMultiplierDown'])];
  return price <= reference * up && price >= reference * down;
}

import * as ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import type { MarketSymbol } from '../market/candle.js';
import type { LiquidityTier, MarketKind, MarketRules, OrderOptions, TimeInForce } from './port.js';

/** Large caps by default; the trader's configuration may override per symbol. */
const LARGE_CAPS = new Set(['BTC', 'ETH']);

export function defaultTier(base: string): LiquidityTier {
  return LARGE_CAPS.has(base) ? 'large' : 'mid';
}

/**
 * A ccxt market → Halyard's MarketRules. Steps are expressed as increments whatever the venue's
 * precision mode (tick size, or a number of decimal places), so the UI and the paper exchange
 * never need to know about ccxt's counting modes.
 */
export function toMarketRules(exchange: ccxt.Exchange, market: ccxt.Market, tiers: Readonly<Record<string, LiquidityTier>> = {}): MarketRules | null {
  if (!market || typeof market.symbol !== 'string' || !market.base || !market.quote) return null;
  const amountStep = toStep(exchange, market.precision?.amount);
  const priceStep = toStep(exchange, market.precision?.price);
  if (amountStep === null || priceStep === null) return null;
  const symbol: MarketSymbol = market.symbol;
  return {
    symbol,
    kind: marketKind(market),
    base: market.base,
    quote: market.quote,
    amountStep,
    priceStep,
    minAmount: positiveOrNull(market.limits?.amount?.min),
    maxAmount: positiveOrNull(market.limits?.amount?.max),
    minCost: positiveOrNull(market.limits?.cost?.min),
    maxCost: positiveOrNull(market.limits?.cost?.max),
    tier: tiers[symbol] ?? defaultTier(market.base),
    makerFee: finiteOr(market.maker, 0),
    takerFee: finiteOr(market.taker, 0),
    orderOptions: orderOptions(exchange, market),
  };
}

const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];

/**
 * Where ccxt's `features` list a time in force the venue's order endpoint refuses: Kraken spot's AddOrder
 * takes `timeinforce` GTC, IOC or GTD (docs.kraken.com/api/docs/rest-api/add-order), never FOK.
 */
const REFUSED_TIME_IN_FORCE: Readonly<Record<string, readonly TimeInForce[]>> = { kraken: ['FOK'] };

/**
 * Post-only and time in force as ccxt's `features` list them for the market's kind (`timeInForce: {IOC,
 * FOK, PO, GTC}`), narrowed by the market's own order types where the venue lists them (Binance's
 * exchangeInfo `orderTypes`: post-only is its LIMIT_MAKER type).
 */
export function orderOptions(exchange: Pick<ccxt.Exchange, 'features' | 'id'>, market: Pick<NonNullable<ccxt.Market>, 'type' | 'swap' | 'future' | 'option' | 'linear' | 'inverse' | 'info'>): OrderOptions {
  const kind = marketKind(market);
  const features = (exchange.features ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const section = kind === 'spot' || kind === 'margin' ? features['spot'] : features[kind]?.[market.inverse === true ? 'inverse' : 'linear'];
  const createOrder = (section as { createOrder?: { timeInForce?: Record<string, boolean> } } | undefined)?.createOrder;
  const flags = createOrder?.timeInForce ?? {};
  const types = (market.info as { orderTypes?: unknown } | undefined)?.orderTypes;
  const listed = Array.isArray(types) ? types.map(String) : null;
  return {
    postOnly: flags['PO'] === true && (listed === null || listed.includes('LIMIT_MAKER')),
    timeInForce: TIME_IN_FORCE.filter((tif) => tif === 'GTC' || (flags[tif] === true && !(REFUSED_TIME_IN_FORCE[exchange.id] ?? []).includes(tif))),
  };
}

/** From ccxt's per-market flags (never the exchange-wide `has`): one venue lists spot pairs and perpetuals side by side. */
export function marketKind(market: Pick<NonNullable<ccxt.Market>, 'type' | 'swap' | 'future' | 'option'>): MarketKind {
  if (market.swap === true) return 'swap';
  if (market.future === true) return 'future';
  if (market.option === true) return 'option';
  return market.type === 'margin' ? 'margin' : 'spot';
}

function toStep(exchange: ccxt.Exchange, precision: number | undefined): number | null {
  if (typeof precision !== 'number' || !Number.isFinite(precision)) return null;
  if (exchange.precisionMode === ccxt.functions.TICK_SIZE) return precision > 0 ? precision : null;
  if (exchange.precisionMode === ccxt.functions.DECIMAL_PLACES) return 10 ** -precision;
  // SIGNIFICANT_DIGITS venues have no fixed step; ccxt still rounds correctly, we show 1e-8.
  return 1e-8;
}

function positiveOrNull(value: number | undefined | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The market's last price, or undefined when the ticker gives none; a failed ticker read throws. */
export async function readLastPrice(client: Exchange, symbol: MarketSymbol, read: <T>(operation: () => Promise<T>) => Promise<T>): Promise<number | undefined> {
  const ticker = await read(() => client.fetchTicker(symbol));
  const price = ticker.last ?? ticker.close ?? undefined;
  return typeof price === 'number' && price > 0 ? price : undefined;
}

/** The market's last price (a market order's notional check), or undefined when the venue does not say. */
export async function lastPrice(client: Exchange, symbol: MarketSymbol, read: <T>(operation: () => Promise<T>) => Promise<T>): Promise<number | undefined> {
  // The venue still enforces its notional filter; a failed read only loses the early message.
  return readLastPrice(client, symbol, read).catch(() => undefined);
}

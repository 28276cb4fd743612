import { z } from 'zod';
import { ExchangeError } from './errors.js';
import type { MarketKind, OrderRequest } from './port.js';
import { takesReduceOnly } from './port.js';
import { stopAlreadyReached } from './precision.js';

/**
 * How a market's createOrder takes a stop, from ccxt's per-market `features` (spot, or swap/future by
 * linear/inverse): a unified `triggerPrice`, with a `triggerDirection` where the venue needs one, or
 * only the `stopLossPrice` form.
 */
export interface StopFeatures {
  readonly triggerPrice: boolean;
  readonly triggerDirection: boolean;
  readonly stopLossPrice: boolean;
}

const createOrderFeatures = z.object({ createOrder: z.object({ triggerPrice: z.boolean().optional(), triggerDirection: z.boolean().optional(), stopLossPrice: z.boolean().optional() }).passthrough().nullable().optional() }).passthrough();

/** The stop features of one ccxt market (`client.features` and `client.market(symbol)`). */
export function stopFeaturesOf(features: unknown, market: { readonly type?: string; readonly inverse?: boolean | undefined }): StopFeatures {
  const byType = z.record(z.string(), z.unknown()).safeParse(features).data?.[market.type === 'swap' || market.type === 'future' ? market.type : 'spot'];
  const scoped = market.type === 'swap' || market.type === 'future' ? z.record(z.string(), z.unknown()).safeParse(byType).data?.[market.inverse ? 'inverse' : 'linear'] : byType;
  const create = createOrderFeatures.safeParse(scoped).data?.createOrder ?? {};
  return { triggerPrice: create.triggerPrice === true, triggerDirection: create.triggerDirection === true, stopLossPrice: create.stopLossPrice === true };
}

/**
 * The ccxt `params` Halyard adds to one createOrder call — only parameters the venue's order
 * endpoint documents for that kind of market, because strict venues refuse anything else:
 *
 * - `clientOrderId`: every venue (ccxt maps it to newClientOrderId, cl_ord_id, orderLinkId, …).
 * - reduce-only: contract markets only. Binance spot answers `reduceOnly` with -1104 "Not all sent
 *   parameters were read" (developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 *   lists no such parameter); Bybit's /v5/order/create documents `reduceOnly` "Valid for linear,
 *   inverse & option" (bybit-exchange.github.io/docs/v5/order/create-order). A spot exit simply
 *   sells what is held, so dropping the flag there loses nothing.
 * - the stop trigger of a stop-limit, in the form the market's ccxt features say it reads: the unified
 *   `triggerPrice` (Binance spot: STOP_LOSS_LIMIT with `stopPrice`), plus `triggerDirection` where the
 *   market needs one (Bybit's conditional orders on contracts: "1: triggered when market price rises
 *   to triggerPrice, 2: … falls", docs/v5/order/create-order — a Halyard stop-limit is a stop-loss
 *   style order, so a sell triggers on a fall and a buy on a rise, like Binance's STOP_LOSS_LIMIT); or,
 *   where ccxt reads no `triggerPrice` (Kraken spot), `stopLossPrice`, from which it builds AddOrder's
 *   `ordertype=stop-loss-limit` with the trigger as `price` and the limit as `price2`.
 * - post-only and time in force of a limit order, as ccxt's unified `postOnly` / `timeInForce` (Binance
 *   spot: type LIMIT_MAKER for post-only, which takes no timeInForce; `timeInForce` IOC or FOK on a
 *   LIMIT — developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints). GTC is the
 *   default and is left to ccxt.
 */
export function ccxtOrderParams(stops: StopFeatures, kind: MarketKind, request: OrderRequest, stopPrice: number | null): Record<string, unknown> {
  const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
  if (stopPrice !== null) Object.assign(params, triggerParams(stops, request, stopPrice));
  if (request.reduceOnly === true && takesReduceOnly({ kind })) params['reduceOnly'] = true;
  if (request.type === 'limit' && request.postOnly === true) params['postOnly'] = true;
  else if (request.type === 'limit' && request.timeInForce !== undefined && request.timeInForce !== 'GTC') params['timeInForce'] = request.timeInForce;
  return params;
}

function triggerParams(stops: StopFeatures, request: OrderRequest, stopPrice: number): Record<string, unknown> {
  if (stops.triggerPrice) return { triggerPrice: stopPrice, ...(stops.triggerDirection ? { triggerDirection: request.side === 'sell' ? 'descending' : 'ascending' } : {}) };
  if (stops.stopLossPrice) return { stopLossPrice: stopPrice };
  throw new ExchangeError('invalid_order', `${request.symbol} takes no stop orders through ccxt (neither a trigger price nor a stop-loss price)`);
}

/**
 * Venues that take a stop the market has already reached and execute it at once instead of refusing it.
 * Kraken: a sell stop's "stop price is entered below the current market price. If entered above market
 * price, it will execute immediately." (support.kraken.com/hc/en-us/articles/203325793-Stop-loss-orders);
 * AddOrder documents no refusal for it — "stop-loss-limit: A limit order is triggered when the reference
 * price reaches the stop price (from an unfavourable direction)", the reference `trigger` being `last` by
 * default (docs.kraken.com/api/docs/rest-api/add-order). A Halyard stop-limit rests until its stop is
 * reached, and Binance and paper refuse a reached one; on these venues it is refused before sending.
 */
const EXECUTES_REACHED_STOPS: ReadonlySet<string> = new Set(['kraken']);

/**
 * On a venue that executes a reached stop at once, refuses (beside the stop price) a stop its last traded
 * price has already reached, and one whose last price cannot be read (a failed ticker, or none given):
 * unchecked, it might execute at once. Refused rather than checked against a price Halyard already has: the
 * feed's may be another venue's or minutes old, and a wrong "not reached" sells at once; a refusal costs one
 * retry (the message says so). Nothing is asked of the venue elsewhere.
 */
export async function refuseReachedStop(venue: string, request: Pick<OrderRequest, 'side' | 'symbol'>, stopPrice: number | null, lastPrice: () => Promise<number | undefined>): Promise<void> {
  if (stopPrice === null || !EXECUTES_REACHED_STOPS.has(venue)) return;
  const name = `${venue.charAt(0).toUpperCase()}${venue.slice(1)}`;
  const last = await lastPrice().catch(() => undefined);
  if (last === undefined) {
    throw new ExchangeError('invalid_order', `The last price of ${request.symbol} could not be read from ${name}, so the stop could not be checked against the market (${name} would execute a reached stop at once); not sent — try again`, undefined, 'stopPrice');
  }
  const reached = stopAlreadyReached(request.side, stopPrice, last);
  if (reached !== null) throw new ExchangeError('invalid_order', `${reached} (${name} would execute it at once; not sent)`, undefined, 'stopPrice');
}

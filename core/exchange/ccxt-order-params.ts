import type { MarketKind, OrderRequest } from './port.js';
import { takesReduceOnly } from './port.js';

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
 * - the stop trigger of a stop-limit, in the form the venue's ccxt class reads it:
 *   Kraken's AddOrder takes the trigger as `price` of ordertype `stop-loss-limit`, which ccxt builds
 *   from `stopLossPrice` (its kraken class ignores `triggerPrice`); Bybit's conditional orders on
 *   contracts need `triggerDirection` ("1: triggered when market price rises to triggerPrice,
 *   2: … falls", docs/v5/order/create-order) — a Halyard stop-limit is a stop-loss style order, so
 *   a sell triggers on a fall and a buy on a rise, like Binance's STOP_LOSS_LIMIT; everyone else
 *   takes ccxt's unified `triggerPrice` (Binance spot: STOP_LOSS_LIMIT with `stopPrice`).
 * - post-only and time in force of a limit order, as ccxt's unified `postOnly` / `timeInForce` (Binance
 *   spot: type LIMIT_MAKER for post-only, which takes no timeInForce; `timeInForce` IOC or FOK on a
 *   LIMIT — developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints). GTC is the
 *   default and is left to ccxt.
 */
export function ccxtOrderParams(venue: string, kind: MarketKind, request: OrderRequest, stopPrice: number | null): Record<string, unknown> {
  const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
  if (stopPrice !== null) Object.assign(params, triggerParams(venue, kind, request.side, stopPrice));
  if (request.reduceOnly === true && takesReduceOnly({ kind })) params['reduceOnly'] = true;
  if (request.type === 'limit' && request.postOnly === true) params['postOnly'] = true;
  else if (request.type === 'limit' && request.timeInForce !== undefined && request.timeInForce !== 'GTC') params['timeInForce'] = request.timeInForce;
  return params;
}

function triggerParams(venue: string, kind: MarketKind, side: OrderRequest['side'], stopPrice: number): Record<string, unknown> {
  if (venue === 'kraken') return { stopLossPrice: stopPrice };
  if (venue.startsWith('bybit') && takesReduceOnly({ kind })) return { triggerPrice: stopPrice, triggerDirection: side === 'sell' ? 'descending' : 'ascending' };
  return { triggerPrice: stopPrice };
}

import * as ccxt from 'ccxt';
import { ExchangeError, type ExchangeErrorKind } from './errors.js';

/**
 * Translates ccxt's error classes into Halyard's ExchangeError kinds at the boundary.
 *
 * Whether a failure is "ambiguous" depends on what was being done: a timeout on a read is just
 * a temporary failure (retry it), but a timeout or 5xx on an order POST means the order may or
 * may not exist — `unknown_outcome`, to be settled by a lookup, never by resending.
 */
export type OperationKind = 'read' | 'write';

/** ccxt errors carry this when our response hook saw a Retry-After header (ccxt itself ignores it). */
export interface WithRetryAfter {
  retryAfterMs?: number;
}

const MAX_MESSAGE = 400;

export function mapCcxtError(error: unknown, operation: OperationKind): ExchangeError {
  if (error instanceof ExchangeError) return error;
  const message = describe(error);
  const retryAfterMs = (error as WithRetryAfter | null)?.retryAfterMs;
  const kind = kindOf(error, operation);
  if (kind === 'invalid_order' && STOP_WOULD_TRIGGER.test(message)) return new ExchangeError(kind, `${message} — ${STOP_ALREADY_REACHED}`, undefined, 'stopPrice');
  return new ExchangeError(kind, message, kind === 'rate_limited' ? retryAfterMs : undefined);
}

/**
 * A venue's refusal of a stop whose trigger the market has already reached; it names the ticket's stop
 * price field and says what to change.
 * - Binance spot: -2010 "Order would trigger immediately." — "The order's stop price is not valid when
 *   compared to the last traded price" (errors.md, github.com/binance/binance-spot-api-docs; ccxt also
 *   knows "Stop price would trigger immediately.").
 * - Bybit v5 conditional orders: 110092 "expect Rising, but trigger_price[XXXXX] <= current[XXXXX]" and
 *   110093 "expect Falling, but trigger_price[XXXXX] >= current[XXXXX]" (docs/v5/error.mdx,
 *   github.com/bybit-exchange/docs): a triggerDirection 1 (rise) stop at or below the market, or 2 (fall)
 *   at or above it.
 * - Kraken refuses none: a stop already reached "will execute immediately" — the adapter refuses it before
 *   sending (ccxt-order-params.ts, refuseReachedStop), in these words.
 */
const STOP_WOULD_TRIGGER = /would trigger immediately|expect (rising|falling), but trigger_price/i;
const STOP_ALREADY_REACHED = 'the stop price has already been reached by the last price (a sell stop must be below the market, a buy stop above it)';

/**
 * A refusal of the request's signature that ccxt leaves a bare ExchangeError: Kraken's "EAPI:Invalid
 * signature" (https://docs.kraken.com/api/docs/guides/spot-errors: "An invalid API-Sign header was
 * supplied"), a wrong API secret. The request was refused before it was processed — nothing was created,
 * and retrying cannot help — so it is the key's problem, not an unknown outcome or the network.
 */
const SIGNATURE_REFUSED = /EAPI:Invalid signature/;

function kindOf(error: unknown, operation: OperationKind): ExchangeErrorKind {
  const ambiguous: ExchangeErrorKind = operation === 'write' ? 'unknown_outcome' : 'temporary';
  // Order matters: subclasses before their parents.
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) return 'rate_limited';
  // Rejected before it was processed (clock skew): nothing was created, safe to retry after resync.
  if (error instanceof ccxt.InvalidNonce) return 'temporary';
  if (error instanceof ccxt.RequestTimeout) return ambiguous;
  if (error instanceof ccxt.ExchangeNotAvailable) return operation === 'write' ? 'unknown_outcome' : 'unavailable';
  if (error instanceof ccxt.NetworkError) return ambiguous;
  if (error instanceof ccxt.BadResponse || error instanceof ccxt.CancelPending) return ambiguous;
  if (error instanceof ccxt.InsufficientFunds) return 'insufficient_funds';
  if (error instanceof ccxt.OrderNotFound || error instanceof ccxt.OrderNotCached) return 'order_not_found';
  if (error instanceof ccxt.AuthenticationError || error instanceof ccxt.AccountSuspended) return 'auth';
  if (error instanceof ccxt.ExchangeError && SIGNATURE_REFUSED.test(error.message)) return 'auth';
  if (
    error instanceof ccxt.InvalidOrder ||
    error instanceof ccxt.BadRequest ||
    error instanceof ccxt.ArgumentsRequired ||
    error instanceof ccxt.OperationRejected ||
    error instanceof ccxt.NotSupported
  ) {
    return 'invalid_order';
  }
  // A bare ccxt ExchangeError or anything else: we cannot tell whether a write took effect.
  return ambiguous;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** True when a ccxt error says the venue already has an order with this client id (the send did land earlier). */
export function isDuplicateClientIdError(error: unknown): boolean {
  if (error instanceof ccxt.DuplicateOrderId) return true;
  const text = error instanceof Error ? error.message : '';
  return /duplicate order sent|duplicate.*client.?order.?id|clientorderid.*(exists|duplicate)/i.test(text);
}

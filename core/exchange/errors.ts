/**
 * Domain errors for everything that talks to a venue. Adapters translate their library's
 * errors into these at the boundary, so callers decide on retry/abort by kind, not by message.
 */
export type ExchangeErrorKind =
  | 'temporary' // network hiccup, 5xx: safe to retry a read; a write must be looked up first
  | 'rate_limited' // 429/418: back off (honour Retry-After)
  | 'insufficient_funds'
  | 'invalid_order' // precision, limits, unknown market: fix the order, do not retry
  | 'order_not_found'
  | 'auth' // bad key, permissions
  | 'unknown_outcome' // the order may or may not exist: settle by lookup, never resend blindly
  | 'unavailable'; // venue cannot be reached at all

export class ExchangeError extends Error {
  constructor(
    readonly kind: ExchangeErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    /** The order field the venue refused (`stopPrice` for a stop that would trigger at once), so the ticket shows it there. */
    readonly field?: 'stopPrice',
  ) {
    super(message);
    this.name = 'ExchangeError';
  }

  get retryable(): boolean {
    return this.kind === 'temporary' || this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
}

export function isExchangeError(error: unknown, kind?: ExchangeErrorKind): error is ExchangeError {
  return error instanceof ExchangeError && (kind === undefined || error.kind === kind);
}

/** What a rate limit's refusal of an order means for the trader: nothing was placed, and when to send it again ('' for any other error). */
export function rateLimitNote(error: unknown, account: string): string {
  if (!isExchangeError(error) || error.kind !== 'rate_limited') return '';
  const wait = error.retryAfterMs !== undefined ? `in ${Math.ceil(error.retryAfterMs / 1000)} s` : 'once the limit has passed';
  return ` — not placed: ${account} refused it over its rate limit; send it again ${wait}.`;
}

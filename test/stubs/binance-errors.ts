/**
 * A Binance error answer `{code, msg}` with its HTTP status. Codes and messages are the ones listed
 * in https://github.com/binance/binance-spot-api-docs/blob/master/errors.md.
 */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Extra response headers (Retry-After on 429/418). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** -2010 NEW_ORDER_REJECTED with one of the matching engine's messages ("Messages for -1010 … -2010 …"). */
export const rejected = (message: string) => new BinanceApiError(400, -2010, message);

/** -1013 with a "Filter failure: …" message (errors.md, "Filter failures"). */
export const filterFailure = (filter: string) => new BinanceApiError(400, -1013, `Filter failure: ${filter}`);

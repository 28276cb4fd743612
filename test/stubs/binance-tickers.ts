import { BinanceApiError } from './binance-errors.js';

/**
 * Which markets a symbol ticker request asks for, as
 * https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md documents "24hr ticker price
 * change statistics" (GET /api/v3/ticker/24hr) and "Symbol price ticker" (GET /api/v3/ticker/price):
 *  - "Parameter symbol and symbols cannot be used in combination" (-1128, errors.md; the venue's message
 *    adds "Recommendation: 'symbol' and 'symbols' cannot both be sent.");
 *  - "If neither parameter is sent, tickers for all symbols will be returned in an array";
 *  - `symbols` is a JSON array such as ["BTCUSDT","BNBUSDT"] (URL-encoded), else -1100 with the legal range
 *    the venue prints; a symbol it does not list is -1121 "Invalid symbol.";
 *  - `symbolStatus` (TRADING, HALT, BREAK; else -1122): "For a single symbol, a status mismatch returns
 *    error -1220 SYMBOL_DOES_NOT_MATCH_STATUS. For multiple or all symbols, non-matching ones are simply
 *    excluded from the response." (every stub market is TRADING);
 *  - `type` of the 24 h ticker: FULL (default) or MINI, else -1139 "Invalid ticker type.".
 * One symbol answers an object, several an array.
 */
export type AskedTickers = { readonly one: string } | { readonly list: readonly string[] };

const SYMBOL_RANGE = '^[A-Z0-9-_.]{1,20}$';
const SYMBOLS_RANGE = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$';
const STATUSES = new Set(['TRADING', 'HALT', 'BREAK']);
const illegal = (name: string, range: string) => new BinanceApiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`);

/** The symbols asked for; `valid` throws -1121 for one the venue does not list and returns its id. */
export function askedTickers(params: URLSearchParams, all: readonly string[], valid: (symbol: string) => string): AskedTickers {
  const symbol = params.get('symbol');
  const symbols = params.get('symbols');
  if (symbol !== null && symbols !== null) throw new BinanceApiError(400, -1128, "Combination of optional parameters invalid. Recommendation: 'symbol' and 'symbols' cannot both be sent.");
  const status = params.get('symbolStatus');
  if (status !== null && !STATUSES.has(status)) throw new BinanceApiError(400, -1122, 'Invalid symbolStatus.');
  const trading = status === null || status === 'TRADING';
  if (symbol !== null) {
    if (!new RegExp(SYMBOL_RANGE).test(symbol)) throw illegal('symbol', SYMBOL_RANGE);
    const id = valid(symbol);
    if (!trading) throw new BinanceApiError(400, -1220, "The symbol's status does not match the requested symbolStatus.");
    return { one: id };
  }
  if (symbols !== null && !new RegExp(SYMBOLS_RANGE).test(symbols)) throw illegal('symbols', SYMBOLS_RANGE);
  const list = symbols === null ? all : (JSON.parse(symbols) as string[]).map(valid);
  return { list: trading ? list : [] };
}

/** How many markets `symbols` names (for the weight); null when it is not sent. */
function symbolCount(params: URLSearchParams): number | null {
  const symbols = params.get('symbols');
  if (symbols === null) return null;
  return symbols.split(',').length;
}

/** 24 h ticker weight: symbol 2; symbols 1–20 → 2, 21–100 → 40, 101 or more → 80; neither → 80. */
export function ticker24hWeight(params: URLSearchParams): number {
  if (params.has('symbol')) return 2;
  const count = symbolCount(params);
  return count === null ? 80 : count <= 20 ? 2 : count <= 100 ? 40 : 80;
}

/** Price ticker weight: symbol 2; symbols (any number) or neither 4. */
export function tickerPriceWeight(params: URLSearchParams): number {
  return params.has('symbol') ? 2 : 4;
}

/** The 24 h ticker's `type`: FULL unless MINI is asked for. */
export function tickerType(params: URLSearchParams): 'FULL' | 'MINI' {
  const type = params.get('type') ?? 'FULL';
  if (type !== 'FULL' && type !== 'MINI') throw new BinanceApiError(400, -1139, 'Invalid ticker type.');
  return type;
}

/** Every answer in one shape: an object for one symbol, an array for several. */
export function tickerAnswer(asked: AskedTickers, body: (symbol: string) => Record<string, unknown>): unknown {
  return 'one' in asked ? body(asked.one) : asked.list.map(body);
}

/** The MINI 24 h ticker: the FULL one without price change, weighted average, last quantity and book fields. */
export function miniTicker(full: Record<string, unknown>): Record<string, unknown> {
  const { symbol, openPrice, highPrice, lowPrice, lastPrice, volume, quoteVolume, openTime, closeTime, firstId, lastId, count } = full;
  return { symbol, openPrice, highPrice, lowPrice, lastPrice, volume, quoteVolume, openTime, closeTime, firstId, lastId, count };
}

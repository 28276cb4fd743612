import type { Exchange, Ticker } from 'ccxt';
import type { MarketSymbol } from '../market/candle.js';

/**
 * Markets per ticker request. Binance weighs GET /api/v3/ticker/24hr by how many `symbols` it is
 * asked for: 1–20 cost 2, 21–100 cost 40, more 80 (rest-api.md, "24hr ticker price change
 * statistics"), so batches of 20 are the cheapest way to ask for many.
 */
export const TICKER_BATCH = 20;

/** What pricing needs of a venue adapter (CcxtExchange): its ccxt client and its rate-budgeted, retried read. */
export interface TickerVenue {
  readonly client: Pick<Exchange, 'has' | 'fetchTickers' | 'fetchTicker'>;
  read<T>(operation: () => Promise<T>): Promise<T>;
}

/**
 * The venue's last price of each of `symbols` (markets the venue lists), asked for in batches of
 * TICKER_BATCH through ccxt fetchTickers — one ticker at a time where the venue has no batch call.
 * Every request goes through the account's rate budget. A market the venue answers nothing usable
 * for is left out (the caller says it is not valued).
 */
export async function venueLastPrices(venue: TickerVenue, symbols: readonly MarketSymbol[]): Promise<Map<MarketSymbol, number>> {
  const prices = new Map<MarketSymbol, number>();
  const take = (symbol: string, ticker: Ticker | undefined) => {
    const price = ticker?.last ?? ticker?.close;
    if (typeof price === 'number' && Number.isFinite(price) && price > 0) prices.set(symbol, price);
  };
  const wanted = [...new Set(symbols)];
  if (venue.client.has['fetchTickers'] !== true) {
    for (const symbol of wanted) take(symbol, await venue.read(() => venue.client.fetchTicker(symbol)));
    return prices;
  }
  for (let start = 0; start < wanted.length; start += TICKER_BATCH) {
    const batch = wanted.slice(start, start + TICKER_BATCH);
    const tickers = await venue.read(() => venue.client.fetchTickers(batch));
    for (const symbol of batch) take(symbol, tickers[symbol]);
  }
  return prices;
}

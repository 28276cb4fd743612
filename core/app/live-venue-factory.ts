import type { LiveVenue, LiveVenueRequest } from '../accounts/live-venue.js';
import { CcxtAccountStream } from '../exchange/ccxt-account-stream.js';
import { CcxtDepthSource } from '../exchange/ccxt-depth-source.js';
import { CcxtExchange } from '../exchange/ccxt-exchange.js';
import { venueLastPrices } from '../exchange/ccxt-last-prices.js';
import { keyPermissions } from '../exchange/key-permissions.js';
import { refreshVolumeTiers } from '../exchange/volume-tiers.js';
import type { RateBudgets } from '../exchange/rate-budget.js';

/** Book levels asked for when no feed streams the symbol (Binance: weight 5 up to 100). */
const ORDER_CHECK_LEVELS = 100;

/** Opens a live account's venue through ccxt: the adapter (sharing the account's rate budget) and its private stream. */
export function ccxtVenueFactory(budgets: RateBudgets, pollMs?: number): (request: LiveVenueRequest) => LiveVenue {
  return (request) => {
    const exchange = new CcxtExchange({
      account: {
        exchange: request.exchange,
        apiKey: request.apiKey,
        secret: request.secret,
        ...(request.password ? { password: request.password } : {}),
        sandbox: request.sandbox,
        baseUrl: request.baseUrl,
      },
      budgets,
    });
    const stream = new CcxtAccountStream({ exchange, ...(pollMs !== undefined ? { pollMs } : {}), onStatus: () => request.onStatus(), ...(request.onReconnected ? { onReconnected: request.onReconnected } : {}) });
    const depth = new CcxtDepthSource(exchange);
    return { exchange, stream, orderBook: (symbol) => depth.fetchBook(symbol, ORDER_CHECK_LEVELS), keepConnectionsWarm: (wanted) => exchange.keepConnectionsWarm(wanted), keyPermissions: () => keyPermissions(exchange), lastPrices: (symbols) => venueLastPrices(exchange, symbols), refreshTiers: (volumes) => refreshVolumeTiers(exchange, volumes) };
  };
}

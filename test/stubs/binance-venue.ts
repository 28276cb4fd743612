import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import type { BinanceStub } from './binance-stub.js';

/** Real ccxt binance pointed at the loopback stub, with its own request budget and markets loaded. */
export async function binanceVenue(stub: BinanceStub, accountKey: string, readAttempts: number): Promise<CcxtExchange> {
  const budgets = new RateBudgets();
  budgets.forAccount(accountKey, () => new RateBudget({ refillPerMs: 1, capacity: 200 }));
  const venue = new CcxtExchange({
    account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 5_000 },
    accountKey,
    budgets,
    readRetry: { attempts: readAttempts, baseDelayMs: 1, maxDelayMs: readAttempts },
  });
  await venue.loadMarkets();
  return venue;
}

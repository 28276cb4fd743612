import { CcxtCandleSource } from '../exchange/ccxt-candle-source.js';
import { CcxtDepthSource } from '../exchange/ccxt-depth-source.js';
import { CcxtExchange } from '../exchange/ccxt-exchange.js';
import type { RateBudgets } from '../exchange/rate-budget.js';
import type { MarketSymbol } from '../market/candle.js';
import type { CandleStore } from '../market/candle-store.js';
import { ExchangeFeed } from '../market/exchange-feed.js';
import { SpikeGate, type SpikeFlagPersistence } from '../market/spike-gate.js';

export const DEFAULT_EXCHANGE_SYMBOLS: readonly MarketSymbol[] = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];

export interface ExchangeFeedRequest {
  readonly exchange: string;
  readonly symbols?: readonly MarketSymbol[] | undefined;
  readonly sandbox: boolean;
  readonly baseUrl?: string | undefined;
}

/**
 * A live exchange's public market data (no credentials needed): ccxt REST + websockets behind the
 * ExchangeFeed, closed bars validated and stored, spikes held back. Throws when the venue cannot
 * be reached or does not list the symbols; the caller falls back to the simulated market.
 */
export async function openExchangeFeed(
  request: ExchangeFeedRequest,
  deps: { budgets: RateBudgets; store: CandleStore | null; spikes: SpikeFlagPersistence | null; timeoutMs?: number; pollMs?: number },
): Promise<{ feed: ExchangeFeed; venue: CcxtExchange }> {
  const venue = new CcxtExchange({
    account: { exchange: request.exchange, sandbox: request.sandbox, timeoutMs: deps.timeoutMs ?? 15_000, ...(request.baseUrl ? { baseUrl: request.baseUrl } : {}) },
    budgets: deps.budgets,
  });
  const markets = await venue.loadMarkets();
  const symbols = request.symbols ?? DEFAULT_EXCHANGE_SYMBOLS;
  const missing = symbols.filter((symbol) => !markets.has(symbol));
  if (missing.length > 0) throw new Error(`${request.exchange} does not list ${missing.join(', ')}`);
  const feed = new ExchangeFeed({
    source: new CcxtCandleSource(venue),
    depth: new CcxtDepthSource(venue),
    symbols,
    historyMinutes: 1_000,
    ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
    ...(deps.store ? { store: deps.store } : {}),
    spikes: new SpikeGate(deps.spikes ?? undefined),
  });
  return { feed, venue };
}

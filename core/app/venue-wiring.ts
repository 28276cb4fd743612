import type { AccountRecord } from '../accounts/account-record.js';
import type { TradingAccount } from '../accounts/trading-account.js';
import type { ExchangePort } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderBook } from '../market/order-book.js';
import type { VenueFeeds, VenueLease } from '../market/venue-feeds.js';
import { accountExchange } from '../runner/live-market-check.js';
import type { MarketService } from './market-service.js';
import { ElsewhereWatchlist } from './elsewhere-watchlist.js';

/** A live account's venue feed, reached the way the account reaches its exchange (sandbox, base URL). */
export function liveFeedOpener(venues: VenueFeeds, accounts: () => readonly AccountRecord[]) {
  return async (account: string, symbols: readonly MarketSymbol[]): Promise<VenueLease> => {
    const record = accounts().find((candidate) => `${candidate.exchange}:${candidate.label}` === account);
    if (!record) throw new Error(`no account "${account}"`);
    return venues.acquire({ exchange: record.exchange, symbols, sandbox: record.sandbox, baseUrl: record.baseUrl ?? undefined });
  };
}

/**
 * The book a market order's depth check reads: the chart's market for the paper account, the account's own
 * exchange feed for a live account (when one runs for it: the chart's, a watchlist row's or a live
 * configuration's), else the book asked of that account's venue at once.
 */
export function bookFor(market: MarketService, venues: VenueFeeds, accountOf: (account: string) => Pick<TradingAccount, 'exchange' | 'orderBookNow'> | null) {
  return (account: string, symbol: MarketSymbol): Promise<OrderBook | null> => {
    if (account === 'paper') return market.book(symbol);
    const live = accountOf(account);
    const feed = venues.peek(live?.exchange ?? accountExchange(account));
    if (feed && feed.symbols().includes(symbol)) return feed.depth.book(symbol);
    // Nobody streams it (no live configuration, watchlist row or chart there): the account's venue is asked now.
    return live?.orderBookNow?.(symbol) ?? Promise.resolve(null);
  };
}

/** A live account's rules and rounding for `symbol` (null when it is not armed or does not list it). */
export function liveRules(registry: { get(id: string): { port: ExchangePort } | null }, account: string, symbol: MarketSymbol) {
  const port = registry.get(account)?.port;
  try {
    return port ? { rules: port.market(symbol), round: (amount: number) => port.roundAmount(symbol, amount) } : null;
  } catch {
    return null; // not listed there: the estimate says "not traded on this market"
  }
}

/** A live position's mark: the last price its exchange's feed streamed, from the chart or a live configuration's feed. */
export function markFor(market: MarketService, venues: VenueFeeds, paperMark: (symbol: MarketSymbol) => number | null) {
  return (exchange: string, symbol: MarketSymbol): number | null => venues.lastPrice(exchange, symbol) ?? (market.source().exchange === exchange ? paperMark(symbol) : null);
}

/** The watchlist's other exchanges, reached like a configured account there (its base URL, sandbox), else the venue itself. */
export function elsewhereWatchlist(deps: {
  venues: VenueFeeds;
  accounts: () => readonly AccountRecord[];
  settings: { getRaw(key: string): unknown; set(key: string, value: unknown): void };
  market: () => MarketService;
}): ElsewhereWatchlist {
  return new ElsewhereWatchlist({
    venues: deps.venues,
    reach: (exchange) => {
      const record = deps.accounts().find((candidate) => candidate.exchange === exchange);
      return record ? { sandbox: record.sandbox, baseUrl: record.baseUrl ?? undefined } : { sandbox: false };
    },
    chartExchange: () => deps.market().source().exchange,
    settings: deps.settings,
    changed: () => deps.market().emitRows(),
  });
}

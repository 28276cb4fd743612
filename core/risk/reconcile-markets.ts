import type { Balance, MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';

/**
 * Which markets a reconciliation reads an account's trades on besides the ones Halyard knows for it. Venues
 * list trades per market (Binance's GET /api/v3/myTrades needs `symbol`:
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints#account-trade-list-user_data),
 * so a trade made on the venue's website on a market Halyard never traded is found only if that market is
 * asked. A trade moves its coin's balance: the coins whose balance changed since Halyard last saw the account
 * (on its first look: the coins it holds that no known market trades) are asked on each market they form with
 * one of the account's quote currencies, at most MAX_EXTRA_MARKETS a run.
 */

/**
 * One run's extra trade reads: 20 × Binance's weight 20 per myTrades = 400 of its 6,000 a minute (REQUEST_WEIGHT in
 * exchangeInfo's rateLimits). Each read also waits its turn in the account's rate budget (ccxt's endpoint costs),
 * so a venue with a smaller allowance (Kraken's call counter) is paced, never refused; the cap keeps the run short.
 */
export const MAX_EXTRA_MARKETS = 20;

/** An account's balances as Halyard last saw them at a reconciliation: asset → total. */
export type SeenBalances = Readonly<Record<string, number>>;

export interface ExtraMarkets {
  /** Markets to read trades on, beyond the known ones. */
  readonly check: MarketSymbol[];
  /** Markets left for a later run (over the limit): their coins are not marked as seen. */
  readonly later: MarketSymbol[];
  /** What to remember as seen once the run succeeded: the balances now, but the old total of a coin whose markets were left for later. */
  readonly seen: SeenBalances;
}

export function extraMarkets(input: {
  readonly markets: ReadonlyMap<MarketSymbol, Pick<MarketRules, 'base' | 'quote'>>;
  readonly known: ReadonlySet<string>;
  readonly balances: readonly Balance[];
  readonly lastSeen: SeenBalances | null;
  readonly limit?: number;
}): ExtraMarkets {
  const now: Record<string, number> = {};
  for (const balance of input.balances) now[balance.currency] = balance.total;
  const knownBases = new Set<string>();
  for (const symbol of input.known) {
    const rules = input.markets.get(symbol);
    if (rules) knownBases.add(rules.base);
  }
  const lastSeen = input.lastSeen;
  const coins = Object.keys({ ...now, ...lastSeen })
    .filter((asset) => (lastSeen === null ? (now[asset] ?? 0) > 0 && !knownBases.has(asset) : (now[asset] ?? 0) !== (lastSeen[asset] ?? 0)))
    .sort();
  // The account's quote currencies: those it holds (or held when last seen) that quote some market.
  const quotes = new Set<string>();
  for (const rules of input.markets.values()) if ((now[rules.quote] ?? 0) > 0 || (lastSeen?.[rules.quote] ?? 0) > 0) quotes.add(rules.quote);
  const wanted = new Map<string, MarketSymbol[]>();
  for (const [symbol, rules] of input.markets) {
    if (input.known.has(symbol) || !quotes.has(rules.quote) || !coins.includes(rules.base)) continue;
    wanted.set(rules.base, [...(wanted.get(rules.base) ?? []), symbol]);
  }
  const limit = input.limit ?? MAX_EXTRA_MARKETS;
  const check: MarketSymbol[] = [];
  const later: MarketSymbol[] = [];
  const seen: Record<string, number> = { ...now };
  for (const coin of coins) {
    const symbols = (wanted.get(coin) ?? []).sort();
    // A coin is asked on all its markets in one run or left whole for the next (its change stays unseen).
    if (check.length + symbols.length > limit) {
      later.push(...symbols);
      if (lastSeen !== null) seen[coin] = lastSeen[coin] ?? 0;
      else delete seen[coin];
      continue;
    }
    check.push(...symbols);
  }
  return { check, later, seen };
}

import type { MarketSymbol } from './candle.js';
import type { FeedSource, MarketFeed, MarketListing } from './feed.js';

/** Where each source's watchlist is kept (the store's settings), so it is the same after a restart. */
export interface WatchlistStore {
  load(source: string): readonly MarketSymbol[] | null;
  save(source: string, symbols: readonly MarketSymbol[]): void;
}

/** A change of the watchlist the trader cannot make, with the reason in their words. */
export class WatchlistRefused extends Error {
  override readonly name = 'WatchlistRefused';
  constructor(message: string) {
    super(message);
  }
}

/** The key a source's watchlist is kept under: the simulated market, a replay, or one exchange. */
export function watchlistKey(source: FeedSource): string {
  return source.kind === 'exchange' ? `exchange:${source.exchange ?? source.label}` : source.kind;
}

export const MAX_WATCHLIST = 50;

/**
 * The symbols a feed starts with: the saved list for its source (what the source still lists, in the
 * saved order), else what the feed streams. Symbols the feed does not stream yet are watched now.
 */
export async function initialWatchlist(feed: MarketFeed, saved: readonly MarketSymbol[] | null): Promise<MarketSymbol[]> {
  if (!saved || saved.length === 0) return [...feed.symbols()];
  const listed = new Set((await feed.listings()).map((listing) => listing.symbol));
  const kept: MarketSymbol[] = [];
  for (const symbol of saved) {
    if (!listed.has(symbol) || kept.includes(symbol)) continue;
    try {
      await feed.watch(symbol);
      kept.push(symbol);
    } catch {
      // The venue no longer serves it (delisted, unreachable): the rest of the list still loads.
    }
  }
  return kept.length > 0 ? kept : [...feed.symbols()];
}

/**
 * Checks a new watchlist against the source and what the desk uses: every symbol must be one of the
 * source's markets, none twice, and a symbol still in use (an open position, a working order, a
 * strategy configuration) cannot be removed. Returns the symbols to start streaming.
 */
export function checkWatchlist(next: readonly MarketSymbol[], current: readonly MarketSymbol[], listings: readonly MarketListing[], inUse: (symbol: MarketSymbol) => string | null): MarketSymbol[] {
  if (next.length === 0) throw new WatchlistRefused('keep at least one symbol in the watchlist');
  if (next.length > MAX_WATCHLIST) throw new WatchlistRefused(`the watchlist holds at most ${MAX_WATCHLIST} symbols`);
  const twice = next.find((symbol, index) => next.indexOf(symbol) !== index);
  if (twice) throw new WatchlistRefused(`${twice} is in the list twice`);
  const listed = new Set(listings.map((listing) => listing.symbol));
  const unknown = next.filter((symbol) => !listed.has(symbol));
  if (unknown.length > 0) throw new WatchlistRefused(`not a market of this source: ${unknown.join(', ')}`);
  for (const symbol of current) {
    if (next.includes(symbol)) continue;
    const why = inUse(symbol);
    if (why) throw new WatchlistRefused(`${symbol} cannot be removed: ${why}`);
  }
  return next.filter((symbol) => !current.includes(symbol));
}

/** Markets matching what the trader typed ("eth", "ETHUSDT", "eth/u"), those starting with it first. */
export function searchListings(listings: readonly MarketListing[], query: string, limit: number): MarketListing[] {
  const q = query.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');
  const flat = (symbol: string) => symbol.replace(/[/:]/g, '');
  const found = q ? listings.filter((listing) => flat(listing.symbol).includes(q)) : [...listings];
  return found.sort((a, b) => Number(!flat(a.symbol).startsWith(q)) - Number(!flat(b.symbol).startsWith(q)) || a.symbol.localeCompare(b.symbol)).slice(0, limit);
}

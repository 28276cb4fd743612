import { describe, expect, it } from 'vitest';
import { createSimulatedFeed } from '../../../core/market/sources.js';
import { checkWatchlist, initialWatchlist, searchListings, WatchlistRefused } from '../../../core/market/watchlist-editor.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0);
const listings = ['BTC/USDT', 'ETH/USDT', 'ADA/USDT', 'AVAX/USDT', 'DOGE/USDT'].map((symbol) => ({ symbol, priceStep: 0.01 }));

describe('editing the watchlist', () => {
  it('takes the source’s markets in the trader’s order and tells which to start streaming', () => {
    expect(checkWatchlist(['ETH/USDT', 'ADA/USDT', 'BTC/USDT'], ['BTC/USDT', 'ETH/USDT'], listings, () => null)).toEqual(['ADA/USDT']);
  });

  it('refuses an empty list, a symbol twice, one the source does not list, and removing one still in use', () => {
    const refusal = (next: string[], inUse: (s: string) => string | null = () => null) => {
      try {
        checkWatchlist(next, ['BTC/USDT', 'ETH/USDT'], listings, inUse);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(WatchlistRefused);
        return (error as Error).message;
      }
    };
    expect(refusal([])).toBe('keep at least one symbol in the watchlist');
    expect(refusal(['BTC/USDT', 'BTC/USDT'])).toBe('BTC/USDT is in the list twice');
    expect(refusal(['BTC/USDT', 'XYZ/USDT'])).toBe('not a market of this source: XYZ/USDT');
    expect(refusal(['BTC/USDT'], (s) => (s === 'ETH/USDT' ? 'your position there is open (close it first)' : null))).toBe('ETH/USDT cannot be removed: your position there is open (close it first)');
  });

  it('finds markets the way a trader types them, those starting with it first', () => {
    expect(searchListings(listings, 'a', 10).map((l) => l.symbol)).toEqual(['ADA/USDT', 'AVAX/USDT']);
    expect(searchListings(listings, 'ethusdt', 10).map((l) => l.symbol)).toEqual(['ETH/USDT']);
    expect(searchListings(listings, 'eth/u', 10).map((l) => l.symbol)).toEqual(['ETH/USDT']);
    expect(searchListings(listings, '', 2)).toHaveLength(2);
  });
});

describe('a symbol added to the simulated market', () => {
  it('streams in step with the others, with the same history as if it had been there from the start', async () => {
    const now = T0;
    const feed = createSimulatedFeed({ seed: 7, speed: 60, historyMinutes: 600, now: () => now });
    await feed.start();
    feed.advance(90_500); // a minute and a half of market
    await feed.stop();
    expect((await feed.listings()).map((l) => l.symbol)).toContain('ADA/USDT');
    await feed.watch('ADA/USDT');
    const [ada, btc] = await Promise.all([feed.history('ADA/USDT', '1m', 10_000), feed.history('BTC/USDT', '1m', 10_000)]);
    expect(ada.map((c) => c.time)).toEqual(btc.map((c) => c.time));
    // The same seed gives ADA the same minutes whether it was added later or streamed from the start.
    const fromStart = createSimulatedFeed({ seed: 7, speed: 60, historyMinutes: 600, now: () => T0, symbols: [{ symbol: 'ADA/USDT', startPrice: 0.45, baseVolatility: 0.0013, priceStep: 0.0001, baseVolume: 600_000 }] });
    const reference = await fromStart.history('ADA/USDT', '1m', 600);
    expect(ada.slice(0, 600)).toEqual(reference);
    await expect(feed.watch('NOPE/USDT')).rejects.toThrow(/has no market NOPE\/USDT/);
  });

  it('comes back on the saved watchlist, in the saved order', async () => {
    const feed = createSimulatedFeed({ seed: 7, speed: 60, historyMinutes: 100, now: () => T0 });
    expect(await initialWatchlist(feed, ['LINK/USDT', 'BTC/USDT', 'GONE/USDT'])).toEqual(['LINK/USDT', 'BTC/USDT']);
    expect(feed.symbols()).toContain('LINK/USDT');
    expect(await initialWatchlist(feed, null)).toEqual(feed.symbols());
  });
});

import { describe, expect, it } from 'vitest';
import type { MarketFeed } from '../../../core/market/feed.js';
import { createSimulatedFeed } from '../../../core/market/sources.js';
import { VenueFeeds, type VenueFeedSpec } from '../../../core/market/venue-feeds.js';

/** A pool whose venues are real (simulated) feeds; records what it opened and what is running. */
function pool(fail: (spec: VenueFeedSpec) => boolean = () => false) {
  const opened: string[] = [];
  const running = new Set<MarketFeed>();
  const venues = new VenueFeeds(async (spec) => {
    opened.push(spec.exchange);
    if (fail(spec)) throw new Error(`${spec.exchange} is unreachable`);
    const feed = createSimulatedFeed({ seed: 7, speed: 1, historyMinutes: 30, tickMs: 60_000 });
    const stop = feed.stop.bind(feed);
    const start = feed.start.bind(feed);
    feed.start = async () => {
      await start();
      running.add(feed);
    };
    feed.stop = async () => {
      running.delete(feed);
      await stop();
    };
    return feed;
  });
  return { venues, opened, running };
}

const spec = (exchange: string, symbols: string[] = ['BTC/USDT']): VenueFeedSpec => ({ exchange, symbols, sandbox: false });

describe('one shared feed per venue in use', () => {
  it('opens a venue once for every holder, streams each holder’s symbols, and stops it with the last release', async () => {
    const { venues, opened, running } = pool();
    const chart = await venues.acquire(spec('binance'));
    const bot = await venues.acquire(spec('binance', ['BTC/USDT', 'ADA/USDT']));
    expect(bot.feed).toBe(chart.feed);
    expect(opened).toEqual(['binance']);
    expect(chart.feed.symbols()).toContain('ADA/USDT');
    const other = await venues.acquire(spec('kraken'));
    expect(other.feed).not.toBe(chart.feed);
    expect(venues.exchanges().sort()).toEqual(['binance', 'kraken']);

    await chart.release();
    await chart.release(); // a lease is returned once
    expect(running.has(bot.feed)).toBe(true);
    expect(venues.peek('binance')).toBe(bot.feed);
    await bot.release();
    expect(running.has(bot.feed)).toBe(false);
    expect(venues.peek('binance')).toBeNull();
    expect(venues.exchanges()).toEqual(['kraken']);

    // Needed again: opened afresh.
    const again = await venues.acquire(spec('binance'));
    expect(opened).toEqual(['binance', 'kraken', 'binance']);
    await again.release();
    await venues.close();
    expect(running.size).toBe(0);
  });

  it('a venue that cannot be opened is refused to its holder and tried again by the next', async () => {
    let down = true;
    const { venues, opened } = pool(() => down);
    await expect(venues.acquire(spec('kraken'))).rejects.toThrow(/kraken is unreachable/);
    expect(venues.exchanges()).toEqual([]);
    down = false;
    const lease = await venues.acquire(spec('kraken'));
    expect(opened).toEqual(['kraken', 'kraken']);
    // A symbol the venue does not list is refused; the feed goes on for its other holder.
    await expect(venues.acquire(spec('kraken', ['NOPE/USDT']))).rejects.toThrow();
    expect(venues.peek('kraken')).toBe(lease.feed);
    await venues.close();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CandleUpdate } from '../../core/api/contract/market.js';
import { ExchangeError } from '../../core/exchange/errors.js';
import type { Candle, MarketSymbol, Timeframe } from '../../core/market/candle.js';
import type { LiveCandleSource, MarketInfo } from '../../core/market/candle-source.js';
import { ExchangeFeed } from '../../core/market/exchange-feed.js';
import type { FeedConnection } from '../../core/market/feed.js';
import { MemoryCandleStore } from '../helpers/memory-candle-store.js';

const M = 60_000;
const T0 = Date.parse('2024-03-01T10:00:00Z');
const bar = (i: number, close = 100 + i): Candle => ({ time: T0 + i * M, open: 100 + i, high: close + 1, low: 99 + i, close, volume: 1 });

/** A venue without websockets whose REST answers the test scripts: its bars, or a failure. */
class PollingVenue implements LiveCandleSource {
  readonly exchange = 'testx';
  readonly label = 'Test Exchange';
  readonly supportsWebsocket = false;
  readonly maxCandlesPerRequest = 500;
  bars: Candle[] = [bar(0), bar(1), bar(2)];
  failing = false;
  polls = 0;
  async markets(): Promise<readonly MarketInfo[]> {
    return [{ symbol: 'BTC/USDT', priceStep: 0.01 }];
  }
  async fetchCandles(_symbol: MarketSymbol, timeframe: Timeframe, since: number | undefined, limit: number): Promise<Candle[]> {
    this.polls++;
    if (this.failing) throw new ExchangeError('unavailable', 'connect ECONNREFUSED');
    if (timeframe !== '1m') return [{ time: T0 - 5 * M, open: 90, high: 95, low: 89, close: 94, volume: 50 }];
    return this.bars.filter((c) => since === undefined || c.time >= since).slice(-limit);
  }
  async watchCandles(): Promise<Candle[]> {
    throw new ExchangeError('unavailable', 'no websocket');
  }
  async close(): Promise<void> {}
}

let feed: ExchangeFeed | null = null;
afterEach(async () => {
  await feed?.stop();
  feed = null;
});

function start(venue: PollingVenue, clock: { now: number }, store?: MemoryCandleStore) {
  feed = new ExchangeFeed({ source: venue, symbols: ['BTC/USDT'], pollMs: 5, maxPollFailures: 2, now: () => clock.now, ...(store ? { store } : {}) });
  const updates: CandleUpdate[] = [];
  const connections: FeedConnection[] = [];
  feed.subscribe((u) => updates.push(u));
  feed.onConnection((c) => connections.push(c));
  return { feed, updates, connections };
}

describe('ExchangeFeed candle semantics (polling venue)', () => {
  it('announces a forming bar, then the same bar once as closed when the next minute starts, and stores only closed bars', async () => {
    const venue = new PollingVenue();
    const clock = { now: T0 + 2 * M + 30_000 };
    const store = new MemoryCandleStore();
    const { feed, updates } = start(venue, clock, store);
    await feed.start();
    expect(feed.connection()).toMatchObject({ state: 'connected', transport: 'polling' });
    // The forming minute 2 changes.
    venue.bars = [bar(0), bar(1), bar(2, 105)];
    await vi.waitFor(() => expect(updates.some((u) => u.candle.close === 105)).toBe(true));
    expect(updates.filter((u) => u.candle.time === T0 + 2 * M).every((u) => !u.closed)).toBe(true);
    expect(store.all({ exchange: 'testx', symbol: 'BTC/USDT', timeframe: '1m' })).toEqual([]);
    // Minute 3 begins: minute 2 closes with its final values, exactly once.
    clock.now = T0 + 3 * M + 5_000;
    venue.bars = [bar(0), bar(1), bar(2, 106), bar(3)];
    await vi.waitFor(() => expect(updates.some((u) => u.candle.time === T0 + 3 * M)).toBe(true));
    const closes = updates.filter((u) => u.candle.time === T0 + 2 * M && u.closed);
    expect(closes).toEqual([{ symbol: 'BTC/USDT', timeframe: '1m', candle: bar(2, 106), closed: true }]);
    expect(store.all({ exchange: 'testx', symbol: 'BTC/USDT', timeframe: '1m' })).toEqual([bar(2, 106)]);
    const polled = venue.polls;
    await vi.waitFor(() => expect(venue.polls).toBeGreaterThan(polled + 3));
    expect(updates.filter((u) => u.candle.time === T0 + 2 * M && u.closed)).toHaveLength(1);
  });

  it('reports reconnecting, then disconnected after repeated failures, then connected again', async () => {
    const venue = new PollingVenue();
    const clock = { now: T0 + 2 * M + 30_000 };
    const { feed, connections } = start(venue, clock);
    await feed.start();
    venue.failing = true;
    await vi.waitFor(() => expect(feed.connection().state).toBe('disconnected'));
    expect(connections.some((c) => c.state === 'reconnecting')).toBe(true);
    expect(feed.connection().message).toContain('Test Exchange unreachable (connect ECONNREFUSED)');
    venue.failing = false;
    await vi.waitFor(() => expect(feed.connection()).toMatchObject({ state: 'connected', transport: 'polling' }));
  });

  it('serves higher timeframes from the venue plus the minutes it holds', async () => {
    const venue = new PollingVenue();
    const { feed } = start(venue, { now: T0 + 2 * M + 30_000 });
    await feed.start();
    const fiveMinutes = await feed.history('BTC/USDT', '5m', 10);
    expect(fiveMinutes.map((c) => c.time)).toEqual([T0 - 5 * M, T0]);
    expect(fiveMinutes[1]).toEqual({ time: T0, open: 100, high: 103, low: 99, close: 102, volume: 3 });
    expect(feed.symbols()).toEqual(['BTC/USDT']);
    expect(feed.priceStep('BTC/USDT')).toBe(0.01);
  });

  it('refuses to start on a symbol the venue does not list', async () => {
    feed = new ExchangeFeed({ source: new PollingVenue(), symbols: ['DOGE/USDT'] });
    await expect(feed.start()).rejects.toThrow('Test Exchange has no market DOGE/USDT');
    feed = null;
  });
});

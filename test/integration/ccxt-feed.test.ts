import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CandleUpdate } from '../../core/api/contract/market.js';
import { CcxtCandleSource } from '../../core/exchange/ccxt-candle-source.js';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { Candle } from '../../core/market/candle.js';
import { ExchangeFeed } from '../../core/market/exchange-feed.js';
import type { FeedConnection } from '../../core/market/feed.js';
import { MemoryCandleStore } from '../helpers/memory-candle-store.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

const MINUTE = 60_000;
let stub: BinanceStub;
let feed: ExchangeFeed | null = null;

function minutesUpToNow(count: number, start = 50_000): Candle[] {
  const current = Math.floor(Date.now() / MINUTE) * MINUTE;
  return Array.from({ length: count }, (_, i) => {
    const open = start + i * 10;
    return { time: current - (count - 1 - i) * MINUTE, open, high: open + 15, low: open - 5, close: open + 10, volume: 1 + i };
  });
}

function liveFeed(store?: MemoryCandleStore) {
  // Public market data: no credentials at all.
  const venue = new CcxtExchange({ account: { exchange: 'binance', baseUrl: stub.url, timeoutMs: 5_000 } });
  const source = new CcxtCandleSource(venue);
  feed = new ExchangeFeed({ source, symbols: ['BTC/USDT'], historyMinutes: 100, pollMs: 50, reconnectMs: 200, ...(store ? { store } : {}) });
  const updates: CandleUpdate[] = [];
  const connections: FeedConnection[] = [];
  feed.subscribe((u) => updates.push(u));
  feed.onConnection((c) => connections.push(c));
  return { feed, updates, connections };
}

beforeEach(async () => {
  stub = await startBinanceStub();
  stub.setKlines('BTCUSDT', '1m', minutesUpToNow(30));
});

afterEach(async () => {
  await feed?.stop();
  feed = null;
  await stub.close();
});

describe('live exchange feed through ccxt (websocket with REST fallback)', () => {
  it('loads history over REST, then streams candles over the websocket', async () => {
    const { feed, updates } = liveFeed();
    await feed.start();
    expect(feed.source).toEqual({ kind: 'exchange', label: 'Binance', exchange: 'binance' });
    expect(await feed.history('BTC/USDT', '1m', 10)).toHaveLength(10);
    await vi.waitFor(() => expect(stub.subscribers('btcusdt@kline_1m')).toBe(1), { timeout: 5_000 });
    const forming = { ...minutesUpToNow(1, 60_000)[0]! };
    stub.pushKline('BTCUSDT', '1m', forming, false);
    await vi.waitFor(() => expect(updates.some((u) => u.candle.open === 60_000)).toBe(true), { timeout: 5_000 });
    expect(feed.connection()).toMatchObject({ state: 'connected', transport: 'websocket', message: null });
    expect(feed.connection().lastUpdate).toEqual(expect.any(Number));
  });

  it('falls back to REST polling when the websocket is unavailable, and says so', async () => {
    stub.websocketAvailable = false;
    const store = new MemoryCandleStore();
    const { feed, updates, connections } = liveFeed(store);
    await feed.start();
    await vi.waitFor(() => expect(feed.connection().transport).toBe('polling'), { timeout: 5_000 });
    expect(feed.connection().message).toMatch(/websocket unavailable/);
    // A new minute appears on the exchange: polling picks it up and the previous one closes.
    const bars = minutesUpToNow(30);
    const next = { time: bars[bars.length - 1]!.time + MINUTE, open: 70_000, high: 70_100, low: 69_900, close: 70_050, volume: 3 };
    stub.setKlines('BTCUSDT', '1m', [...bars, next]);
    await vi.waitFor(() => expect(updates.some((u) => u.candle.time === next.time)).toBe(true), { timeout: 5_000 });
    const closedPrevious = updates.find((u) => u.candle.time === bars[bars.length - 1]!.time && u.closed);
    expect(closedPrevious).toBeDefined();
    expect(store.all({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' }).map((c) => c.time)).toContain(bars[bars.length - 1]!.time);
    expect(connections.some((c) => c.transport === 'polling' && c.lastUpdate !== null)).toBe(true);
    expect(stub.requestsTo('GET', '/api/v3/klines').length).toBeGreaterThan(1);
  });

  it('goes back to the websocket once it is available again', async () => {
    const { feed } = liveFeed();
    await feed.start();
    await vi.waitFor(() => expect(stub.subscribers('btcusdt@kline_1m')).toBe(1), { timeout: 5_000 });
    stub.websocketAvailable = false;
    stub.dropWebsockets();
    await vi.waitFor(() => expect(feed.connection().transport).toBe('polling'), { timeout: 5_000 });
    stub.websocketAvailable = true;
    await vi.waitFor(() => expect(stub.subscribers('btcusdt@kline_1m')).toBe(1), { timeout: 10_000 });
    stub.pushKline('BTCUSDT', '1m', minutesUpToNow(1, 80_000)[0]!, false);
    await vi.waitFor(() => expect(feed.connection().transport).toBe('websocket'), { timeout: 5_000 });
  });
});

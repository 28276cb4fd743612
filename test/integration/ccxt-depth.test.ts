import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CcxtDepthSource } from '../../core/exchange/ccxt-depth-source.js';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { DepthUpdate } from '../../core/market/depth-source.js';
import { VenueDepth } from '../../core/market/venue-depth.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

let stub: BinanceStub;
let stop: (() => void) | null = null;
let venue: CcxtExchange;

beforeEach(async () => {
  stub = await startBinanceStub();
  stub.depth.setBook(
    'BTCUSDT',
    [
      [64_000, 0.5],
      [63_990, 1.2],
    ],
    [
      [64_010, 0.4],
      [64_030, 2],
    ],
  );
  stub.depth.trade('BTCUSDT', 64_005, 0.1, 'buy', Date.now());
  // Public market data: no credentials at all.
  venue = new CcxtExchange({ account: { exchange: 'binance', baseUrl: stub.url, timeoutMs: 5_000 } });
});

afterEach(async () => {
  stop?.();
  stop = null;
  await venue.close();
  await stub.close();
});

function watch(depth: VenueDepth): DepthUpdate[] {
  const updates: DepthUpdate[] = [];
  stop = depth.stream('BTC/USDT', (update) => updates.push(update));
  return updates;
}

describe('a venue’s order book and trades through ccxt', () => {
  it('streams the book and the tape over the websocket (watchOrderBook, watchTrades)', async () => {
    const depth = new VenueDepth(new CcxtDepthSource(venue), { pollMs: 100 });
    expect(depth.transport()).toBe('websocket');
    const updates = watch(depth);
    // ccxt subscribes to the diff stream, then takes a REST snapshot and applies the diffs after it.
    await vi.waitFor(() => expect(updates.some((u) => u.book !== null)).toBe(true), { timeout: 5_000 });
    expect(stub.requestsTo('GET', '/api/v3/depth').at(-1)?.params).toMatchObject({ symbol: 'BTCUSDT', limit: '1000' });
    const first = updates.find((u) => u.book)!.book!;
    expect(first.bids[0]).toEqual({ price: 64_000, amount: 0.5 });
    expect(first.asks.map((l) => l.price)).toEqual([64_010, 64_030]);

    await vi.waitFor(() => expect(stub.subscribers('btcusdt@trade')).toBe(1), { timeout: 5_000 });
    stub.pushDepth('BTCUSDT', [[64_005, 0.7]], [[64_010, 0]]);
    await vi.waitFor(() => expect(updates.at(-1)?.book?.bids[0]).toEqual({ price: 64_005, amount: 0.7 }), { timeout: 5_000 });
    expect(updates.findLast((u) => u.book)!.book!.asks[0]).toEqual({ price: 64_030, amount: 2 });
    stub.pushTrade('BTCUSDT', 64_030, 0.25, 'buy');
    stub.pushTrade('BTCUSDT', 64_000, 0.05, 'sell');
    await vi.waitFor(() => expect(updates.flatMap((u) => u.trades).map((t) => [t.price, t.amount, t.side])).toEqual([[64_030, 0.25, 'buy'], [64_000, 0.05, 'sell']]), { timeout: 5_000 });
    // An order check on a symbol being streamed uses the streamed book.
    expect((await depth.book('BTC/USDT'))?.bids[0]).toEqual({ price: 64_005, amount: 0.7 });
  });

  it('polls fetchOrderBook and fetchTrades over REST when the websocket is down, and answers an order check', async () => {
    stub.websocketAvailable = false;
    const depth = new VenueDepth(new CcxtDepthSource(venue), { pollMs: 100, retryWebsocketMs: 60_000 });
    const updates = watch(depth);
    await vi.waitFor(() => expect(depth.transport()).toBe('polling'), { timeout: 10_000 });
    await vi.waitFor(() => expect(updates.some((u) => u.book !== null && u.trades.length > 0)).toBe(true), { timeout: 10_000 });
    const polled = updates.find((u) => u.book && u.trades.length > 0)!;
    expect(polled.book!.asks[0]).toEqual({ price: 64_010, amount: 0.4 });
    expect(polled.trades.map((t) => [t.price, t.amount, t.side])).toEqual([[64_005, 0.1, 'buy']]);
    expect(stub.requestsTo('GET', '/api/v3/depth').at(-1)?.params).toMatchObject({ symbol: 'BTCUSDT', limit: '100' });
    expect(stub.requestsTo('GET', '/api/v3/aggTrades').at(-1)?.params).toMatchObject({ symbol: 'BTCUSDT', limit: '50' });
    // The same trade is printed once however often it is polled.
    await vi.waitFor(() => expect(stub.requestsTo('GET', '/api/v3/aggTrades').length).toBeGreaterThan(2), { timeout: 10_000 });
    expect(updates.flatMap((u) => u.trades)).toHaveLength(1);
    // An order check on another symbol nobody streams asks the venue for a snapshot.
    stub.depth.setBook('ETHUSDT', [[3_000, 5]], [[3_001, 4]]);
    expect(await depth.book('ETH/USDT')).toMatchObject({ symbol: 'ETH/USDT', bids: [{ price: 3_000, amount: 5 }], asks: [{ price: 3_001, amount: 4 }] });
  });

  it('is refused what Binance refuses: parameters the endpoint does not read, a trades limit over 1000', async () => {
    const call = (path: string) => fetch(`${stub.url}${path}`).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: number; msg?: string } }));
    expect(await call('/api/v3/depth?symbol=BTCUSDT&limit=5&side=bids')).toMatchObject({ status: 400, body: { code: -1104 } });
    expect(await call('/api/v3/trades?symbol=BTCUSDT&limit=2000')).toMatchObject({ status: 400, body: { code: -1130 } });
    expect(await call('/api/v3/depth')).toMatchObject({ status: 400, body: { code: -1102 } });
    expect((await call('/api/v3/depth?symbol=BTCUSDT&limit=1')).body).toMatchObject({ lastUpdateId: 1_000, bids: [['64000.00000000', '0.50000000']], asks: [['64010.00000000', '0.40000000']] });
  });
});

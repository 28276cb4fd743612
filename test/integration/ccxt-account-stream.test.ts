import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CcxtAccountStream, type AccountStreamStatus } from '../../core/exchange/ccxt-account-stream.js';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { ExchangeOrder, Fill } from '../../core/exchange/port.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/** A live account's private updates through real ccxt code against the loopback Binance stub. */
let stub: BinanceStub;
let venue: CcxtExchange;
let stream: CcxtAccountStream | null = null;

beforeEach(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:stream-test', 2);
});

afterEach(async () => {
  await stream?.stop();
  stream = null;
  await venue.close();
  await stub.close();
});

const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

function collect() {
  const updates: { order: ExchangeOrder; fills: readonly Fill[] }[] = [];
  venue.onOrderUpdate((update) => updates.push(update));
  return updates;
}

describe('private order updates of a live account', () => {
  it('falls back to REST polling when the websocket is unavailable, and a fill made at the venue still arrives with its trade', async () => {
    stub.websocketAvailable = false;
    const statuses: AccountStreamStatus[] = [];
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 60_000, onStatus: (s) => statuses.push(s) });
    expect(stream.status().transport).toBe('websocket'); // binance has watchOrders in ccxt.pro: it tries that first
    const updates = collect();
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    expect(stream.status().message).toMatch(/private websocket unavailable/);

    const placed = await venue.placeOrder({ clientOrderId: 'hy0000000stream01', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
    expect(placed.status).toBe('open');
    // The market trades through the order at the venue; nobody asked the adapter about it.
    const trade = stub.book.fill(stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stream01')!);

    await waitFor(() => expect(updates.map((u) => u.order.status)).toContain('filled'));
    const filled = updates.find((u) => u.order.status === 'filled')!;
    expect(filled.order).toMatchObject({ clientOrderId: 'hy0000000stream01', filled: 0.001 });
    expect(filled.fills).toEqual([expect.objectContaining({ id: String(trade.id), clientOrderId: 'hy0000000stream01', amount: 0.001, price: 30_000 })]);
    // Announced once, not on every poll.
    const before = updates.length;
    const polls = stub.requestsTo('GET', '/api/v3/openOrders').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/openOrders').length).toBeGreaterThan(polls + 2));
    expect(updates.length).toBe(before);

    expect(stream.balances()).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'BTC' })]));
    expect(statuses.at(-1)?.lastUpdate).toBeGreaterThan(0);
  });

  it('reports the venue unreachable while polling fails, and connected again once it answers', async () => {
    stub.websocketAvailable = false;
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 60_000, maxPollFailures: 2 });
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 20 });
    await waitFor(() => expect(stream!.status().state).toBe('disconnected'));
    expect(stream.status().message).toMatch(/unreachable/);
    await waitFor(() => expect(stream!.status().state).toBe('connected'));
  });
});

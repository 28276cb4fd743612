import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CcxtAccountStream } from '../../core/exchange/ccxt-account-stream.js';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { ExchangeOrder, Fill } from '../../core/exchange/port.js';
import { toUnits } from '../stubs/binance-book.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/**
 * A REST read of the account taken before a websocket push but answered after it (real ccxt against the
 * loopback Binance stub, whose `held` fault delivers an answer read at the venue only when the test says):
 * the stale answer must not take an order back (lower filled amount, open after filled) nor put back
 * balances the push had already moved; fills are announced once each.
 */
let stub: BinanceStub;
let venue: CcxtExchange;
let stream: CcxtAccountStream | null = null;

beforeEach(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:stale-reads', 2);
});

afterEach(async () => {
  stub.releaseHeld();
  await stream?.stop();
  stream = null;
  await venue.close();
  await stub.close();
});

const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

/** A stream on the websocket that resyncs over REST every 150 ms, connected; and what its adapter announces. */
async function connectedStream() {
  const updates: { order: ExchangeOrder; fills: readonly Fill[] }[] = [];
  venue.onOrderUpdate((update) => updates.push(update));
  stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, resyncMs: 150, reconnectMs: 60_000 });
  stream.start();
  await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'websocket', state: 'connected' }));
  return updates;
}

/** Holds the next `times` answers of a REST endpoint; resolves once the first one is held (read at the venue). */
async function holdNext(path: string, times: number): Promise<void> {
  stub.fault({ method: 'GET', path, kind: 'held', times });
  await waitFor(() => expect(stub.held()).toBe(1));
}

/** Lets the held answer through and waits until the stream's next resync reads (and is held) again: the stale answer was taken in. */
async function releaseAndAwaitNextRead(): Promise<void> {
  stub.releaseHeld();
  await waitFor(() => expect(stub.held()).toBe(1));
}

function progressOf(updates: readonly { order: ExchangeOrder }[], clientOrderId: string) {
  return updates.filter((u) => u.order.clientOrderId === clientOrderId).map((u) => ({ status: u.order.status, filled: u.order.filled }));
}

function fillCounts(updates: readonly { fills: readonly Fill[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const fill of updates.flatMap((u) => u.fills)) counts.set(fill.id, (counts.get(fill.id) ?? 0) + 1);
  return counts;
}

describe('a REST read older than a websocket push', () => {
  it('never takes an order back: a part fill pushed meanwhile stays, and the rest fills once', async () => {
    const updates = await connectedStream();
    await venue.placeOrder({ clientOrderId: 'hy0000000stale001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.002, price: 30_000 });
    const atVenue = stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stale001')!;

    // The resync's open-orders read is taken at the venue (order open, nothing filled) and held on its way.
    await holdNext('/api/v3/openOrders', 3);
    const first = stub.book.fill(atVenue, atVenue.price, true, toUnits(0.001));
    await waitFor(() => expect(progressOf(updates, 'hy0000000stale001')).toContainEqual({ status: 'partially_filled', filled: 0.001 }));
    await releaseAndAwaitNextRead();

    // The rest fills; the (again older) second read arrives after that push.
    const rest = stub.book.fill(atVenue, atVenue.price, true);
    await waitFor(() => expect(progressOf(updates, 'hy0000000stale001').at(-1)).toEqual({ status: 'filled', filled: 0.002 }));
    await releaseAndAwaitNextRead();
    stub.clearFaults();
    stub.releaseHeld();
    const polls = stub.requestsTo('GET', '/api/v3/openOrders').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/openOrders').length).toBeGreaterThan(polls + 1));

    // Every announcement of the order moved it forward or repeated it: never a lower filled amount, never open after filled.
    const progress = progressOf(updates, 'hy0000000stale001');
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.filled).toBeGreaterThanOrEqual(progress[i - 1]!.filled);
    const ended = progress.findIndex((p) => p.status === 'filled');
    for (const later of progress.slice(ended)) expect(later).toEqual({ status: 'filled', filled: 0.002 });
    // Each trade reached the listeners once, none lost.
    expect(fillCounts(updates)).toEqual(new Map([[String(first.id), 1], [String(rest.id), 1]]));
  });

  it('keeps balances the websocket pushed after the read was sent, and takes the read for the others', async () => {
    await connectedStream();
    await venue.placeOrder({ clientOrderId: 'hy0000000stale002', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
    const atVenue = stub.book.open('BTCUSDT').find((o) => o.clientOrderId === 'hy0000000stale002')!;

    // The resync's account read is taken at the venue (30.03 USDT locked by the order, 1 BTC) and held on its way.
    await holdNext('/api/v3/account', 2);
    stub.book.fill(atVenue);
    const afterFill = [
      // Binance takes a buy's commission from what it bought: 0.001 BTC less 0.1%.
      expect.objectContaining({ currency: 'BTC', free: 1.000999, total: 1.000999 }),
      expect.objectContaining({ currency: 'USDT', free: 9_970, used: 0, total: 9_970 }),
    ];
    await waitFor(() => expect(stream!.balances()).toEqual(expect.arrayContaining(afterFill)));
    await releaseAndAwaitNextRead();
    expect(stream!.balances()).toEqual(expect.arrayContaining(afterFill));
    expect(stream!.currentBalances()).toEqual(expect.arrayContaining(afterFill));

    // A change the socket never pushed (3 ETH leave the account) still comes from the reads that follow.
    stub.book.setBalance('ETH', 7);
    stub.clearFaults();
    stub.releaseHeld();
    const reads = stub.requestsTo('GET', '/api/v3/account').length;
    await waitFor(() => expect(stub.requestsTo('GET', '/api/v3/account').length).toBeGreaterThan(reads + 1));
    await waitFor(() => expect(stream!.balances()).toEqual(expect.arrayContaining([...afterFill, expect.objectContaining({ currency: 'ETH', total: 7 })])));
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CcxtAccountStream } from '../../core/exchange/ccxt-account-stream.js';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/** When a live account's balances may be taken from its private stream, and when the venue must be asked. */
let stub: BinanceStub;
let venue: CcxtExchange;
let stream: CcxtAccountStream | null = null;
let clock = 1_000_000;

beforeEach(async () => {
  stub = await startBinanceStub();
  stub.websocketAvailable = false;
  venue = await binanceVenue(stub, 'binance:balances-test', 1);
});

afterEach(async () => {
  await stream?.stop();
  stream = null;
  await venue.close();
  await stub.close();
});

const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

describe('balances of a live account from its private stream', () => {
  it('are current while the stream is connected and recent, and withheld once stale or disconnected', async () => {
    // Polls once every 10 s (the clock below is the stream's own; the poll loop still runs on real timers).
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 10_000, reconnectMs: 600_000, maxPollFailures: 1, now: () => clock });
    expect(stream.currentBalances()).toBeNull(); // nothing received yet
    stream.start();
    await waitFor(() => expect(stream!.status()).toMatchObject({ transport: 'polling', state: 'connected' }));
    expect(stream.currentBalances()).toEqual(expect.arrayContaining([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }, { currency: 'BTC', free: 1, used: 0, total: 1 }]));

    clock += 20_000; // two polling periods: still fresh at the limit
    expect(stream.currentBalances()).not.toBeNull();
    clock += 1; // older than that: the venue must be asked
    expect(stream.currentBalances()).toBeNull();
    expect(stream.currentBalances(60_000)).not.toBeNull(); // unless the caller accepts older figures
  });

  it('are withheld while the venue does not answer the stream', async () => {
    stream = new CcxtAccountStream({ exchange: venue, pollMs: 30, reconnectMs: 600_000, maxPollFailures: 1, now: () => clock });
    stream.start();
    await waitFor(() => expect(stream!.currentBalances()).not.toBeNull());
    stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 1_000 });
    await waitFor(() => expect(stream!.status().state).toBe('disconnected'));
    expect(stream.currentBalances()).toBeNull();
    stub.clearFaults();
    await waitFor(() => expect(stream!.currentBalances()).not.toBeNull());
  });
});

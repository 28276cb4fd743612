import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import type { FillView } from '../../core/api/contract/trading.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * A resting live limit order that the market fills at the venue reaches the trader through the account's
 * private stream (Binance's user data stream), also when the market moves while the stream is still
 * subscribing — the venue pushes nothing from before a subscription, so Halyard must read it over REST as
 * soon as the subscription stands. Real ccxt code against the Binance stub, the public API of the core;
 * real keychain + encrypted store: run under test/with-keyring.sh.
 */
const keychain = testKeychain();
const dataDir = tempDir('halyard-live-fills-stream-');
let stub: BinanceStub;
let terminal: Terminal;
let api: ApiClient;
const fillEvents: FillView[] = [];

beforeAll(async () => {
  stub = await startBinanceStub();
  stub.book.setBalance('BNB', 10);
  stub.book.feesInBnb = true; // fees in BNB: the position is exactly the bought amount
  stub.book.setBalance('BTC', 0); // no coins held before: every BTC position is Halyard's to see
  terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
  const [serverEnd, clientEnd] = createInMemoryPair();
  serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  api = createApiClient(clientEnd, { timeoutMs: 60_000 });
  api.on('fills.new', ({ fill }) => fillEvents.push(fill));
});
afterAll(async () => {
  await terminal?.close();
  await stub?.close();
  await keychain.cleanup(['binance:main']);
  removeDir(dataDir);
});

const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });
/**
 * For a fill: the stream shows it within about a second. The REST resync of an account on the websocket
 * comes only every 60 s, so a fill that waits for it (one the stream missed) fails this 20 s poll.
 */
const waitForFill = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 20_000, interval: 100 });
const livePosition = async () => (await api.call('positions.list', {})).find((p) => p.id === 'binance:main:manual:BTC/USDT') ?? null;
const orderStatus = async (clientOrderId: string) => (await api.call('orders.list', { status: 'all' })).find((o) => o.clientOrderId === clientOrderId)?.status;

async function restingBuy(price: string): Promise<{ clientOrderId: string }> {
  const placed = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price });
  expect(placed.status).toBe('open');
  return placed;
}

describe('a resting live order filled by the market', () => {
  it('shows its fill and position from the user data stream, also when the market moved while the stream was subscribing', { timeout: 180_000 }, async () => {
    const account = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    // The venue takes its time answering the subscription: the market moves meanwhile.
    stub.userStream.holdSubscriptions = true;
    await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' });
    await waitFor(() => expect(stub.userStream.heldSubscriptions()).toBe(1));
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false)); // orders wait for reconciliation

    // 1. A limit buy rests; the market trades down through it before the subscription stands: no socket hears it.
    const early = await restingBuy('40000');
    stub.book.setPrice('BTCUSDT', 40_000);
    const earlyTrade = stub.book.trades.at(-1)!;
    expect(earlyTrade).toMatchObject({ orderId: stub.book.orders.find((o) => o.clientOrderId === early.clientOrderId)!.orderId });
    expect(stub.userStream.subscribers()).toBe(0);
    stub.userStream.releaseSubscriptions();
    await waitForFill(() => expect(fillEvents.map((f) => f.id)).toEqual([String(earlyTrade.id)]));
    expect(fillEvents[0]).toMatchObject({ clientOrderId: early.clientOrderId, account: 'binance:main', side: 'buy', amount: 0.01, price: 40_000 });
    await waitForFill(async () => expect(await livePosition()).toMatchObject({ account: 'binance:main', quantity: 0.01, averageEntry: 40_000 }));
    expect(await orderStatus(early.clientOrderId)).toBe('filled');

    // 2. With the stream subscribed, the next resting buy that the market fills comes over the socket.
    expect(stub.userStream.subscribers()).toBe(1);
    await waitFor(async () => expect((await api.call('app.status', {})).liveAccounts?.[0]?.updates).toMatchObject({ transport: 'websocket', state: 'connected' }));
    const late = await restingBuy('39000');
    stub.book.setPrice('BTCUSDT', 38_990);
    const lateTrade = stub.book.trades.at(-1)!;
    await waitForFill(() => expect(fillEvents.map((f) => f.id)).toEqual([String(earlyTrade.id), String(lateTrade.id)]));
    expect(fillEvents[1]).toMatchObject({ clientOrderId: late.clientOrderId, amount: 0.01, price: 39_000 });
    await waitForFill(async () => expect(await livePosition()).toMatchObject({ quantity: 0.02, averageEntry: 39_500 }));
    expect(await orderStatus(late.clientOrderId)).toBe('filled');
    expect(stub.userStream.pushed.filter((e) => e.e === 'executionReport' && e.X === 'FILLED').map((e) => e.c)).toEqual([early.clientOrderId, late.clientOrderId]);
  });
});

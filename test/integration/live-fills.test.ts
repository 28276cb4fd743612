import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import type { FillView } from '../../core/api/contract/trading.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * Fills of an armed live account reach the trader once each — in the fill list (with the account),
 * as a `fills.new` event, and in the live position — whether they came with our own order, through
 * the account's private stream, or from reconciliation; positions come back from the journal after a
 * restart. Balances come from the stream, or from the venue when the stream is down. Real ccxt code
 * against the Binance stub; real keychain + encrypted store: run under test/with-keyring.sh.
 */
const keychain = testKeychain();
const dataDir = tempDir('halyard-live-fills-');
let stub: BinanceStub;

beforeAll(async () => {
  stub = await startBinanceStub();
  // The account pays commissions in BNB (Binance's "use BNB to pay for fees"), so base and quote
  // balances move by exactly the traded amounts (a buy's fee in BTC would otherwise net the position).
  stub.book.setBalance('BNB', 10);
  stub.book.feesInBnb = true;
  stub.websocketAvailable = false; // private updates by REST polling, as on a venue without a private socket
  stub.book.setBalance('BTC', 0); // no coins held before: every BTC position is Halyard's to see
});
afterAll(async () => {
  await stub.close();
  await keychain.cleanup(['binance:main']);
  removeDir(dataDir);
});

const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

async function open(): Promise<{ terminal: Terminal; api: ApiClient; fillEvents: FillView[] }> {
  const terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
  const [serverEnd, clientEnd] = createInMemoryPair();
  serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const api = createApiClient(clientEnd, { timeoutMs: 60_000 });
  const fillEvents: FillView[] = [];
  api.on('fills.new', ({ fill }) => fillEvents.push(fill));
  return { terminal, api, fillEvents };
}

const liveFills = async (api: ApiClient) => (await api.call('fills.list', {})).filter((fill) => fill.account === 'binance:main');
const livePosition = async (api: ApiClient) => (await api.call('positions.list', {})).find((p) => p.id === 'binance:main:manual:BTC/USDT') ?? null;

describe('fills and balances of a live account', () => {
  it('shows every fill once, in the list, as an event and in the position, however it arrived; balances from the stream or the venue', { timeout: 240_000 }, async () => {
    let { terminal, api, fillEvents } = await open();
    let openingTrade: string | null = null;
    try {
      const account = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
      await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
      await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' });
      await waitFor(async () => expect((await api.call('app.status', {})).liveAccounts?.[0]?.updates).toMatchObject({ transport: 'polling', state: 'connected' }));

      // 1. A manual market buy fills at once at the venue: its fill arrives with the account and opens a position.
      const buy = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' });
      const first = await waitFor(async () => {
        const fills = await liveFills(api);
        expect(fills).toHaveLength(1);
        return fills[0]!;
      });
      expect(first).toMatchObject({ clientOrderId: buy.clientOrderId, account: 'binance:main', side: 'buy', amount: 0.01, price: 50_000, source: 'manual', id: String(stub.book.trades[0]!.id) });
      expect(first.tradeId).not.toBeNull();
      openingTrade = first.tradeId;
      await waitFor(() => expect(fillEvents.map((f) => f.id)).toEqual([first.id]));
      expect(fillEvents[0]).toEqual(first);
      expect(await livePosition(api)).toMatchObject({ account: 'binance:main', source: 'manual', quantity: 0.01, averageEntry: 50_000 });

      // 2. A resting limit buy that the market fills at the venue, seen only by the account's stream.
      const limit = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '40000' });
      expect(limit.status).toBe('open');
      const venueTrade = stub.book.fill(stub.book.open('BTCUSDT').find((o) => o.clientOrderId === limit.clientOrderId)!);
      await waitFor(() => expect(fillEvents.map((f) => f.id)).toEqual([first.id, String(venueTrade.id)]));
      expect(fillEvents[1]).toMatchObject({ clientOrderId: limit.clientOrderId, account: 'binance:main', price: 40_000, tradeId: first.tradeId });
      await waitFor(async () => expect((await api.call('orders.list', { status: 'all' })).find((o) => o.clientOrderId === limit.clientOrderId)?.status).toBe('filled'));
      expect(await livePosition(api)).toMatchObject({ quantity: 0.02, averageEntry: 45_000 });

      // 3. An order placed at the venue itself (not through Halyard) fills at once: reconciliation finds its
      //    fill; it is announced once, and the fills already known are not announced again.
      stub.book.create(new URLSearchParams({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'web_order_1' }));
      const webTrade = stub.book.trades.at(-1)!;
      await api.call('risk.reconcile', { trigger: 'manual' });
      await waitFor(() => expect(fillEvents.map((f) => f.id)).toEqual([first.id, String(venueTrade.id), String(webTrade.id)]));
      await api.call('risk.reconcile', { trigger: 'manual' });
      expect(fillEvents).toHaveLength(3);
      expect((await liveFills(api)).map((f) => f.id)).toEqual([first.id, String(venueTrade.id), String(webTrade.id)]);
      expect(await livePosition(api)).toMatchObject({ quantity: 0.03 });

      // 4. Balances of the live account: the stream's, matching the venue.
      await waitFor(async () => expect((await api.call('balances.list', { account: 'binance:main' })).find((b) => b.currency === 'BTC')?.total).toBeCloseTo(0.03, 8));
      // With the stream down, the venue is asked directly: a change the stream cannot have seen shows at once.
      stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 10_000 });
      await waitFor(async () => expect((await api.call('app.status', {})).liveAccounts?.[0]?.updates.state).not.toBe('connected'));
      stub.book.setBalance('ETH', 7);
      expect((await api.call('balances.list', { account: 'binance:main' })).find((b) => b.currency === 'ETH')).toMatchObject({ total: 7, free: 7 });
      stub.clearFaults();
    } finally {
      await terminal.close();
    }

    // 5. After a restart the position is rebuilt from the journal; old fills are not announced again.
    ({ terminal, api, fillEvents } = await open());
    try {
      await waitFor(async () => expect((await api.call('app.status', {})).mode).toMatchObject({ kind: 'live', account: 'binance:main' }));
      expect(await livePosition(api)).toMatchObject({ quantity: 0.03 });

      // 6. Closing the live position sells it at the venue; the sell is the trade's one manual exit.
      await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false)); // orders wait for reconciliation
      const close = await api.call('positions.close', { id: 'binance:main:manual:BTC/USDT', fraction: 1 });
      expect(close).toMatchObject({ account: 'binance:main', side: 'sell', type: 'market', amount: 0.03 });
      const exit = await waitFor(() => {
        expect(fillEvents).toHaveLength(1);
        return fillEvents[0]!;
      });
      expect(exit).toMatchObject({ clientOrderId: close.clientOrderId, side: 'sell', exitReason: 'manual', tradeId: openingTrade });
      expect(await livePosition(api)).toBeNull();
    } finally {
      await terminal.close();
    }
  });
});

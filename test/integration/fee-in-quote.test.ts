import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { venueFeeInQuote } from '../../core/exchange/fee-conversion.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/** Fees in the asset bought and in BNB, converted to the quote currency with Binance's own prices. */
let stub: BinanceStub;
let venue: CcxtExchange;

beforeAll(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:fees', 1);
});
afterAll(async () => {
  await venue.close();
  await stub.close();
});

describe('a live fill’s fee in the quote currency', () => {
  it('prices a BNB fee at the BNB/USDT 1-minute close of the fill’s minute, and a BTC fee at the fill price', async () => {
    await venue.placeOrder({ clientOrderId: 'hy0000000feebase01', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    stub.book.setBalance('BNB', 1);
    stub.book.feesInBnb = true;
    await venue.placeOrder({ clientOrderId: 'hy00000000feebnb01', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    const [inBase, inBnb] = await venue.fetchFills('BTC/USDT');
    const minute = Math.floor(inBnb!.time / 60_000) * 60_000;
    // The venue's BNB/USDT bar of the fill's minute closed at 600.
    stub.setKlines('BNBUSDT', '1m', [{ time: minute, open: 590, high: 605, low: 588, close: 600, volume: 1_000 }]);

    expect(inBase).toMatchObject({ fee: 0.00001, feeCurrency: 'BTC' });
    expect(await venueFeeInQuote(venue, inBase!)).toEqual({ amount: 0.00001, currency: 'BTC', quoteAmount: 0.5, rate: 50_000, how: 'fill price' });
    // 0.1% of 500 USDT = 0.5 USDT, charged as 0.00083333 BNB at 600.
    expect(inBnb).toMatchObject({ fee: 0.00083333, feeCurrency: 'BNB' });
    expect(await venueFeeInQuote(venue, inBnb!)).toEqual({ amount: 0.00083333, currency: 'BNB', quoteAmount: 0.499998, rate: 600, how: 'venue price' });
    expect(stub.requestsTo('GET', '/api/v3/klines').at(-1)!.params).toMatchObject({ symbol: 'BNBUSDT', interval: '1m', startTime: String(minute), limit: '1' });
  });
});

describe('a manual live fill whose fee was paid in BNB, as the trader sees it', () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-fee-bnb-');
  let terminal: Terminal | null = null;
  afterAll(async () => {
    await terminal?.close();
    await keychain.cleanup(['binance:bnb']);
    removeDir(dataDir);
  });
  async function connect(): Promise<ApiClient> {
    terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
    const [serverEnd, clientEnd] = createInMemoryPair();
    serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
    return createApiClient(clientEnd, { timeoutMs: 30_000 });
  }

  it('lists the fee in BNB and its USDT value at the venue’s BNB price, also after a restart', async () => {
    let api = await connect();
    const account = await api.call('accounts.add', { exchange: 'binance', label: 'bnb', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    await api.call('accounts.arm', { id: account.id, confirmLabel: 'bnb' });
    stub.book.setBalance('BNB', 1);
    stub.book.feesInBnb = true;
    const order = await api.call('orders.place', { account: 'binance:bnb', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '0.01' });
    const fill = async () => (await api.call('fills.list', {})).find((f) => f.clientOrderId === order.clientOrderId);
    // 0.1 % of 500 USDT is 0.5 USDT, charged as 0.00083333 BNB; BNB trades at 600 USDT on the venue.
    await vi.waitFor(async () => expect(await fill()).toMatchObject({ fee: 0.00083333, feeCurrency: 'BNB', feeInQuote: 0.499998 }), { timeout: 20_000, interval: 100 });
    await api.call('accounts.disarm', { id: account.id });
    await terminal!.close();
    terminal = null;
    api = await connect();
    expect(await fill()).toMatchObject({ fee: 0.00083333, feeCurrency: 'BNB', feeInQuote: 0.499998 });
  });
});

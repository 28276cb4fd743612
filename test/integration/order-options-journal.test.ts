import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

/**
 * Post-only and time in force are journaled with the order (issue 15, item 3), through the public API on
 * the real encrypted store and keychain (run under test/with-keyring.sh): a modified post-only order on
 * Binance (strict stub) is replaced as post-only (LIMIT_MAKER), and a paper IOC order still waiting for its
 * first bar when Halyard stops is IOC again after the restart — it expires unfilled on that bar instead of
 * resting as good-till-cancelled.
 */
const terminals = restartableTerminal();
let binance: BinanceStub;

beforeAll(async () => {
  binance = await startBinanceStub();
  binance.book.setBalance('BTC', 0);
});
afterAll(async () => {
  await binance.close();
});

/** A short flat 1m BTC/USDT replay at 100: at a high speed it is over at once, so no bar follows an order placed after it. */
function replay(dir: string, name: string, start: number): string {
  const file = join(dir, `BTCUSDT-1m-${name}.csv`);
  const rows = Array.from({ length: 5 }, (_, i) => `${start + i * 60_000},100,100,100,100,1000`);
  writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
  return file;
}

const orderOf = async (api: ApiClient, clientOrderId: string) => (await api.call('orders.list', { status: 'all' })).find((order) => order.clientOrderId === clientOrderId);

describe('post-only and time in force in the order journal', () => {
  it('a modified post-only order stays post-only at the venue; a paper IOC order waiting for its bar is IOC after a restart', { timeout: 60_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-order-options-');
    const day = Date.UTC(2024, 2, 1);
    let api = await terminals.start({ dataDir, market: { kind: 'replay', file: replay(dataDir, 'before', day) }, speed: 6_000, tickMs: 20 });
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    const added = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: binance.apiKey, apiSecret: binance.secret, baseUrl: binance.url });
    await api.call('accounts.arm', { id: added.id, confirmLabel: 'main' });

    // 1. A post-only buy resting under Binance's market, then its price moved: the replacement is LIMIT_MAKER too.
    const placed = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '49000', postOnly: true });
    expect(placed).toMatchObject({ status: 'open', postOnly: true, timeInForce: 'GTC' });
    const moved = await api.call('orders.modify', { clientOrderId: placed.clientOrderId, price: '48500' });
    expect(moved).toMatchObject({ status: 'open', price: 48_500, postOnly: true, reason: `manual order (replaces ${placed.clientOrderId})` });
    const posts = binance.requestsTo('POST', '/api/v3/order');
    expect(posts.map((post) => [post.status, post.params.type, post.params.price, post.params.newClientOrderId])).toEqual([
      [200, 'LIMIT_MAKER', '49000', placed.clientOrderId],
      [200, 'LIMIT_MAKER', '48500', moved.clientOrderId],
    ]);
    expect(Object.keys(posts[1]!.params)).not.toContain('timeInForce');

    // 2. The replay is over: a paper IOC buy under the market waits for its first bar.
    await until(() => api.call('market.watchlist', {}), (rows) => rows.some((row) => row.symbol === 'BTC/USDT' && row.last === 100), 'the replay to show 100');
    const ioc = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '1', price: '95', timeInForce: 'IOC' });
    expect(ioc).toMatchObject({ status: 'open', timeInForce: 'IOC', postOnly: false });
    await terminals.stop();

    // 3. Halyard comes back on a market still at 100: the first bar decides the IOC order — unfilled, so expired.
    api = await terminals.start({ dataDir, market: { kind: 'replay', file: replay(dataDir, 'after', day + 10 * 60_000) }, speed: 60, tickMs: 20 });
    await until(() => orderOf(api, ioc.clientOrderId), (order) => order?.status !== 'open', 'the IOC order to be decided');
    expect(await orderOf(api, ioc.clientOrderId)).toMatchObject({ status: 'expired', filled: 0, timeInForce: 'IOC' });
    expect((await api.call('balances.list', { account: 'paper' })).find((balance) => balance.currency === 'USDT')).toMatchObject({ used: 0 });
    // The journal still says what the Binance order was sent as.
    expect(await orderOf(api, moved.clientOrderId)).toMatchObject({ postOnly: true, timeInForce: 'GTC' });
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../core/api/errors.js';
import { apiTerminal } from '../helpers/api-terminal.js';
import { BarPump, KrakenBars } from '../helpers/venue-bars.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * Two venues at once through a real Terminal (real keychain, encrypted store, ccxt against the strict
 * Binance and Kraken stubs): a configuration on the Binance account trades on Binance's own feed while
 * the chart shows Kraken, and one on the Kraken account trades on Kraken's while the chart shows Binance.
 * Each order reaches its own account's venue and nowhere else; switching the chart is never refused for
 * them and leaves them running; the watchlist holds both venues' BTC/USDT. Run under test/with-keyring.sh.
 */
const STRATEGY = `
import { z } from 'zod';

export default {
  apiVersion: 1,
  name: 'enter-once',
  description: 'Test strategy: one market buy of a fixed quantity on the first live bar.',
  params: z.object({ quantity: z.number().positive().default(0.001) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    return {
      onCandle(ctx) {
        if (ctx.position !== null || ctx.openEntryOrders > 0) return [];
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.quantity }, orderType: 'market', reason: 'enter at once' }];
      },
      readiness() { return 50; },
    };
  },
};
`;

const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('several market sources at once', () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-sources-');
  let binance: BinanceStub;
  let kraken: KrakenStub;
  let binanceBars: BarPump;
  let krakenBars: KrakenBars;
  let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

  beforeAll(async () => {
    binance = await startBinanceStub();
    binance.book.setBalance('BNB', 10);
    binance.book.feesInBnb = true;
    binance.book.setBalance('BTC', 0);
    binance.book.setBalance('ETH', 0);
    kraken = await startKrakenStub();
    kraken.book.setBalance('XXBT', 0);
    kraken.book.setBalance('XETH', 0);
    binanceBars = new BarPump(binance);
    krakenBars = new KrakenBars(kraken);
    binanceBars.start();
    krakenBars.start();
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'enter-once.js'), STRATEGY);
  });
  afterAll(async () => {
    binanceBars.stop();
    krakenBars.stop();
    await current?.close();
    await binance.close();
    await kraken.close();
    await keychain.cleanup(['binance:main', 'kraken:main']);
    removeDir(dataDir);
  });

  it('a live configuration trades its own account’s venue whatever the chart shows, and the chart switches freely', { timeout: 120_000 }, async () => {
    current = await apiTerminal({ dataDir, keychainService: keychain.service, speed: 600, tickMs: 50 }, {});
    const { api, terminal } = current;
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    for (const [exchange, stub] of [['binance', binance], ['kraken', kraken]] as const) {
      const added = await api.call('accounts.add', { exchange, label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
      await api.call('accounts.arm', { id: added.id, confirmLabel: 'main' });
    }
    await waitFor(async () => expect((await api.call('risk.state', {})).reconciling).toBe(false));
    const krakenOrders = () => kraken.requestsTo('/0/private/AddOrder').filter((r) => r.status === 200);
    const binanceBuys = () => binance.book.orders.filter((o) => o.symbol === 'BTCUSDT');

    // 1. The chart shows Kraken; a configuration on the Binance account trades on Binance's own bars.
    await expect(api.call('market.setSource', { kind: 'exchange', exchange: 'kraken', symbols: ['BTC/USDT'], baseUrl: kraken.url })).resolves.toMatchObject({ kind: 'exchange', label: expect.stringMatching(/kraken/i), fallback: null });
    await expect(api.call('strategies.save', { name: 'bn-bot', strategy: 'enter-once', symbols: ['BTC/USDT'], account: 'binance:main', enabled: true })).resolves.toMatchObject({ state: 'running' });
    const binanceBuy = await waitFor(() => {
      expect(binanceBuys()).toHaveLength(1);
      return binanceBuys()[0]!;
    });
    expect(binanceBuy).toMatchObject({ side: 'BUY', type: 'MARKET' });
    expect((await api.call('orders.list', { status: 'all' })).find((o) => o.clientOrderId === binanceBuy.clientOrderId)).toMatchObject({ account: 'binance:main', source: 'bn-bot', symbol: 'BTC/USDT' });
    expect(krakenOrders()).toEqual([]);
    expect(terminal.core.venues.exchanges().sort()).toEqual(['binance', 'kraken']);

    // 2. The chart switches to Binance (never refused for a live configuration elsewhere); a configuration on the Kraken account trades on Kraken's bars.
    await expect(api.call('market.setSource', { kind: 'exchange', exchange: 'binance', symbols: ['BTC/USDT'], baseUrl: binance.url })).resolves.toMatchObject({ kind: 'exchange', fallback: null });
    await expect(api.call('strategies.save', { name: 'kr-bot', strategy: 'enter-once', symbols: ['BTC/USDT'], account: 'kraken:main', enabled: true })).resolves.toMatchObject({ state: 'running' });
    const krakenBuy = await waitFor(() => {
      expect(krakenOrders()).toHaveLength(1);
      return krakenOrders()[0]!.params;
    });
    expect(krakenBuy).toMatchObject({ pair: 'XBTUSDT', type: 'buy', ordertype: 'market', volume: '0.001' });
    expect((await api.call('orders.list', { status: 'all' })).find((o) => o.clientOrderId === krakenBuy['cl_ord_id'])).toMatchObject({ account: 'kraken:main', source: 'kr-bot', symbol: 'BTC/USDT' });
    // Binance got nothing more: each configuration's orders went to its own account's venue.
    expect(binanceBuys()).toHaveLength(1);

    // 3. Both run; the positions say which account (and so which exchange) holds each BTC/USDT.
    const configs = await api.call('strategies.configs', {});
    expect(configs.map((c) => [c.name, c.account, c.state]).sort()).toEqual([
      ['bn-bot', 'binance:main', 'running'],
      ['kr-bot', 'kraken:main', 'running'],
    ]);
    const positions = await waitFor(async () => {
      const list = (await api.call('positions.list', {})).filter((p) => p.symbol === 'BTC/USDT');
      expect(list.map((p) => p.account).sort()).toEqual(['binance:main', 'kraken:main']);
      return list;
    });
    expect(positions.map((p) => p.quantity)).toEqual([0.001, 0.001]);
    expect((await api.call('app.status', {})).dataSource).toMatchObject({ kind: 'exchange', exchange: 'binance' });
    // Each position is marked at its own venue's price, never the chart's.
    await waitFor(async () => {
      const marks = Object.fromEntries((await api.call('positions.list', {})).filter((p) => p.symbol === 'BTC/USDT').map((p) => [p.account, p.markPrice]));
      expect(marks).toEqual({ 'binance:main': 50_000, 'kraken:main': 50_100 });
    });

    // The watchlist holds both exchanges' BTC/USDT: the chart's (Binance) and Kraken's, each at its own venue's price.
    const refused = await api.call('market.watchlist.set', { symbols: ['BTC/USDT'], elsewhere: [{ exchange: 'binance', symbol: 'ETH/USDT' }] }).catch((error: unknown) => error as ApiError);
    expect(refused).toMatchObject({ code: 'rejected', issues: [{ path: 'elsewhere', message: expect.stringMatching(/binance is the chart's market/) }] });
    await api.call('market.watchlist.set', { symbols: ['BTC/USDT'], elsewhere: [{ exchange: 'kraken', symbol: 'BTC/USDT' }] });
    await waitFor(async () => {
      const rows = (await api.call('market.watchlist', {})).map((r) => ({ symbol: r.symbol, exchange: r.exchange, elsewhere: r.elsewhere ?? false, last: r.last }));
      expect(rows).toEqual([
        { symbol: 'BTC/USDT', exchange: 'binance', elsewhere: false, last: 50_000 },
        { symbol: 'BTC/USDT', exchange: 'kraken', elsewhere: true, last: 50_100 },
      ]);
    });

    // 4. Switched off, the Kraken configuration lets go of its lease on Kraken's feed; the watchlist's lease
    // keeps it; once the watchlist drops Kraken too, nothing uses it and it stops.
    await api.call('strategies.setEnabled', { name: 'kr-bot', enabled: false });
    expect(terminal.core.venues.exchanges().sort()).toEqual(['binance', 'kraken']);
    await api.call('market.watchlist.set', { symbols: ['BTC/USDT'], elsewhere: [] });
    expect(terminal.core.venues.exchanges()).toEqual(['binance']);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../core/api/errors.js';
import { apiTerminal } from '../helpers/api-terminal.js';
import { BarPump } from '../helpers/venue-bars.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * Issue 15, item 1 (several sources): the ticket's market-order preview for a live account reads that
 * account's own venue — its book and its last price — while the chart shows the simulated market. The
 * Binance stub's book sits well away from the simulated market's prices, so a preview read from the chart
 * could not match it. Run under test/with-keyring.sh (real keychain, encrypted store).
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 20_000, interval: 100 });

describe('market.fillEstimate for a live account on another exchange than the chart’s', () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-estimate-');
  let binance: BinanceStub;
  let bars: BarPump;
  let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

  beforeAll(async () => {
    binance = await startBinanceStub();
    // Binance's own book around its bars (50,000): 0.004 BTC at 50,010, then 0.006 at 50,030.
    binance.depth.setBook('BTCUSDT', [[49_990, 0.5], [49_980, 1]], [[50_010, 0.004], [50_030, 0.006], [50_100, 2]]);
    bars = new BarPump(binance);
    bars.start(500);
  });
  afterAll(async () => {
    bars.stop();
    await current?.close();
    await binance.close();
    await keychain.cleanup(['binance:main']);
    removeDir(dataDir);
  });

  it('prices the Binance account’s market buy from Binance’s book, the paper account’s from the chart’s', { timeout: 60_000 }, async () => {
    current = await apiTerminal({ dataDir, keychainService: keychain.service, speed: 600, tickMs: 50 }, {});
    const { api } = current;
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    const added = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: binance.apiKey, apiSecret: binance.secret, baseUrl: binance.url });
    await api.call('accounts.arm', { id: added.id, confirmLabel: 'main' });
    expect((await api.call('app.status', {})).dataSource).toMatchObject({ kind: 'simulated' });
    const estimate = (account?: string) => api.call('market.fillEstimate', { symbol: 'BTC/USDT', side: 'buy', amount: '0.01', ...(account ? { account } : {}) });

    // Nothing streams Binance yet (no live configuration, no watchlist row there): the book is asked of Binance at once.
    expect(await estimate('binance:main')).toMatchObject({ filled: 0.01, expectedPrice: 50_022, worstPrice: 50_030 });
    // The order road reads the same book: a market buy bigger than Binance's book is refused before it is sent.
    const sentBefore = binance.requestsTo('POST', '/api/v3/order').length;
    const refused = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '5' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).message).toMatch(/market buy 5 BTC: the book holds only 2\.01 BTC on the ask side/);
    expect(binance.requestsTo('POST', '/api/v3/order').length).toBe(sentBefore);

    // The trader watches Binance's BTC/USDT beside the simulated chart: Binance's feed (and book) runs.
    await api.call('market.watchlist.set', { symbols: (await api.call('market.watchlist', {})).map((row) => row.symbol), elsewhere: [{ exchange: 'binance', symbol: 'BTC/USDT' }] });

    // 0.004 at 50,010 and 0.006 at 50,030: 50,022 on average, the worst 50,030, against Binance's last 50,000.
    const live = await waitFor(async () => {
      const answer = await estimate('binance:main');
      expect(answer.expectedPrice).not.toBeNull();
      return answer;
    });
    expect(live).toMatchObject({ amount: 0.01, filled: 0.01, expectedPrice: 50_022, worstPrice: 50_030, last: 50_000 });
    expect(live.slippagePct).toBeCloseTo(0.044, 6);
    expect(live.spreadPct).toBeCloseTo(0.04, 6);

    // The paper account's preview still reads the chart's (simulated) market, nowhere near Binance's book.
    const paper = await estimate();
    expect(paper.last).not.toBe(50_000);
    expect(paper.expectedPrice).not.toBeNull();
    expect(Math.abs(paper.expectedPrice! - 50_022)).toBeGreaterThan(100);
    // A buy bigger than Binance's book: the preview says how much of it the book holds, and that it would be refused.
    await expect(api.call('market.fillEstimate', { symbol: 'BTC/USDT', side: 'buy', amount: '5', account: 'binance:main' })).resolves.toMatchObject({ allowed: false, filled: 2.01 });
  });
});

import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { armedAccountBreaker, binanceStubForSuite } from './live-account-page.js';
import { tab } from './workspace-page.js';

/**
 * A live account's equity counts every coin it holds, not only the markets Halyard watches (Chromium,
 * loopback Binance stub). The served app runs the simulated market, so no feed marks any Binance market:
 * the account's 1 BTC, 10 ETH and 2 SOL are valued at Binance's own prices (the stub's ticker), and a
 * coin Binance lists no market for is named as not valued instead of counting as zero.
 */
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, ['binance:equity']);

describe('live account equity with coins Halyard does not watch (Chromium, loopback Binance stub)', () => {
  it('values every holding at the venue price and names the one it cannot value', async () => {
    const stub = venue.stub;
    // The stub's account: 10,000 USDT, 1 BTC at 50,000, 10 ETH at 3,000; plus 2 SOL at 150 and 5 of a coin with no market.
    stub.book.setBalance('SOL', 2);
    stub.book.setBalance('XYZ', 5);
    const page = await openApp(suite.browser, suite.app);
    const breaker = await armedAccountBreaker(page, stub, 'equity');
    // 10,000 + 1 × 50,000 + 10 × 3,000 + 2 × 150 = 90,300 USDT: the day starts from the whole account.
    await expect.poll(() => breaker.textContent(), { timeout: 10_000 }).toMatch(/of 90,300 at day start/);
    expect(await breaker.getByTestId('risk-equity').textContent()).toBe('Equity now 90,300.00 USDT');
    const unvalued = breaker.getByRole('list', { name: 'Holdings not valued' }).getByRole('listitem');
    expect(await unvalued.allTextContents()).toEqual(['5 XYZ not valued (left out of equity): binance lists no XYZ market against USDT, directly or through BTC, ETH, USDC, BNB']);
    // Limits as % of that equity: the coins held are the trader's exposure (80,300 of 90,300).
    const limits = page.getByRole('region', { name: 'Limits', exact: true });
    await expect.poll(() => limits.locator('tr[data-rule="max_exposure_total"]').textContent()).toMatch(/^Total exposure\s*88\.93% \/ 100\.00%/);

    // The prices came from Binance's 24 h ticker, asked for the held coins' markets in one batch.
    const asked = stub.requestsTo('GET', '/api/v3/ticker/24hr').filter((request) => request.params['symbols'] !== undefined);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((request) => request.status === 200)).toBe(true);
    expect(JSON.parse(asked[0]!.params['symbols']!)).toEqual(expect.arrayContaining(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']));

    // Strategies → Budgets sizes from the same equity and names the same coin it leaves out, as Risk does.
    const api = await coreApi(suite.app);
    try {
      await api.call('strategies.save', { name: 'equity-cross', strategy: 'sma-cross', params: { fast: 20, slow: 60, stake: 0.01 }, symbols: ['BTC/USDT'], account: 'binance:equity', create: true });
    } finally {
      api.close();
    }
    await tab(page, 'Strategies').click();
    const budgets = page.getByRole('region', { name: 'Budgets on binance:equity' });
    await expect.poll(() => budgets.getByTestId('allocation-summary').textContent(), { timeout: 10_000 }).toMatch(/^Equity 90,300(\.00)? USDT/);
    const leftOut = budgets.getByRole('list', { name: 'Holdings not valued' }).getByRole('listitem');
    await expect.poll(() => leftOut.allTextContents()).toEqual(['5 XYZ not valued (left out of equity): binance lists no XYZ market against USDT, directly or through BTC, ETH, USDC, BNB']);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedAccountBreaker, binanceStubForSuite } from './live-account-page.js';

/**
 * A live account armed while Binance's 24 h ticker fails (503, loopback stub, Chromium): the day's starting
 * equity can count only its 10,000 USDT, and the Risk tab says so in plain words — the day start is
 * provisional, which coins it leaves out and that the breaker cannot see a loss on them meanwhile. When the
 * venue answers, the coins join equity and the day start alike (90,000) and the notice goes.
 */
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, ['binance:daystart']);

describe('a provisional day start on the Risk tab (Chromium, loopback Binance stub)', () => {
  it('says which coins the day start leaves out until their prices come, then counts them', async () => {
    const stub = venue.stub;
    stub.fault({ method: 'GET', path: '/api/v3/ticker/24hr', kind: 'server_error', times: 1_000 });
    const page = await openApp(suite.browser, suite.app);
    const breaker = await armedAccountBreaker(page, stub, 'daystart');
    const notice = breaker.getByTestId('risk-day-start-provisional');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toBe(
      "Day start provisional: it leaves out 1 BTC, 10 ETH, not priced yet; each is added at its first price. Until then the breaker measures today's loss on the rest of the account only — a loss on these coins cannot trip it.",
    );
    expect(await breaker.textContent()).toMatch(/of 10,000 at day start \(provisional\)/);

    stub.clearFaults();
    // 10,000 + 1 × 50,000 + 10 × 3,000: the day start counts the coins at their first price, no gain today.
    await expect.poll(() => breaker.textContent(), { timeout: 30_000 }).toMatch(/of 90,000 at day start · limit/);
    expect(await notice.count()).toBe(0);
    expect(await breaker.getByTestId('risk-equity').textContent()).toBe('Equity now 90,000.00 USDT');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedStubAccount, binanceStubForSuite, restingLiveBuy } from './live-account-page.js';
import { tab, tabPanel } from './workspace-page.js';

const LABEL = 'ratelimit';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * A live order the venue refuses over its rate limit (Chromium, loopback Binance stub). Binance: "HTTP 429
 * return code is used when breaking a request rate limit" — a refusal, unlike a 5XX whose "execution status
 * is UNKNOWN" (binance-spot-api-docs, rest-api.md, "HTTP Return Codes"). The ticket says it was not placed
 * and keeps what the trader typed; no phantom "unknown" order sits in Open Orders; sent again, it rests once.
 */
describe('a live order refused over the venue’s rate limit (Chromium, loopback Binance stub)', () => {
  it('is shown as not placed, leaves no unknown order behind, and goes through when sent again', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page = await openApp(suite.browser, suite.app);
    await armedStubAccount(page, stub, LABEL, { 'Max exposure per symbol (%)': '100' });
    // The first live order of the session (confirmed) rests; the next one meets the 429.
    const form = await restingLiveBuy(page, VENUE, { base: 'BTC', price: '40000', amount: '0.0002', shownPrice: '40,000.00' });

    stub.fault({ kind: 'rate_limit', method: 'POST', path: '/api/v3/order', retryAfterSec: 2 });
    await form.getByLabel('Price', { exact: true }).fill('41000');
    await form.getByLabel('Amount', { exact: true }).fill('0.0003');
    await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
    await expect.poll(() => form.getByTestId('ticket-error').textContent()).toMatch(/429 .* — not placed: binance:ratelimit refused it over its rate limit; send it again in 2 s\.$/);
    expect(await form.getByTestId('ticket-error').textContent()).not.toMatch(/outcome is being checked/);
    expect([await form.getByLabel('Price', { exact: true }).inputValue(), await form.getByLabel('Amount', { exact: true }).inputValue()]).toEqual(['41000', '0.0003']);

    await tab(page, 'Open Orders').click();
    const rows = tabPanel(page).locator('tr[data-order]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/40,000\.00.*open/s);

    await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.0003 BTC\/USDT limit @ 41,000\.00 on binance:ratelimit — open/);
    await expect.poll(() => rows.count()).toBe(2);
    expect(stub.book.open().map((o) => o.origQty)).toHaveLength(2);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

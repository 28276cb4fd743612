import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { addStubAccount, armAccount, binanceStubForSuite, restingLiveBuy, saveRiskLimits } from './live-account-page.js';
import { tab, tabPanel } from './workspace-page.js';

const LABEL = 'resting';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * A resting live limit buy that the market fills at the venue (Chromium, loopback Binance stub): it leaves Open
 * Orders and shows as a LIVE position and in My fills without the trader asking — also when the market moved
 * while the account's user data stream was still being subscribed (the venue pushes nothing from before).
 */
describe('a resting live order filled by the market (Chromium, loopback Binance stub)', () => {
  it('shows the fill and the live position once the market trades through the order', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page: Page = await openApp(suite.browser, suite.app);
    stub.book.setBalance('BTC', 0); // no coins held before: the position is the fill's
    await saveRiskLimits(page, { 'Max exposure per symbol (%)': '100' });
    // The venue is slow to take the account's user data stream subscription: the market moves meanwhile.
    stub.userStream.holdSubscriptions = true;
    const account = await addStubAccount(page, stub, LABEL);
    await armAccount(account, LABEL);
    await expect.poll(() => account.textContent()).toContain('LIVE');
    await expect.poll(() => stub.userStream.heldSubscriptions()).toBe(1);

    await restingLiveBuy(page, VENUE, { base: 'BTC', price: '39000', amount: '0.0002', shownPrice: '39,000.00' });
    await tab(page, 'Open Orders').click();
    const orders = tabPanel(page).locator('tr[data-order]');
    await expect.poll(() => orders.count()).toBe(1);

    // The market trades down through the order at the venue; no socket is subscribed to hear it.
    stub.book.setPrice('BTCUSDT', 39_000);
    expect(stub.book.orders.at(-1)).toMatchObject({ side: 'BUY', status: 'FILLED' });
    expect(stub.userStream.subscribers()).toBe(0);
    stub.userStream.releaseSubscriptions();

    // The default 20 s poll: far above the stream's usual second, below the 60 s REST resync a missed fill would wait for.
    await expect.poll(() => orders.count()).toBe(0);
    await tab(page, 'Positions').click();
    const position = tabPanel(page).locator('tr[data-position]');
    await expect.poll(() => position.count()).toBe(1);
    await expect.poll(() => position.getByRole('rowheader').textContent()).toMatch(/^▸LONG BTC\/USDT · Binance\s*LIVE$/);
    await page.getByRole('group', { name: 'Market view' }).getByRole('button', { name: 'My fills' }).click();
    const fills = page.getByRole('table', { name: 'Recent fills' }).getByRole('row');
    await expect.poll(() => fills.count()).toBe(1);
    expect((await fills.first().innerText()).split('\t').slice(1)).toEqual(['BTC', '▲ B', '0.0002', '39,000.00']);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

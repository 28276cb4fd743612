import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedStubAccount, binanceStubForSuite, screens } from './live-account-page.js';
import { tab, tabPanel, ticket } from './workspace-page.js';

const LABEL = 'pnl';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * The P&L tab counts the paper account only. A trader who has just bought on an armed live account must not
 * read "No trades yet — place an order from the ticket" there as if the fill were lost: the tab says whose
 * P&L it shows, and where the live account's figures are (Chromium, loopback Binance stub).
 */
describe('the P&L tab beside a live account (Chromium, loopback Binance stub)', () => {
  it('says it counts Paper only and where the live figures are, after a live fill', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page = await openApp(suite.browser, suite.app);
    await armedStubAccount(page, stub, LABEL, { 'Max exposure per symbol (%)': '100' });
    await screens(page, 'Trade');
    const form = ticket(page);
    await form.getByRole('combobox', { name: 'Account' }).selectOption(VENUE);
    await form.getByRole('radio', { name: 'Market', exact: true }).check();
    await form.getByLabel('Amount', { exact: true }).fill('0.001');
    await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm live order' }).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.001 BTC\/USDT market on binance:pnl — filled/);

    await tab(page, 'P&L').click();
    const scope = tabPanel(page).getByTestId('pnl-scope');
    await expect.poll(() => scope.textContent()).toBe(
      `This tab counts the Paper account only. ${VENUE} (LIVE): its open and realized P&L are in Positions, its day’s P&L in Risk → Daily loss breaker.`,
    );
    await expect.poll(() => tabPanel(page).getByText('No trades yet — place an order from the ticket or enable a strategy').count()).toBe(0);
    await expect.poll(() => tabPanel(page).getByText('No Paper trades yet').count()).toBe(1);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

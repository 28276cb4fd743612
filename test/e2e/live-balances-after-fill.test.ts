import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { addStubAccount, armAccount, saveRiskLimits, screens, krakenWithoutBtcForSuite } from './live-account-page.js';
import { ticket } from './workspace-page.js';

const LABEL = 'afterfill';
const ACCOUNT = `kraken:${LABEL}`;
const suite = serveForSuite();
const venue = krakenWithoutBtcForSuite(suite, ACCOUNT);

/**
 * The ticket's "Avail." figures of a live account after its own market buy fills (Chromium, loopback Kraken
 * stub, which pushes no balances: the account's stream reads them by REST). They must come to show the
 * bought coins and the spent quote — not stay at what they were before the fill while Positions shows it.
 */
describe('live balances in the ticket after a fill (Chromium, loopback Kraken stub)', () => {
  it('show the bought BTC and the spent USDT without another order to prompt them', { timeout: 240_000 }, async () => {
    const page = await openApp(suite.browser, suite.app);
    await saveRiskLimits(page, { 'Max exposure per symbol (%)': '100' });
    const row = await addStubAccount(page, venue.stub, LABEL, { exchange: 'kraken' });
    await armAccount(row, LABEL);
    await expect.poll(() => row.textContent()).toContain('LIVE');
    await screens(page, 'Trade');
    const form = ticket(page);
    await form.getByRole('combobox', { name: 'Account' }).selectOption(ACCOUNT);
    await expect.poll(() => form.getByTestId('balance-USDT').textContent()).toBe('10,000.00');
    await expect.poll(() => form.getByTestId('balance-BTC').textContent()).toBe('0');

    await form.getByRole('radio', { name: 'Market', exact: true }).check();
    await form.getByLabel('Amount', { exact: true }).fill('0.01');
    await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm live order' }).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.01 BTC\/USDT market on kraken:afterfill — filled/);

    // 0.01 BTC at 50,000 and Kraken's 0.26 % taker fee in USDT: 10,000 − 500 − 1.30.
    await expect.poll(() => form.getByTestId('balance-BTC').textContent(), { timeout: 60_000 }).toBe('0.01');
    await expect.poll(() => form.getByTestId('balance-USDT').textContent()).toBe('9,498.70');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

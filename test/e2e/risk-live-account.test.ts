import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { accountMode, addStubAccount, armAccount, binanceStubForSuite, saveRiskLimits, screens } from './live-account-page.js';
import { ticket } from './workspace-page.js';

/**
 * The Risk tab with a live account armed (Chromium, loopback Binance stub): the daily loss breaker and
 * the limit usage it shows are one account's, and the trader picks which — the paper account's figures
 * are not what is read for the account trading real money.
 */
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, ['binance:risk']);

describe('Risk tab with a live account armed (Chromium, loopback Binance stub)', () => {
  it('shows the breaker and limit usage of the account the trader picks', async () => {
    const page = await openApp(suite.browser, suite.app);
    // The stub account holds 1 BTC: a BTC buy needs more than the default 20 % per symbol.
    await saveRiskLimits(page, { 'Max exposure per symbol (%)': '100' });
    const picker = page.getByRole('combobox', { name: 'Breaker and limits of' });
    // Paper only: nothing to pick.
    expect(await picker.count()).toBe(0);

    const row = await addStubAccount(page, venue.stub, 'risk');
    await armAccount(row, 'risk');
    await expect.poll(() => accountMode(row)).toBe('LIVE');

    // A live limit buy of 0.0002 BTC at 40,000 (8 USDT) rests at the venue: an open entry order of the live account only.
    await screens(page, 'Trade');
    const form = ticket(page);
    await form.getByRole('combobox', { name: 'Account' }).selectOption('binance:risk');
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    await form.getByLabel('Price', { exact: true }).fill('40000');
    await form.getByLabel('Amount', { exact: true }).fill('0.0002');
    await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm live order' }).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/on binance:risk — open/);

    const largestOrder = page.getByRole('region', { name: 'Limits', exact: true }).locator('tr[data-rule="max_order_notional"]');
    const paperReading = /^Largest open entry order\s*0\.00 \/ 10,000\.00/;
    const liveReading = /^Largest open entry order\s*8\.00 \/ 10,000\.00/;
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['Paper', 'binance:risk']);
    expect(await picker.inputValue()).toBe('paper');
    await expect.poll(() => largestOrder.textContent()).toMatch(paperReading);
    await picker.selectOption('binance:risk');
    await expect.poll(() => largestOrder.textContent()).toMatch(liveReading);
    // Still the live account's after the next polls, and Paper's again when picked.
    await page.waitForTimeout(2_500);
    expect(await largestOrder.textContent()).toMatch(liveReading);
    await picker.selectOption('paper');
    await expect.poll(() => largestOrder.textContent()).toMatch(paperReading);

    // Disarmed while shown: back on Paper, nothing left to pick.
    await picker.selectOption('binance:risk');
    await screens(page, 'Settings');
    await row.getByRole('button', { name: 'Disarm (back to paper)' }).click();
    await expect.poll(() => accountMode(row)).toBe('PAPER');
    await screens(page, 'Trade');
    await expect.poll(() => picker.count()).toBe(0);
    await expect.poll(() => largestOrder.textContent()).toMatch(paperReading);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

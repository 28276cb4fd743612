import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedStubAccount, binanceStubForSuite, screens } from './live-account-page.js';
import { buyLimit, tab, tabPanel, ticket } from './workspace-page.js';

const LABEL = 'cancelall';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/** A limit buy from the ticket on the armed account; the first live order of the session is confirmed. */
async function liveBuy(page: Page, price: string, confirm: boolean): Promise<void> {
  const form = ticket(page);
  await form.getByRole('radio', { name: 'Limit', exact: true }).check();
  await form.getByLabel('Price', { exact: true }).fill(price);
  await form.getByLabel('Amount', { exact: true }).fill('0.0002');
  await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
  if (confirm) await page.getByRole('alertdialog', { name: 'Confirm live order' }).getByRole('button', { name: 'Confirm' }).click();
  await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(new RegExp(`limit @ ${price.slice(0, 2)},${price.slice(2)}\\.00 on ${VENUE} — open`));
}

/**
 * Cancel all across a paper order and two live ones on the loopback Binance stub (Chromium): the question
 * says which are live (real money) and where; the venue fails to cancel one of them, and the panel names
 * that order with the venue's own reason while the others are cancelled.
 */
describe('Cancel all with a live account (Chromium, loopback Binance stub)', () => {
  it('names the live orders in the question and reports the one the venue would not cancel, with its reason', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    // The stub account holds 1 BTC (80 % of it): buys need the per-symbol cap raised before arming.
    await armedStubAccount(page, stub, LABEL, { 'Max exposure per symbol (%)': '100' });
    await screens(page, 'Trade');

    const paperOrder = await buyLimit(page, 'BTC', '1000', '0.01');
    await expect.poll(() => paperOrder.getByTestId('ticket-result').textContent()).toMatch(/limit @ 1,000\.00 — open/);
    await ticket(page).getByRole('combobox', { name: 'Account' }).selectOption(VENUE);
    await liveBuy(page, '39000', true);
    await liveBuy(page, '38000', false);
    expect(stub.book.open('BTCUSDT')).toHaveLength(2);

    await tab(page, 'Open Orders').click();
    const rows = tabPanel(page).locator('tr[data-order]');
    await expect.poll(() => rows.count()).toBe(3);
    await tabPanel(page).getByRole('button', { name: 'Cancel all', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Cancel all open orders?' });
    expect(await dialog.getByTestId('cancel-all-summary').textContent()).toBe(`Cancel 3 working orders: 1 on Paper (BTC/USDT), 2 on ${VENUE} (BTC/USDT) — LIVE, real money.`);
    expect(await dialog.getByText('LIVE', { exact: true }).count()).toBe(1);

    // Binance fails every attempt to cancel the first live order (the adapter tries a cancel 4 times); the next one goes through.
    stub.fault({ method: 'DELETE', path: '/api/v3/order', kind: 'server_error', times: 4 });
    await dialog.getByRole('button', { name: 'Cancel 3 orders' }).click();
    const alert = tabPanel(page).getByRole('alert');
    await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(1);
    expect(await alert.textContent()).toMatch(/^Cancelled 2 of 3 orders; 1 could not be cancelled:/);
    const failures = await alert.getByRole('listitem').allTextContents();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(new RegExp(`^BTC/USDT buy limit at 39000 on ${VENUE}: could not cancel \\S+: binance .*"code":-1001,"msg":"Internal error; unable to process your request\\. Please try again\\."`));
    // What the panel says is what happened: one live order still rests at the venue and in the list, the others are gone.
    expect(stub.book.open('BTCUSDT')).toHaveLength(1);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/BTC\/USDT.*Buy.*Limit.*39,000\.00/s);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

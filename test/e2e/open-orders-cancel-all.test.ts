import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems } from './harness.js';
import { serveFlatMarket } from './flat-market.js';
import { buyAtMarket, buyLimit, stopLimit, tab, tabPanel } from './workspace-page.js';

/**
 * On the paper account, as a trader goes (Chromium): a stop-limit whose stop the market has already reached
 * is refused the way Binance refuses it, beside the Stop price field, and nothing rests; "Cancel all" in Open
 * Orders asks first — how many orders, where, and which stop stays because it guards what is held — then
 * cancels the others and says so.
 */
describe('stop-limit orders the market already triggers, and Cancel all (Chromium, paper)', () => {
  // BTC/USDT at exactly 60,400 all along: nothing near the market triggers or fills by itself.
  const suite = serveFlatMarket(60_400, 'halyard-cancel-all-');
  let page: Page;
  const openRows = () => tabPanel(page).locator('tr[data-order]');
  const workingOrders = async () => {
    const api = await coreApi(suite.app);
    try {
      return (await api.call('orders.list', { status: 'open' })).map((o) => `${o.side} ${o.type} ${o.stopPrice ?? o.price}`).sort();
    } finally {
      api.close();
    }
  };

  beforeAll(async () => {
    page = await openApp(suite.browser, suite.app);
    await page.getByTestId('ticker-last').filter({ hasText: /\d/ }).waitFor();
    // Something to guard: 0.01 BTC bought at market.
    await buyAtMarket(page, 'BTC', '0.01');
    await tab(page, 'Positions').click();
    await tabPanel(page).locator('tr[data-symbol="BTC/USDT"]').waitFor();
  });

  it('refuses a sell stop above the last price and a buy stop below it, beside Stop price, and places neither', async () => {
    let form = await stopLimit(page, 'Sell', 'BTC', { stop: '61000', price: '60900', amount: '0.005' });
    await expect
      .poll(() => form.locator('#ticket-stop-error').textContent())
      .toBe('BTC/USDT: Order would trigger immediately: the stop price 61000 is at or above the last price 60400 — a sell stop must be below the market; refused, nothing was placed');
    expect(await form.getByLabel('Stop price', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('ticket-error').count()).toBe(0);

    form = await stopLimit(page, 'Buy', 'BTC', { stop: '60400', price: '60500', amount: '0.005' });
    await expect
      .poll(() => form.locator('#ticket-stop-error').textContent())
      .toBe('BTC/USDT: Order would trigger immediately: the stop price 60400 is at or below the last price 60400 — a buy stop must be above the market; refused, nothing was placed');
    expect(await workingOrders()).toEqual([]);
    await tab(page, 'Open Orders').click();
    await expect.poll(() => tabPanel(page).textContent()).toMatch(/No open orders/);
  });

  it('asks before Cancel all, keeps the stop that guards the position, and cancels the rest', async () => {
    // A resting limit buy, a buy stop above the market (an entry), a sell limit above it (a take profit for half the
    // 0.01 BTC) and a sell stop under it (guards the other half).
    let form = await buyLimit(page, 'BTC', '55000', '0.002');
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.002 BTC\/USDT limit @ 55,000 — open/);
    form = await stopLimit(page, 'Buy', 'BTC', { stop: '62000', price: '62100', amount: '0.002' });
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.002 BTC\/USDT stop-limit @ 62,100 — open/);
    form = await stopLimit(page, 'Sell', 'BTC', { stop: '58000', price: '57900', amount: '0.005' });
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/SELL 0\.005 BTC\/USDT stop-limit @ 57,900 — open/);
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    await form.getByLabel('Price', { exact: true }).fill('65000');
    await form.getByLabel('Amount').fill('0.005');
    await form.getByRole('button', { name: 'Sell BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/SELL 0\.005 BTC\/USDT limit @ 65,000 — open/);

    await tab(page, 'Open Orders').click();
    await expect.poll(() => openRows().count()).toBe(4);
    const cancelAll = tabPanel(page).getByRole('button', { name: 'Cancel all', exact: true });
    await cancelAll.click();
    const dialog = page.getByRole('alertdialog', { name: 'Cancel all open orders?' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('cancel-all-summary').textContent()).toBe('Cancel 3 working orders: 3 on Paper (BTC/USDT). One is a sell — an exit of what you hold, gone once cancelled.');
    expect(await dialog.getByTestId('cancel-all-kept').getByRole('listitem').allTextContents()).toEqual([
      'BTC/USDT sell stop-limit (stop 58000) on Paper: stop-limit sell: a stop that guards what you hold',
    ]);
    // Focus starts on "Keep them"; Escape backs out and nothing is cancelled.
    expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent')).toBe('Keep them');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await openRows().count()).toBe(4);

    await cancelAll.click();
    await dialog.getByRole('button', { name: 'Cancel 3 orders' }).click();
    await expect.poll(() => tabPanel(page).getByRole('status').textContent()).toBe('Cancelled 3 orders.');
    await expect.poll(() => openRows().count()).toBe(1);
    expect(await openRows().first().textContent()).toMatch(/BTC\/USDT.*Sell.*Stop-limit.*57,900.*58,000/s);
    expect(await workingOrders()).toEqual(['sell stop_limit 58000']);

    // Only the guarding stop is left: Cancel all has nothing to cancel and says why.
    await cancelAll.click();
    await expect
      .poll(() => tabPanel(page).getByRole('status').textContent())
      .toBe('Nothing to cancel: the order shown is a stop guarding what you hold — BTC/USDT sell stop-limit (stop 58000) on Paper. Cancel a stop from its own row.');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await workingOrders()).toEqual(['sell stop_limit 58000']);
    expect(pageProblems(page)).toEqual([]);
  });
});

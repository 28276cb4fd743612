import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { forgetApp, launchBrowser, openApp, pageProblems, startServe, type ServedApp } from './harness.js';
import { shownNumber, tab, tabPanel, ticket } from './workspace-page.js';

function screen(page: Page, name: 'Trade' | 'Settings') {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

/** Settings → Paper account in Chromium: the reset asks first, and is refused while an order is open. */
describe('Reset paper account (Chromium)', () => {
  let browser: Browser;
  let app: ServedApp;
  let page: Page;

  beforeAll(async () => {
    app = await startServe({ args: ['--speed', '120'] });
    browser = await launchBrowser();
    page = await openApp(browser, app);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) await forgetApp(app);
  });

  it('asks for confirmation, refuses while a paper order is open, and resets once it is cancelled', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    const last = shownNumber(await page.getByTestId('ticker-last').textContent());
    await form.getByLabel('Price', { exact: true }).fill((last * 0.5).toFixed(2));
    await form.getByLabel('Amount').fill('0.01');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/open/);

    await screen(page, 'Settings').click();
    const card = page.getByRole('region', { name: 'Paper account' });
    await card.getByRole('button', { name: 'Reset paper account' }).click();
    // Nothing happens until the trader confirms; Cancel backs out.
    const confirm = card.getByRole('group', { name: 'Confirm paper account reset' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirm.count()).toBe(0);

    await card.getByRole('button', { name: 'Reset paper account' }).click();
    await confirm.getByRole('button', { name: 'Yes, reset paper account' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toMatch(/Cancel the 1 open paper order first/);

    await screen(page, 'Trade').click();
    await tab(page, 'Open Orders').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await row.getByRole('button', { name: 'Cancel buy BTC/USDT order' }).click();
    await row.waitFor({ state: 'detached' });

    await screen(page, 'Settings').click();
    await card.getByRole('button', { name: 'Reset paper account' }).click();
    await confirm.getByRole('button', { name: 'Yes, reset paper account' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toBe('Paper account reset: 10,000.00 USDT.');
    expect(pageProblems(page)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, removeDir, startServe, type ServedApp } from './harness.js';
import { notifications, recordNotifications, tab, tabPanel, ticket } from './workspace-page.js';

/** Parses a displayed number such as "47,731.61" or "▲ +12.40". */
function shownNumber(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9.\-−]/g, '').replace('−', '-'));
}

describe('manual paper trading from the workspace in Chromium', () => {
  let browser: Browser;
  let app: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await startServe({ args: ['--speed', '120'] });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await recordNotifications(context, app.origin);
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(app.url);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
    if (app) await removeDir(app.dataDir);
  });

  it('shows the core’s validation next to the field it concerns', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Market' }).check();
    await form.getByLabel('Amount').fill('1,5');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect(form.locator('#ticket-amount-error').textContent()).resolves.toMatch(/decimal/i);
    await expect(form.getByLabel('Amount').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('places a limit order from the ticket and cancels it from Open Orders', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    const last = shownNumber(await page.getByTestId('ticker-last').textContent());
    expect(last).toBeGreaterThan(0);
    // Far below the market: it rests on the book.
    await form.getByLabel('Price', { exact: true }).fill((last * 0.5).toFixed(2));
    await form.getByLabel('Amount').fill('0.01');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect(form.getByTestId('ticket-result').textContent()).resolves.toMatch(/BUY 0\.01 BTC\/USDT limit .* open/);

    await tab(page, 'Open Orders').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toMatch(/Limit.*manual/s);
    await row.getByRole('button', { name: 'Cancel buy BTC/USDT order' }).click();
    await row.waitFor({ state: 'detached' });
    await expect(tabPanel(page).textContent()).resolves.toContain('No open orders');
  });

  it('buys at market, shows the position with live P&L, and closes it from the row', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Market' }).check();
    await form.getByLabel('Amount').fill('0.02');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await form.getByTestId('ticket-result').waitFor();

    await tab(page, 'Positions').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await row.waitFor();
    await expect(row.getByTestId('position-size').textContent()).resolves.toBe('0.02');
    // The mark and unrealized P&L follow the market (the simulator closes a minute every half second).
    const firstMark = await row.getByTestId('position-mark').textContent();
    await expect.poll(() => row.getByTestId('position-mark').textContent(), { timeout: 20_000 }).not.toBe(firstMark);
    await expect(row.getByTestId('position-upnl').textContent()).resolves.toMatch(/^[▲▼•] [+−]?\d/);
    await expect.poll(() => notifications(page)).toContainEqual(expect.objectContaining({ title: expect.stringMatching(/Filled: BUY 0\.02 BTC\/USDT/) }));

    await row.getByRole('button', { name: 'Close BTC/USDT' }).click();
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    await expect(tabPanel(page).textContent()).resolves.toContain('No open positions');
  });

});

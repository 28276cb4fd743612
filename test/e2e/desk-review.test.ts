import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serveForSuite } from './harness.js';
import { backtestForm, buyAtMarket, newStrategyEditor, shownNumber, tab, tabPanel, ticket } from './workspace-page.js';

/**
 * Issue 15, items 4, 6 and 7 as a trader meets them: field errors in their words next to the field;
 * a half-closed trade reviewed in Trade History and trades.csv (averages, P&L, fees, duration), the
 * position's fees and the chart's avg-entry label; the emergency stop report per order; the first
 * backtest trading on its defaults and an empty one saying why at the top.
 */
describe('trade review, readable messages and the first backtest in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(suite.app.url);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
  });

  afterAll(() => context?.close());

  it('says "required" beside an empty price, and "choose at least one" beside a strategy’s symbols', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    await form.getByLabel('Price', { exact: true }).fill('');
    await form.getByLabel('Amount').fill('0.01');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.locator('#ticket-price-error').textContent()).toBe('required');
    expect(await form.getByLabel('Price', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    const editor = await newStrategyEditor(page, 'dca-grid');
    await editor.getByLabel('Name').fill('no-symbols');
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    await expect.poll(() => editor.getByRole('group', { name: 'Symbols' }).getByRole('alert').textContent()).toBe('choose at least one');
    expect(await editor.getByText(/Too small|expected array/).count()).toBe(0);
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  it('reviews a half-closed trade: open with 50 % closed, averages, P&L, fees and duration, in the table and trades.csv', async () => {
    await buyAtMarket(page, 'BTC', '0.02');
    await tab(page, 'Positions').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await row.waitFor();
    // The chart labels the average entry with its price.
    const average = await row.locator('td').nth(1).textContent();
    const lines = page.getByRole('region', { name: 'BTC/USDT chart' }).getByRole('list', { name: 'Price lines' });
    await expect.poll(() => lines.getByRole('listitem').filter({ hasText: 'Avg entry' }).textContent()).toContain(`Avg entry ${average}`);
    await row.getByRole('button', { name: 'Reduce BTC/USDT' }).click();
    await page.getByRole('button', { name: 'Reduce BTC/USDT by 50%' }).click();
    await expect.poll(() => row.getByTestId('position-size').textContent()).toBe('0.01');
    const positionFeesShown = await row.locator('td').nth(6).textContent();
    const positionFees = shownNumber(positionFeesShown);
    expect(positionFees).toBeGreaterThan(0);

    await tab(page, 'Trade History').click();
    const trade = tabPanel(page).locator('tr[data-trade][data-symbol="BTC/USDT"]').first();
    await expect.poll(() => trade.getByTestId('trade-status').textContent()).toBe('Open — 50 % closed');
    expect(await trade.getByTestId('trade-entry').textContent()).toBe(average);
    expect(await trade.getByTestId('trade-exit').textContent()).toMatch(/^[\d,]+\.\d{2}$/);
    expect(await trade.getByTestId('trade-pnl').textContent()).toMatch(/^[▲▼•] [+−]?[\d,]+\.\d{2}$/);
    expect(await trade.getByTestId('trade-pnl-pct').textContent()).toMatch(/^[▲▼•] [+−]?\d+\.\d{2}%$/);
    expect(await trade.getByTestId('trade-duration').textContent()).toMatch(/^\d+[smhd]/);
    // Position fees are the sum of their fills' fees: the trade's fees, entries and exits, are the same money (to the cent shown).
    expect(await trade.getByTestId('trade-fees').textContent()).toBe(positionFeesShown);
    expect(await trade.getByTestId('trade-r').textContent()).toBe('—');

    const [download] = await Promise.all([page.waitForEvent('download'), tabPanel(page).getByRole('button', { name: 'Export trades (CSV)' }).click()]);
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
    expect(csv[0]).toBe('trade_id,symbol,source,direction,status,closed_pct,opened_at,closed_at,duration_s,entries,exits,entry_avg,exit_avg,quantity,pnl,pnl_pct,fees,r_multiple,exit_reasons');
    const cells = csv.find((line) => line.includes(',BTC/USDT,'))!.split(',');
    expect(cells.slice(1, 8)).toEqual(['BTC/USDT', 'manual', 'long', 'partial', '50', cells[6]!, '']);
    expect(Number(cells[11])).toBeCloseTo(shownNumber(average), 2);
    expect(cells[11]).toMatch(/^\d+(\.\d{1,2})?$/);
    // The export keeps the fee's own decimals; the tables show it to the cent.
    expect(Math.abs(Number(cells[16]) - positionFees)).toBeLessThanOrEqual(0.005);
    expect(cells[17]).toBe('');
    expect(cells[18]).toBe('manual');
  });

  it('lists every order of the emergency stop with side, symbol, amount, price and source', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    const last = shownNumber(await page.getByTestId('ticker-last').textContent());
    await form.getByLabel('Price', { exact: true }).fill((last * 0.6).toFixed(2));
    await form.getByLabel('Amount').fill('0.01');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/open/);

    await page.getByRole('button', { name: 'Emergency Stop' }).click();
    await page.getByTestId('halted-banner').waitFor();
    await tab(page, 'Risk').click();
    const orders = tabPanel(page).getByRole('table', { name: 'Stop results per order' });
    const stopped = orders.locator('tbody tr').first();
    await expect.poll(() => stopped.locator('td').allTextContents()).toEqual(['Buy', 'BTC/USDT', '0.01', (last * 0.6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), 'manual', expect.any(String), 'cancelled', '']);
    await page.getByRole('button', { name: 'Re-arm…' }).click();
    await page.getByRole('button', { name: 'Confirm re-arm' }).click();
    await page.getByTestId('halted-banner').waitFor({ state: 'detached' });
  });

  it('backtests on its defaults and trades; an empty run says why at the top', async () => {
    const form = await backtestForm(page, 'sma-cross');
    await form.getByLabel('Bars (1m)').fill('20000');
    await expect.poll(() => form.getByLabel('Stake').inputValue()).toBe('0.01');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    const result = page.getByRole('region', { name: 'Backtest result' });
    await expect.poll(async () => Number(await result.getByTestId('bt-trades').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await result.getByTestId('bt-no-trades').count()).toBe(0);

    await form.getByLabel('Stake').fill('1');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => result.getByTestId('bt-no-trades').textContent(), { timeout: 60_000 }).toMatch(/^0 trades: [\d,]+ entries refused by max order notional 10,000 USDT — lower the stake or raise the limit/);
    // At the top: above the metrics.
    const note = (await result.getByTestId('bt-no-trades').boundingBox())!;
    const metrics = (await result.locator('.metrics-grid').boundingBox())!;
    expect(note.y + note.height).toBeLessThanOrEqual(metrics.y + 1);
  });
});

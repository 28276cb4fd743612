import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { backtestForm, tab, tabPanel } from './workspace-page.js';

describe('strategies and backtests from the workspace in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '60'] });

  it('lists the built-in strategies with their parameter forms and backtests one with a progress bar, metrics, equity and a CSV export', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(suite.app.url);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();

    await tab(page, 'Strategies').click();
    const strategies = tabPanel(page);
    for (const name of ['sma-cross', 'dca-grid', 'breakout', 'channel', 'fibonacci', 'ema-trend']) {
      await strategies.locator(`[data-strategy="${name}"]`).waitFor();
    }
    const sma = strategies.locator('[data-strategy="sma-cross"]');
    await sma.locator('summary').click();
    await expect.poll(() => sma.getByLabel('Fast').inputValue()).toBe('20');
    await expect.poll(() => sma.getByLabel('Slow').inputValue()).toBe('60');
    await sma.getByRole('button', { name: 'Backtest…' }).click();

    // Backtest… carries the strategy over; the form is generated from its parameter schema.
    await expect.poll(() => tab(page, 'Backtests').getAttribute('aria-selected')).toBe('true');
    const form = page.getByRole('form', { name: 'Backtest settings' });
    await expect.poll(() => form.getByLabel('Strategy').inputValue()).toBe('sma-cross');
    await form.getByLabel('Bars (1m)').fill('20000');
    // Backtests run behind the default risk gate: 0.02 BTC (~1,300 USDT) stays under 20 % of the 10,000 cash.
    await form.getByLabel('Stake').fill('0.02');

    // A parameter the core rejects is named next to its field.
    await form.getByLabel('Slow').fill('1');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toMatch(/slow|fast/i);
    await form.getByLabel('Slow').fill('60');

    await form.getByRole('button', { name: 'Run backtest' }).click();
    const result = page.getByRole('region', { name: 'Backtest result' });
    await result.waitFor({ timeout: 90_000 });
    expect(Number(await result.getByTestId('bt-trades').textContent())).toBeGreaterThan(0);
    await expect.poll(() => result.getByTestId('bt-total-return').textContent()).toMatch(/^[▲▼•] [+−]?\d+\.\d{2}%$/);
    await result.getByTestId('equity-chart').locator('canvas').first().waitFor();
    const rows = await result.locator('tr[data-bt-trade]').count();
    expect(rows).toBe(Number(await result.getByTestId('bt-trades').textContent()));

    const [download] = await Promise.all([page.waitForEvent('download'), result.getByRole('button', { name: 'Export trades (CSV)' }).click()]);
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('id,symbol,side,entryTime,exitTime,qty,entryPrice,exitPrice,fees,pnl,reason');
    expect(csv.length - 1).toBe(rows);
    expect(csv[1]).toMatch(/^t1,BTC\/USDT,long,/);
    await context.close();
  });

  it('shows progress while a long backtest runs and cancels it', async () => {
    const page = await openApp(suite.browser, suite.app);
    // The first test's form is remembered by the core: this one starts from a new form.
    const form = await backtestForm(page, 'ema-trend');
    await form.getByLabel('Bars (1m)').fill('3000000');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    const bar = form.getByRole('progressbar');
    await bar.waitFor();
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await bar.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/cancel/i);
    await expect.poll(() => form.getByRole('button', { name: 'Run backtest' }).isEnabled()).toBe(true);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveForSuite } from './harness.js';
import { chartWithIndicators, draftStrategy, showTab, shownNumber, tab, tabPanel } from './workspace-page.js';

/**
 * What a trader met walking the desk: MACD's fast period typed past its slow one (the whole window
 * went blank, and stayed blank on every later start, the layout being kept), an RSI of 1 bar that never
 * draws, the Strategies tab's positions and realized P&L frozen at the last save, a losing trade's P&L
 * exported as text, and budget refusals that did not say which field.
 */
describe('the desk walked by a trader in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '600'] });
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    // A layout an earlier build kept: MACD with its fast period past its slow one (no longer drawable).
    await context.addInitScript({
      content: `localStorage.setItem('halyard.chart.v1', JSON.stringify({ state: { indicators: { macd: { numbers: { fast: 30, slow: 26, signal: 9 }, source: 'close', color: '#2962ff' } }, logScale: false, changedAt: Date.now() }, version: 1 }));`,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(suite.app.url);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
  });

  afterAll(() => context?.close());

  it('opens a layout kept with an undrawable MACD on its defaults; refuses fast ≥ slow and an RSI of 1 beside the field, the chart still drawn', async () => {
    const chart = await chartWithIndicators(page, 'BTC/USDT', ['MACD 12, 26, 9', 'RSI 14']);
    const legend = chart.getByTestId('chart-legend');
    await expect.poll(() => legend.locator('[data-indicator="macd"] span').textContent()).toBe('MACD 12, 26, 9');

    await chart.getByRole('button', { name: 'Indicator settings' }).click();
    const settings = chart.getByRole('group', { name: 'Indicator settings' });
    await settings.getByLabel('MACD fast').fill('30');
    await expect.poll(() => settings.getByRole('alert').textContent()).toBe('Fast: a period shorter than Slow (26)');
    // What was typed stays; the chart keeps drawing the last valid MACD.
    expect(await settings.getByLabel('MACD fast').inputValue()).toBe('30');
    await expect.poll(() => legend.locator('[data-indicator="macd"] span').textContent()).toBe('MACD 12, 26, 9');
    await settings.getByLabel('MACD slow').fill('40');
    await expect.poll(() => settings.getByRole('alert').count()).toBe(0);
    await expect.poll(() => legend.locator('[data-indicator="macd"] span').textContent()).toBe('MACD 30, 40, 9');
    await settings.getByLabel('MACD slow').fill('20');
    await expect.poll(() => settings.getByRole('alert').textContent()).toBe('Slow: a period longer than Fast (30)');
    await expect.poll(() => legend.locator('[data-indicator="macd"] span').textContent()).toBe('MACD 30, 40, 9');

    await settings.getByLabel('RSI period').fill('1');
    await expect.poll(() => settings.getByRole('alert').allTextContents()).toContain('Period: a whole number from 2 to 500');
    await expect.poll(() => legend.locator('[data-indicator="rsi"] span').textContent()).toBe('RSI 14');
    await page.keyboard.press('Escape');
    await chart.locator('[data-testid="chart"] canvas').first().waitFor();
    expect(problems).toEqual([]);
  });

  it('keeps the Strategies tab’s realized P&L with Trade History as the strategy’s trades close', async () => {
    const editor = await draftStrategy(page, 'sma-cross', 'quick', 'BTC/USDT', { Fast: '3', Slow: '8', Stake: '0.01' });
    await editor.getByRole('group', { name: 'Symbols' }).getByLabel('ETH/USDT').check();
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    const config = tabPanel(page).locator('tr[data-config="quick"]');
    await expect.poll(() => config.getByTestId('config-state').textContent(), { timeout: 60_000 }).toBe('running');

    // The row's realized P&L follows the closed trades (net of fees), as Trade History lists them.
    const realizedOfHistory = async () => {
      await tab(page, 'Trade History').click();
      const cells = await tabPanel(page).locator('tr[data-trade][data-status="closed"] [data-testid="trade-pnl"]').allTextContents();
      return cells.reduce((sum, text) => sum + shownNumber(text), 0);
    };
    await expect.poll(async () => (await realizedOfHistory()) !== 0, { timeout: 60_000 }).toBe(true);
    await tab(page, 'Strategies').click();
    const realizedShown = async () => shownNumber(await config.locator('td.num').nth(1).textContent());
    await expect.poll(async () => (await realizedShown()) !== 0).toBe(true);
    // Both move with each exit: read one after the other until a quiet moment has them agree (cents rounded per trade).
    await expect
      .poll(async () => {
        const history = await realizedOfHistory();
        await tab(page, 'Strategies').click();
        return Math.abs((await realizedShown()) - history);
      }, { timeout: 60_000 })
      .toBeLessThan(0.05);
    expect(problems).toEqual([]);
  });

  it('filters Logs/Events by several words, each anywhere in the entry (a strategy and a symbol)', async () => {
    await showTab(page, 'Logs/Events');
    const filter = tabPanel(page).getByRole('searchbox', { name: 'Filter events' });
    await filter.fill('quick BTC');
    await expect.poll(async () => Number(/^(\d+) of/.exec((await tabPanel(page).getByTestId('events-count').textContent()) ?? '')?.[1])).toBeGreaterThan(0);
    const texts = await tabPanel(page).getByRole('list', { name: 'Events' }).getByRole('listitem').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text.toLowerCase()).toMatch(/quick[\s\S]*btc|btc[\s\S]*quick/);
    await filter.fill('');
  });

  it('exports a losing trade’s P&L to trades.csv as a number a spreadsheet sums', async () => {
    await tab(page, 'Trade History').click();
    const losing = tabPanel(page).locator('tr[data-trade][data-status="closed"]').filter({ has: page.locator('[data-testid="trade-pnl"].down') }).first();
    await losing.waitFor({ timeout: 60_000 });
    const id = await losing.getAttribute('data-trade');
    const shown = shownNumber(await losing.getByTestId('trade-pnl').textContent());
    const [download] = await Promise.all([page.waitForEvent('download'), tabPanel(page).getByRole('button', { name: 'Export trades (CSV)' }).click()]);
    const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
    const cells = lines.find((line) => line.startsWith(`${id},`))!.split(',');
    const [pnl, pnlPct] = [cells[14]!, cells[15]!];
    expect(pnl).toMatch(/^-\d+(\.\d{1,4})?$/);
    expect(pnlPct).toMatch(/^-\d+(\.\d{1,2})?$/);
    expect(Number(pnl)).toBeCloseTo(shown, 2);
  });

  it('names the field of a refused budget or cash reserve, keeping what was typed', async () => {
    await tab(page, 'Strategies').click();
    const budgets = page.getByRole('region', { name: 'Budgets on paper' });
    // Each refusal is said in words, the field is marked, and what was typed stays.
    const refused = async (label: string, typed: string, message: string) => {
      const field = budgets.getByLabel(label);
      await field.fill(typed);
      await budgets.getByRole('button', { name: 'Save budgets' }).click();
      await expect.poll(() => budgets.getByRole('alert').textContent()).toBe(message);
      expect(await field.inputValue()).toBe(typed);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
    };
    await refused('Cash reserve (%)', '150', 'the cash reserve must be a percent from 0 to 100, like 20');
    await budgets.getByLabel('Cash reserve (%)').fill('0');
    await refused('Budget of quick', '150', 'the budget of quick is at most 100 % of equity');
    expect(problems).toEqual([]);
  });
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, removeDir, startServe, type ServedApp } from './harness.js';
import { buyAtMarket, newStrategyEditor, notifications, recordNotifications, roundTrip, shownNumber, tab, tabPanel, ticket } from './workspace-page.js';

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
    await expect.poll(() => form.locator('#ticket-amount-error').textContent()).toMatch(/decimal/i);
    await expect.poll(() => form.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
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
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.01 BTC\/USDT limit .* open/);

    await tab(page, 'Open Orders').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toMatch(/Limit.*manual/s);
    await row.getByRole('button', { name: 'Cancel buy BTC/USDT order' }).click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => tabPanel(page).textContent()).toContain('No open orders');
  });

  it('buys at market, shows the position with live P&L, and closes it from the row', async () => {
    await buyAtMarket(page, 'BTC', '0.02');

    await tab(page, 'Positions').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await row.waitFor();
    await expect.poll(() => row.getByTestId('position-size').textContent()).toBe('0.02');
    // The mark and unrealized P&L follow the market (the simulator closes a minute every half second).
    const firstMark = await row.getByTestId('position-mark').textContent();
    await expect.poll(() => row.getByTestId('position-mark').textContent(), { timeout: 20_000 }).not.toBe(firstMark);
    await expect.poll(() => row.getByTestId('position-upnl').textContent()).toMatch(/^[▲▼•] [+−]?\d/);
    await expect.poll(() => notifications(page)).toContainEqual(expect.objectContaining({ title: expect.stringMatching(/Filled: BUY 0\.02 BTC\/USDT/) }));

    await row.getByRole('button', { name: 'Close BTC/USDT' }).click();
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => tabPanel(page).textContent()).toContain('No open positions');
  });

  it('groups the fills into one trade with its exit reason and exports trades and fills as CSV', async () => {
    await tab(page, 'Trade History').click();
    const panel = tabPanel(page);
    const trade = panel.locator('tr[data-trade][data-symbol="BTC/USDT"]').first();
    await trade.waitFor();
    await expect.poll(() => trade.textContent()).toMatch(/manual/i);
    await panel.getByRole('searchbox', { name: 'Search trades' }).fill('ETH');
    await trade.waitFor({ state: 'detached' });
    await panel.getByRole('searchbox', { name: 'Search trades' }).fill('btc manual');
    await trade.waitFor();

    const [fillsDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export fills (CSV)' }).click()]);
    const fills = (await readFile((await fillsDownload.path())!, 'utf8')).trim().split('\r\n');
    expect(fills[0]).toBe('time,trade_id,fill_id,client_order_id,account,symbol,side,role,price,amount,fee,fee_currency,liquidity,source,exit_reason');
    const rows = fills.slice(1).map((line) => line.split(','));
    // The core must tie every fill of a position to one trade id (issue 7: "history grouped by trade").
    expect(rows.filter((r) => r[7] === 'unknown').map((r) => `${r[6]} ${r[5]} fill ${r[2]} has no trade id`)).toEqual([]);
    const entry = rows.find((r) => r[7] === 'entry');
    const exit = rows.find((r) => r[7] === 'exit');
    expect(entry?.[5]).toBe('BTC/USDT');
    expect(entry?.[6]).toBe('buy');
    expect(exit?.[6]).toBe('sell');
    expect(exit?.[14]).toBe('manual'); // exactly one of the exit reasons (issue 5)
    expect(entry?.[1]).toBe(exit?.[1]); // same trade id
    expect(Number(exit?.[8])).toBeGreaterThan(0);
    // Price, amount and fee as a spreadsheet reads them: plain decimals, no binary noise (6.424841000000001).
    const noisy = rows.flatMap((r) => r.slice(8, 11)).filter((cell) => !/^\d+(\.\d+)?$/.test(cell) || cell.replace(/^0*\.?0*|\./g, '').length > 15);
    expect(noisy).toEqual([]);
    expect(rows.filter((r) => r[1] === entry?.[1]).reduce((sum, r) => sum + (r[6] === 'buy' ? 1 : -1) * Number(r[9]), 0)).toBeCloseTo(0, 10);

    const [tradesDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export trades (CSV)' }).click()]);
    const trades = (await readFile((await tradesDownload.path())!, 'utf8')).trim().split('\r\n');
    expect(trades[0]).toBe('trade_id,symbol,source,direction,status,closed_pct,opened_at,closed_at,duration_s,entries,exits,entry_avg,exit_avg,quantity,pnl,pnl_pct,fees,r_multiple,exit_reasons');
    expect(trades.slice(1).some((line) => /,BTC\/USDT,manual,long,closed,100,.*,manual$/.test(line))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('draws a running DCA grid’s planned levels on the chart, named by strategy, and removes them when it stops', async () => {
    const editor = await newStrategyEditor(page, 'dca-grid');
    await editor.getByLabel('Name').fill('dip-grid');
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT']) await editor.getByRole('group', { name: 'Symbols' }).getByLabel(symbol).check();
    // A hair-trigger grid on 1m bars, so it sets up within seconds of simulated market.
    const params: Record<string, string> = { 'Drop Pct': '0.5', 'High Window Hours': '0.25', 'Volume Factor': '0.5', Levels: '3', 'Spacing Pct': '1', 'Budget Fraction': '0.3' };
    await editor.getByLabel('Timeframe', { exact: true }).selectOption('1m');
    for (const [label, value] of Object.entries(params)) await editor.getByLabel(label, { exact: true }).fill(value);
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    await page.locator('tr[data-config="dip-grid"]').waitFor();

    await tab(page, 'Open Orders').click();
    const gridOrder = tabPanel(page).locator('tr[data-symbol]', { hasText: 'dip-grid' }).first();
    await gridOrder.waitFor({ timeout: 60_000 });
    const symbol = (await gridOrder.getAttribute('data-symbol'))!;
    await page.getByRole('button', { name: `Show ${symbol}` }).click();
    const lines = page.getByRole('region', { name: `${symbol} chart` }).getByRole('list', { name: 'Price lines' });
    const gridLine = lines.getByRole('listitem').filter({ hasText: 'dip-grid (dca-grid) · grid 1 at' });
    await gridLine.waitFor({ state: 'attached' });
    // The plan's lines may arrive in more than one update: poll for the whole plan.
    const planned = async () => (await lines.getByRole('listitem').filter({ hasText: 'dip-grid (dca-grid)' }).allTextContents()).map((line) => line.replace(/ at .*/, '')).sort();
    await expect.poll(planned).toEqual(
      ['grid 1', 'grid 2', 'grid 3', 'stop loss', 'take profit'].map((label) => `dip-grid (dca-grid) · ${label}`),
    );

    await tab(page, 'Strategies').click();
    await page.locator('tr[data-config="dip-grid"]').getByRole('switch', { name: 'Enable dip-grid' }).uncheck();
    await gridLine.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('shows a fill’s price at its market’s precision in My fills after the symbol leaves the watchlist', async () => {
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row', { name: /XRP\/USDT/ }).click();
    await page.getByRole('region', { name: 'XRP/USDT chart' }).waitFor();
    await roundTrip(page, 'XRP', '20');
    const watchlist = page.getByRole('region', { name: 'Watchlist' });
    await watchlist.getByRole('button', { name: 'Edit watchlist' }).click();
    await watchlist.getByRole('button', { name: 'Remove XRP/USDT' }).click();
    await expect.poll(() => watchlist.getByRole('row', { name: /XRP\/USDT/ }).count()).toBe(0);
    await watchlist.getByRole('button', { name: 'Done editing the watchlist' }).click();
    await page.getByRole('group', { name: 'Market view' }).getByRole('button', { name: 'My fills' }).click();
    const xrp = page.getByRole('table', { name: 'Recent fills' }).getByRole('row').filter({ hasText: 'XRP' });
    await expect.poll(() => xrp.count()).toBe(2);
    // XRP trades at 0.0001: its prices keep their four decimals (not 0.61 at a default two).
    for (const row of await xrp.all()) expect(await row.locator('td').nth(4).textContent()).toMatch(/^0\.\d{4}$/);
  });
});

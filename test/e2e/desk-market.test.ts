import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { showTab, shownNumber, tab, tabPanel, ticket } from './workspace-page.js';

/**
 * Issue 15, items 1, 2 and 9 as a trader meets them: the selected market's order book (grouped by
 * tick multiples), depth chart and trade tape; a market order's expected fill, spread and slippage
 * before it goes — refused with the numbers over the trader's max slippage; the watchlist edited and
 * kept; the Scanner ranking every symbol × strategy.
 */
const suite = serveForSuite({ args: ['--speed', '120'] });

async function setMaxSlippage(page: Page, pct: string): Promise<void> {
  await tab(page, 'Risk').click();
  const form = page.getByRole('region', { name: 'Risk limits' });
  const field = form.getByLabel('Max slippage (%)', { exact: true });
  await expect.poll(() => field.inputValue()).not.toBe('');
  await field.fill(pct);
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect.poll(() => form.getByTestId('risk-limits-saved').textContent()).toMatch(/Limits saved/);
}

describe('market depth, watchlist and scanner in Chromium', () => {
  it('shows the book grouped by tick multiples, the depth chart and the tape; a market order shows its expected fill and is refused over the max slippage', async () => {
    const page = await openApp(suite.browser, suite.app);
    const market = page.getByRole('region', { name: 'Market depth' });
    const book = market.getByRole('table', { name: 'Order book' });
    await expect.poll(() => book.locator('tr.book-level').count()).toBeGreaterThan(10);
    // One look at the whole ladder (it updates several times a second).
    const ladder = () =>
      book.evaluate((table) => {
        const side = (name: string) => Array.from(table.querySelectorAll(`tr.book-level.${name}`), (row) => Number(row.getAttribute('data-price')));
        return { bids: side('bid'), asks: side('ask'), last: table.querySelector('[data-testid="book-spread"] td')?.textContent ?? '' };
      });
    const first = await ladder();
    expect(Math.min(...first.asks)).toBeGreaterThan(Math.max(...first.bids));
    const last = shownNumber(first.last);
    expect(last).toBeGreaterThanOrEqual(Math.max(...first.bids) - 0.01);
    expect(last).toBeLessThanOrEqual(Math.min(...first.asks) + 0.01);
    const prices = async (side: 'bid' | 'ask') => (await ladder())[side === 'bid' ? 'bids' : 'asks'];
    await expect.poll(() => book.getByTestId('book-spread').textContent()).toMatch(/spread \d/);

    // Each new book is written into the rows in place: once the market has moved, every row still shows
    // its own level (the printed price is its price), prices run down the ladder and totals add up.
    await expect.poll(async () => (await ladder()).bids.join() !== first.bids.join()).toBe(true);
    const rows = await book.evaluate((table) =>
      Array.from(table.querySelectorAll('tr.book-level'), (row) => ({
        bid: row.classList.contains('bid'),
        at: Number(row.getAttribute('data-price')),
        cells: Array.from(row.querySelectorAll('td'), (cell) => Number(cell.textContent!.replace(/,/g, ''))),
      })),
    );
    expect(rows.map((row) => row.cells[0])).toEqual(rows.map((row) => row.at));
    expect(rows.map((row) => row.at)).toEqual(rows.map((row) => row.at).sort((a, b) => b - a));
    // Cumulative totals grow away from the spread: down the bids, up the asks.
    const totals = (bid: boolean) => rows.filter((row) => row.bid === bid).map((row) => row.cells[2]!);
    expect(totals(true)).toEqual(totals(true).sort((a, b) => a - b));
    expect(totals(false)).toEqual(totals(false).sort((a, b) => b - a));

    // Grouped by 1,000 ticks (10 USDT on BTC/USDT): every level is a multiple of 10, bids below asks.
    await market.getByLabel('Group price levels').selectOption({ label: '10' });
    await expect.poll(async () => (await prices('ask')).every((p) => Math.abs(p / 10 - Math.round(p / 10)) < 1e-9) && (await prices('bid')).every((p) => Math.abs(p / 10 - Math.round(p / 10)) < 1e-9)).toBe(true);

    await market.getByRole('button', { name: 'Depth' }).click();
    await market.getByRole('img', { name: 'Depth chart' }).waitFor();
    await expect.poll(() => market.locator('figcaption').textContent()).toMatch(/^Bids [\d.,]+ BTC down to [\d,.]+; asks [\d.,]+ BTC up to [\d,.]+$/);
    await market.getByRole('button', { name: 'Trades' }).click();
    const tape = market.getByRole('table', { name: 'Trades' });
    await expect.poll(() => tape.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(2);
    expect(await tape.locator('tbody tr').first().textContent()).toMatch(/^\d{2}:\d{2}:\d{2}[▲▼] [\d,]+\.\d{2}[\d.]+$/);

    const form = ticket(page);
    await form.getByRole('radio', { name: 'Market' }).check();
    await form.getByLabel('Amount').fill('0.02');
    await expect.poll(() => form.getByTestId('market-estimate').textContent()).toMatch(/^Expected fill ≈ [\d,]+\.\d{2} · spread [\d.]+ % · slippage [\d.]+ % vs last \(max 0\.50 %\)$/);

    // The trader's max slippage, tightened: the ticket says so before sending, and the order road refuses it with the numbers.
    await setMaxSlippage(page, '0.001');
    await form.getByLabel('Amount').fill('0.03');
    await expect.poll(() => form.getByTestId('market-estimate-refusal').textContent()).toMatch(/^Would be refused: market buy 0\.03 BTC would fill at about [\d,]+\.\d{2} USDT on average/);
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-error').textContent()).toMatch(/^BTC\/USDT: market buy 0\.03 BTC would fill at about [\d,]+\.\d{2} USDT on average \(worst [\d,]+\.\d{2} USDT\): [\d.]+ % above the last price [\d,]+\.\d{2} USDT, spread [\d.]+ % — over your max slippage of 0\.001 %/);
    await setMaxSlippage(page, '0.5');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('adds a symbol found in the source’s markets, reorders and removes, keeps the list after a reload, with sparklines at the default width', async () => {
    const page = await openApp(suite.browser, suite.app);
    const watchlist = page.getByRole('region', { name: 'Watchlist' });
    const symbols = () => watchlist.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-symbol')));
    await watchlist.getByRole('button', { name: 'Edit watchlist' }).click();
    await watchlist.getByLabel('Add symbol').fill('ada');
    await watchlist.getByRole('button', { name: 'Add ADA/USDT' }).click();
    const order = watchlist.getByRole('list', { name: 'Watchlist order' });
    await expect.poll(() => order.getByRole('listitem').last().getAttribute('data-symbol')).toBe('ADA/USDT');
    for (let i = 0; i < 3; i++) {
      await watchlist.getByRole('button', { name: 'Move ADA/USDT up' }).click();
      await expect.poll(() => order.getByRole('listitem').evaluateAll((items) => items.findIndex((item) => item.getAttribute('data-symbol') === 'ADA/USDT'))).toBe(4 - i);
    }
    await watchlist.getByRole('button', { name: 'Remove XRP/USDT' }).click();
    await expect.poll(() => order.getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('data-symbol')))).toEqual(['BTC/USDT', 'ETH/USDT', 'ADA/USDT', 'SOL/USDT', 'DOGE/USDT']);
    await watchlist.getByRole('button', { name: 'Done editing the watchlist' }).click();
    await expect.poll(symbols).toEqual(['BTC/USDT', 'ETH/USDT', 'ADA/USDT', 'SOL/USDT', 'DOGE/USDT']);
    await expect.poll(() => watchlist.locator('tr[data-symbol="ADA/USDT"] [data-testid="last-price"]').textContent()).toMatch(/^0\.\d{4}$/);

    await page.reload();
    await watchlist.getByRole('row').nth(1).waitFor();
    await expect.poll(symbols).toEqual(['BTC/USDT', 'ETH/USDT', 'ADA/USDT', 'SOL/USDT', 'DOGE/USDT']);
    // At the default width every row's sparkline is drawn.
    expect(Math.round((await watchlist.boundingBox())!.width)).toBe(320);
    for (const symbol of await symbols()) {
      const line = watchlist.locator(`tr[data-symbol="${symbol}"] .sparkline polyline`);
      await line.waitFor();
      expect((await line.boundingBox())!.width, symbol ?? '').toBeGreaterThan(30);
    }
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('ranks every watchlist symbol × strategy by readiness, sorts, shows the top 5 and opens a symbol from a row', async () => {
    const page = await openApp(suite.browser, suite.app);
    await showTab(page, 'Scanner');
    const panel = tabPanel(page);
    const table = panel.getByRole('table', { name: 'Scanner' });
    const rows = table.locator('tbody tr');
    const watched = await page.getByRole('region', { name: 'Watchlist' }).locator('tbody tr').count();
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(6 * watched);
    // One look at the table and the top five (the scan refreshes every few seconds).
    const view = () =>
      panel.evaluate((root) => ({
        scores: Array.from(root.querySelectorAll('[data-testid="scanner-readiness"]'), (cell) => cell.textContent?.trim() ?? ''),
        top: Array.from(root.querySelectorAll('[aria-label="Top 5 now"] button .num'), (cell) => Number(cell.textContent)),
      }));
    await expect.poll(async () => (await view()).scores.every((text) => /^\d{1,3}$/.test(text))).toBe(true);
    const { scores, top } = await view();
    const numbers = scores.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(top).toEqual(numbers.slice(0, 5));
    // Each symbol's profile from the orchestrator's profiler: volatility, liquidity tier, trend persistence, spread.
    await expect.poll(() => table.locator('tr[data-symbol="BTC/USDT"] [data-testid="scanner-profile"]').first().textContent()).toMatch(/^vol \d+\.\d % · (large|mid|small|meme) · trend \d\.\d\d · spread \d+\.\d bps$/);
    // Components of the score are listed for strategies that score in parts.
    await expect.poll(() => table.locator('tr[data-strategy="dca-grid"]').first().textContent()).toMatch(/drop from the high \d+|triggered/);

    await table.getByRole('button', { name: /^Symbol/ }).click();
    await expect.poll(() => table.getByRole('columnheader', { name: /^Symbol/ }).getAttribute('aria-sort')).toBe('ascending');
    const bySymbol = await table.locator('tbody th').allTextContents();
    expect(bySymbol).toEqual([...bySymbol].sort());
    await table.locator('tr[data-symbol="SOL/USDT"]').first().getByRole('button', { name: 'Open SOL/USDT' }).click();
    await page.getByRole('region', { name: 'SOL/USDT chart' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedStubAccount, binanceStubForSuite, restingLiveBuy } from './live-account-page.js';
import { buyLimit, showTab, tab, tabPanel } from './workspace-page.js';

const LABEL = 'lonelive';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * Cells of the Open Orders table that do not read whole at the page's size: text wider than its cell, or a cell
 * hidden (in part) under the sticky actions column or past the panel's visible edge. (A string script: this
 * project's Node typecheck has no DOM types.)
 */
function unreadableCells(table: Locator): Promise<string[]> {
  return table.evaluate(`(() => {
    const table = document.querySelector('table[aria-label="Open orders"]');
    const panel = table.closest('.tab-panel');
    const seen = panel.getBoundingClientRect();
    const problems = [];
    for (const row of table.querySelectorAll('tr')) {
      const actions = row.querySelector('.sticky-actions');
      const cover = actions ? actions.getBoundingClientRect().left : seen.right;
      for (const cell of row.querySelectorAll('td, th')) {
        if (cell === actions || cell.classList.contains('sticky-actions')) continue;
        const box = cell.getBoundingClientRect();
        const text = cell.textContent.trim();
        if (cell.scrollWidth > cell.clientWidth) problems.push('text wider than its cell: ' + text);
        if (box.right > Math.min(cover, seen.right) + 0.5) problems.push('hidden at the right: ' + text);
      }
    }
    return problems;
  })()`) as Promise<string[]>;
}

/**
 * Open Orders on the desk (Chromium, 1440×900): a lone live order says it is live on its own row (the account
 * and a LIVE mark) though no other account has orders, on its chart line, and in its Logs/Events line; once the
 * market fills it at the venue, its lone position's row says so too; paper rows and lines stay unmarked while
 * only paper exists; and every column reads whole.
 */
describe('Open Orders rows: the live mark and whole columns (Chromium, loopback Binance stub)', () => {
  it('marks a lone live order LIVE on its row and chart line (and its position), leaves a lone paper order unmarked, and clips no column', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page: Page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    const rows = tabPanel(page).locator('tr[data-order]');
    const table = tabPanel(page).getByRole('table', { name: 'Open orders' });
    const chart = page.getByRole('region', { name: 'BTC/USDT chart' });
    const orderLines = async () => (await chart.getByRole('list', { name: 'Price lines' }).getByRole('listitem').allTextContents()).filter((text) => /^(BUY|SELL) /.test(text));

    const paper = await buyLimit(page, 'BTC', '1000', '0.01');
    await expect.poll(() => paper.getByTestId('ticket-result').textContent()).toMatch(/limit @ 1,000\.00 — open/);
    await tab(page, 'Open Orders').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByText('LIVE').count()).toBe(0);
    expect(await rows.first().getByTestId('venue-tag').count()).toBe(0);
    expect(await unreadableCells(table)).toEqual([]);
    // Its line on the chart is unmarked too.
    await expect.poll(orderLines).toEqual(['BUY 0.01 at 1,000.00']);
    await rows.first().getByRole('button', { name: 'Cancel buy BTC/USDT order' }).click();
    await expect.poll(() => rows.count()).toBe(0);

    stub.book.setBalance('BTC', 0);
    await armedStubAccount(page, stub, LABEL, { 'Max exposure per symbol (%)': '100' });
    await restingLiveBuy(page, VENUE, { base: 'BTC', price: '39000', amount: '0.0002', shownPrice: '39,000.00' });

    // Only the live account has an order now: its row still says so.
    await tab(page, 'Open Orders').click();
    await expect.poll(() => rows.count()).toBe(1);
    const live = rows.first();
    expect(await live.getByText('LIVE', { exact: true }).count()).toBe(1);
    expect(await live.getByTestId('venue-tag').textContent()).toBe(' · Binance');
    expect(await live.getByRole('rowheader').textContent()).toMatch(/^BTC\/USDT · Binance\s*LIVE$/);
    expect(await live.getByRole('button', { name: 'Modify', exact: true }).count()).toBe(1);
    expect(await live.getByRole('button', { name: 'Cancel buy BTC/USDT order', exact: true }).count()).toBe(1);
    expect(await unreadableCells(table)).toEqual([]);
    // Its line on the chart says LIVE (its drag handle keeps its name: ticket-full drags handles by name).
    await expect.poll(orderLines).toEqual(['BUY 0.0002 · LIVE at 39,000.00']);
    // Its line in Logs/Events says so too; the paper order's does not.
    await showTab(page, 'Logs/Events');
    const placed = tabPanel(page).getByRole('list', { name: 'Events' }).getByRole('listitem').filter({ hasText: 'Order placed' });
    await expect.poll(() => placed.count()).toBe(2);
    const texts = await placed.allTextContents();
    expect(texts.filter((text) => text.includes(`BUY 0.0002 BTC/USDT limit on ${VENUE} — LIVE (manual)`))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('BUY 0.01 BTC/USDT limit (manual)'))).toHaveLength(1);

    // The market trades down through the resting live buy at the venue: it leaves Open Orders, and the lone live
    // position's row says LIVE with its venue too.
    await tab(page, 'Open Orders').click();
    stub.book.setPrice('BTCUSDT', 39_000);
    await expect.poll(() => rows.count()).toBe(0);
    await tab(page, 'Positions').click();
    const position = tabPanel(page).locator('tr[data-position]');
    await expect.poll(() => position.count()).toBe(1);
    await expect.poll(() => position.getByRole('rowheader').textContent()).toMatch(/^▸LONG BTC\/USDT · Binance\s*LIVE$/);
    expect(await position.getByText('LIVE', { exact: true }).count()).toBe(1);
    expect(await position.getByRole('button', { name: 'Close BTC/USDT', exact: true }).count()).toBe(1);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

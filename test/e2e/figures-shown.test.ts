import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { writeEthBtcBars } from './eth-btc-bars.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { backtestForm, buyAtMarket, chartWithIndicators, setSweepRange, showTab, tab, tabPanel } from './workspace-page.js';

/** A figure as the sign rule wants it: "−" (U+2212) on a negative, never "-", and no sign on one shown as zero. */
function breaksSignRule(text: string): boolean {
  return text.includes('-') || /[−+]\s*0(\.0+)?(?![.\d])/.test(text.replace(/,/g, ''));
}
/** A fee in the quote currency: to the cent, like the P&L beside it. */
const CENTS = /^\d{1,3}(,\d{3})*\.\d{2}$/;

/** The cell of `row` under the column header named `column` (cells follow the header's order). */
async function cellUnder(table: Locator, row: Locator, column: string): Promise<Locator> {
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.findIndex((header) => header.trim().toLowerCase() === column.toLowerCase());
  expect(index, `a "${column}" column`).toBeGreaterThanOrEqual(0);
  return row.locator('th, td').nth(index);
}

async function addToWatchlist(page: Page, symbol: string): Promise<void> {
  const watchlist = page.getByRole('region', { name: 'Watchlist' });
  await watchlist.getByRole('button', { name: 'Edit watchlist' }).click();
  await watchlist.getByLabel('Add symbol').fill(symbol.split('/')[0]!.toLowerCase());
  await watchlist.getByRole('button', { name: `Add ${symbol}` }).click();
  await watchlist.getByRole('button', { name: 'Done editing the watchlist' }).click();
  await watchlist.locator(`tr[data-symbol="${symbol}"]`).click();
}

/**
 * What a trader reads has one rule for signs and one precision for fees: a loss reads "−", a figure
 * that rounds to zero reads 0.00 with no sign (a PEPE/USDT MACD pane sits around ±0.00000001), and a
 * fee in USDT reads to the cent wherever it shows — Positions, Trade History and its fills, the P&L tab.
 */
describe('signs and fee decimals as the trader reads them (Chromium)', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('writes the PEPE/USDT legend’s falling bars and negative MACD values with "−", and none as −0', async () => {
    const page = await openApp(suite.browser, suite.app);
    await addToWatchlist(page, 'PEPE/USDT');
    const chart = await chartWithIndicators(page, 'PEPE/USDT', ['MACD']);
    const legend = chart.getByTestId('chart-legend');
    const seen: string[] = [];
    let negative = 0;
    let falling = 0;
    // Bar by bar (one every half second at this speed) until a falling bar and a MACD value below zero were shown.
    await expect
      .poll(
        async () => {
          const change = (await legend.locator('[data-part="change"]').textContent()) ?? '';
          const macd = await legend.locator('[data-indicator="macd"] b').allTextContents();
          seen.push(change, ...macd);
          if (/[−-]/.test(change)) falling++;
          negative += macd.filter((value) => /[−-]/.test(value)).length;
          return falling > 0 && negative > 0;
        },
        { timeout: 90_000, interval: 400 },
      )
      .toBe(true);
    expect(seen.filter(breaksSignRule)).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows a round trip’s fees to the cent and its loss with "−" in Positions, Trade History and the P&L tab', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'Watchlist' }).locator('tr[data-symbol="BTC/USDT"]').click();
    await buyAtMarket(page, 'BTC', '0.0213');
    await tab(page, 'Positions').click();
    const positions = tabPanel(page).getByRole('table', { name: 'Positions' });
    const position = positions.locator('tr[data-symbol="BTC/USDT"]');
    await position.waitFor();
    expect(await (await cellUnder(positions, position, 'Fees')).textContent()).toMatch(CENTS);
    await position.getByRole('button', { name: 'Close BTC/USDT' }).click();
    await position.waitFor({ state: 'detached', timeout: 20_000 });

    await showTab(page, 'Trade History');
    const trade = tabPanel(page).locator('tr[data-trade][data-status="closed"]').first();
    await trade.waitFor({ timeout: 20_000 });
    expect(await trade.getByTestId('trade-fees').textContent()).toMatch(CENTS);
    await trade.getByRole('button', { name: /^Fills of trade/ }).click();
    const fillFees = await tabPanel(page).locator('tr[data-fill]').allTextContents();
    expect(fillFees).toHaveLength(2);
    for (const text of fillFees) expect(text).toMatch(/fee \d{1,3}(,\d{3})*\.\d{2} USDT · taker/);
    const tradeFigures = [await trade.getByTestId('trade-pnl').textContent(), await trade.getByTestId('trade-pnl-pct').textContent()].map((text) => text ?? '');
    // The round trip pays two taker fees: it shows a loss, in the same sign as every other figure.
    expect(tradeFigures.every((text) => text.startsWith('▼ −'))).toBe(true);

    await showTab(page, 'P&L');
    const all = tabPanel(page).getByRole('table', { name: 'P&L by period' }).locator('tr[data-period="all"]');
    await expect.poll(() => all.getByTestId('pnl-exits').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await all.getByTestId('pnl-fees').textContent()).toMatch(CENTS);
    const figures = await Promise.all(['pnl-realized', 'pnl-unrealized', 'pnl-net', 'pnl-return'].map(async (id) => (await all.getByTestId(id).textContent()) ?? ''));
    expect(figures.filter(breaksSignRule)).toEqual([]);
    expect(figures[0]).toMatch(/^▼ −/);
    expect(figures[3]).toMatch(/^▼ −\d+\.\d{2}%$/);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('reads a BTC-quoted backtest’s money in satoshis, as the CLI prints it, in the result and a sweep', async () => {
    // ETH/BTC at about 0.05 BTC.
    const imports = join(suite.app.dataDir, 'imports');
    mkdirSync(imports, { recursive: true });
    writeEthBtcBars(imports);
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'sma-cross');
    await form.getByLabel('CSV file', { exact: true }).check();
    await form.getByLabel('CSV file in the imports folder').fill('ETHBTC-1m.csv');
    await form.getByLabel('Cash', { exact: true }).fill('2');
    for (const [label, value] of [['Fast', '5'], ['Slow', '20'], ['Stake', '3']] as const) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Run backtest' }).click();
    const result = page.getByRole('region', { name: 'Backtest result' });
    await expect.poll(() => result.getByText('sma-cross · ETH/BTC · 1m').count(), { timeout: 60_000 }).toBe(1);
    // A round trip of 3 ETH pays about 0.0003 BTC in fees: in cents that read 0.00.
    const satoshis = /^(▲ \+|▼ −|• |−)?\d+\.\d{8}$/;
    const fees = (await result.getByTestId('bt-fees').textContent()) ?? '';
    expect(fees).toMatch(satoshis);
    expect(Number(fees)).toBeGreaterThan(0);
    expect(await result.getByTestId('bt-net-profit').textContent()).toMatch(satoshis);
    const trade = result.getByRole('table', { name: 'Backtest trades' }).locator('tr[data-bt-trade]').first();
    expect((await trade.locator('td').allTextContents()).slice(5, 7)).toEqual([expect.stringMatching(satoshis), expect.stringMatching(satoshis)]);

    await form.getByRole('button', { name: 'Sweep', exact: true }).click();
    const sweep = page.getByRole('region', { name: 'Parameter sweep' });
    await setSweepRange(sweep, 'fast', '5', '10', '5');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const variants = sweep.getByRole('region', { name: 'Sweep result' }).getByRole('table', { name: 'Sweep variants' });
    await variants.waitFor({ timeout: 60_000 });
    for (const metric of ['netProfit', 'fees']) expect(await variants.locator(`td[data-metric="${metric}"]`).allTextContents()).toEqual([expect.stringMatching(satoshis), expect.stringMatching(satoshis)]);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  }, 120_000);
});

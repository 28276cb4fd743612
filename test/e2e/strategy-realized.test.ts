import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeEthBtcBars } from './eth-btc-bars.js';
import { openApp, pageProblems, servedRunsForSuite, serveForSuite } from './harness.js';
import { draftStrategy, runWithShadows, shownNumber, showTab, tabPanel } from './workspace-page.js';

/** The Strategies tab's row of a configuration, and the Realized it shows. */
const configRow = (page: Page, name: string) => tabPanel(page).locator(`tr[data-config="${name}"]`);
const strategyRealized = async (page: Page, name: string) => {
  await showTab(page, 'Strategies');
  return configRow(page, name).getByTestId('config-realized').textContent();
};
/** The P&L tab's "P&L by strategy" row of `name`, all time. */
const pnlTabRealized = async (page: Page, name: string) => {
  await showTab(page, 'P&L');
  const bar = tabPanel(page).getByRole('group', { name: 'Breakdown period' });
  await bar.getByRole('button', { name: 'All time' }).click();
  return tabPanel(page).getByRole('table', { name: 'P&L by strategy' }).locator(`tr[data-row="${name}"]`).getByTestId('pnl-realized').textContent();
};
/** Trade History's closed trades of `name`: the sum of their P&L (net of fees) as shown, and how many. */
const historyRealized = async (page: Page, name: string) => {
  await showTab(page, 'Trade History');
  const rows = tabPanel(page).locator(`tr[data-trade][data-status="closed"]`).filter({ has: page.getByRole('cell', { name, exact: true }) });
  const cells = await rows.locator('[data-testid="trade-pnl"]').allTextContents();
  return { sum: cells.reduce((total, text) => total + shownNumber(text), 0), trades: cells.length };
};
/** A column header's accessible description (its title), by its accessible name. */
const headerDescription = (page: Page, table: string, column: string) => tabPanel(page).getByRole('table', { name: table }).getByRole('columnheader', { name: column, exact: true }).getAttribute('title');

/**
 * A strategy configuration's realized P&L is one figure: after fees, over everything it traded. The
 * Strategies tab's row and the P&L tab's "P&L by strategy" say the same while it trades and after the
 * core restarts (the row used to start again from 0.00), and Trade History's trades add up to it.
 */
describe('a strategy’s realized P&L in the Strategies and P&L tabs, across a restart (Chromium)', () => {
  const runs = servedRunsForSuite();

  it('shows the P&L tab’s figure in the Strategies row, after fees, before and after a restart', async () => {
    // Eight market minutes a real second: sma-cross 3/8 closes its two trades within seconds.
    const first = await runs.start(['--speed', '480']);
    const browser = await runs.browser();
    const page = await openApp(browser, first);

    const editor = await draftStrategy(page, 'sma-cross', 'quick', 'BTC/USDT', { Fast: '3', Slow: '8', Stake: '0.01' });
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    await expect.poll(() => configRow(page, 'quick').getByTestId('config-state').textContent(), { timeout: 60_000 }).toBe('running');
    // Two closed trades, then the trader switches it off: nothing it owns moves its realized P&L any more.
    await expect.poll(async () => (await historyRealized(page, 'quick')).trades, { timeout: 120_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    await showTab(page, 'Strategies');
    await configRow(page, 'quick').getByRole('switch', { name: 'Enable quick' }).uncheck();
    await expect.poll(() => configRow(page, 'quick').getByTestId('config-state').textContent()).toBe('stopped');

    // An exit sent just before the switch may still fill: wait until Trade History's trades (net of their
    // fees) add up to the P&L tab's figure, to the cent shown per trade.
    await expect
      .poll(async () => {
        const figure = shownNumber(await pnlTabRealized(page, 'quick'));
        const history = await historyRealized(page, 'quick');
        return Math.abs(history.sum - figure) <= 0.005 * history.trades + 0.005;
      }, { timeout: 30_000 })
      .toBe(true);
    // The P&L tab's figure is the one the row shows, and both name their fees.
    const shown = await pnlTabRealized(page, 'quick');
    expect(shownNumber(shown)).not.toBe(0);
    expect(await headerDescription(page, 'P&L by strategy', 'Realized')).toMatch(/after fees/i);
    await expect.poll(() => strategyRealized(page, 'quick')).toBe(shown);
    expect(await headerDescription(page, 'Configured strategies', 'Realized')).toMatch(/after fees/i);

    expect(pageProblems(page)).toEqual([]);
    await page.close();
    await first.stop();
    const after = await openApp(browser, await runs.start(['--speed', '120']));
    // After the restart the row still holds the configuration's history, the P&L tab's figure.
    expect(await pnlTabRealized(after, 'quick')).toBe(shown);
    await expect.poll(() => strategyRealized(after, 'quick')).toBe(shown);
    expect(pageProblems(after)).toEqual([]);
  }, 300_000);
});

/**
 * A configuration trading ETH/BTC makes and loses satoshis: its row reads them (it read 0.00, cents of
 * BTC), and so do its shadow variants' fees, as Backtests and the CLI read a BTC-quoted run.
 */
describe('a BTC-quoted configuration’s money in satoshis in the Strategies tab (Chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halyard-ethbtc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const suite = serveForSuite({ args: ['--market', `replay:${writeEthBtcBars(dir)}`, '--speed', '480'] });
  const satoshis = /^(▲ \+|▼ −|• )?\d+\.\d{8}$/;

  it('shows its realized P&L and its shadows’ fees to the satoshi', async () => {
    const page = await openApp(suite.browser, suite.app);
    // 1 ETH at about 0.05 BTC: above the paper venue's 0.0001 BTC minimum on a BTC market (it asked 5 BTC, 100 ETH,
    // of one order); a round trip's fees are about 0.0001 BTC — satoshis, which cents would show as 0.00.
    const editor = await draftStrategy(page, 'sma-cross', 'sats', 'ETH/BTC', { Fast: '3', Slow: '8', Stake: '1' });
    const { shadows } = await runWithShadows(page, editor, 'sats');
    await expect.poll(async () => (await historyRealized(page, 'sats')).trades, { timeout: 120_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    const realized = (await strategyRealized(page, 'sats')) ?? '';
    expect(realized).toMatch(satoshis);
    expect(shownNumber(realized)).not.toBe(0);
    // Its trades in Trade History and its row in the P&L tab read satoshis too.
    await showTab(page, 'Trade History');
    expect(await tabPanel(page).locator('tr[data-trade][data-status="closed"] [data-testid="trade-pnl"]').first().textContent()).toMatch(satoshis);
    expect(await pnlTabRealized(page, 'sats')).toMatch(satoshis);
    await showTab(page, 'Strategies');
    // Its shadows stay open (runWithShadows opened them) while the trader looked at Trade History.
    const championFees = shadows.locator('tr[data-variant="champion"] td').nth(5);
    await expect.poll(async () => shownNumber(await championFees.textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await championFees.textContent()).toMatch(satoshis);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  }, 240_000);
});

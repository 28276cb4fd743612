import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, repoRoot, serveForSuite } from './harness.js';
import { chartPaneHeights, layoutProblems, PANELS } from './layout-probe.js';
import { buyAtMarket, chartWithIndicators, newStrategyEditor, showTab, tab } from './workspace-page.js';

const SIZES = [
  [1280, 720],
  [1366, 768],
  [1600, 900],
  [1920, 1080],
] as const;
const TABS = ['Positions', 'Open Orders', 'Trade History', 'P&L', 'Strategies', 'Risk', 'Backtests', 'Logs/Events', 'Scanner'];

/**
 * Issue 15, item 8: the workspace holds at 1280×720, 1366×768, 1600×900 and 1920×1080 — panels never
 * overlap or leave the window, no text is cut off or drawn over other text, every tab of the dock is
 * reachable (whole in the tab bar, or in its "More" menu), drop-downs are as wide as their option, the
 * chart's indicator panes keep at least 60 px — with data in every tab. A screenshot of each size is
 * saved for review (test/output/layout-<w>x<h>.png).
 */
describe('the layout at the common window sizes (Chromium)', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('holds at every size, in every tab and in Settings, with RSI and MACD panes of 60 px or more', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.setViewportSize({ width: 1280, height: 720 });
    await chartWithIndicators(page, 'BTC/USDT', ['RSI 14', 'MACD 12, 26, 9']);
    await buyAtMarket(page, 'BTC', '0.02');
    // A running strategy: the watchlist grows its readiness column, which must fit too.
    const editor = await newStrategyEditor(page, 'dca-grid');
    await editor.getByLabel('Name').fill('layout-grid');
    await editor.getByRole('group', { name: 'Symbols' }).getByLabel('ETH/USDT').check();
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('columnheader', { name: /Ready/ }).waitFor();
    await showTab(page, 'Backtests');
    const backtest = page.getByRole('form', { name: 'Backtest settings' });
    await backtest.getByLabel('Bars (1m)').fill('5000');
    await backtest.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByRole('region', { name: 'Backtest result' }).waitFor({ timeout: 60_000 });
    const dir = join(repoRoot, 'test', 'output');
    await mkdir(dir, { recursive: true });

    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      const size = `${width}×${height}`;
      for (const name of TABS) {
        await showTab(page, name);
        await expect.poll(() => layoutProblems(page), { message: `${size}, ${name}` }).toEqual([]);
      }
      await expect.poll(() => chartPaneHeights(page), { message: `${size} chart panes` }).toHaveLength(3);
      for (const pane of await chartPaneHeights(page)) expect(pane, `${size} chart pane`).toBeGreaterThanOrEqual(60);
      // Every panel is on screen with room to be read.
      for (const [label, selector] of Object.entries(PANELS)) expect((await page.locator(selector).boundingBox())!.height, `${size} ${label}`).toBeGreaterThan(20);
      await showTab(page, 'Positions');
      const shot = await page.screenshot({ path: join(dir, `layout-${width}x${height}.png`) });
      expect(shot.length).toBeGreaterThan(20_000);

      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
      await expect.poll(() => layoutProblems(page), { message: `${size}, Settings` }).toEqual([]);
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Trade' }).click();
    }
    // The narrowest dock collapses the tabs that do not fit into "More" instead of cutting them off.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(() => page.getByRole('button', { name: /^More tabs/ }).count()).toBe(1);
    await showTab(page, 'Scanner');
    await expect.poll(() => tab(page, 'Scanner').getAttribute('aria-selected')).toBe('true');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('shows an unticked option as unticked, not as disabled', async () => {
    const page = await openApp(suite.browser, suite.app);
    await tab(page, 'Strategies').click();
    await page.locator('[data-strategy="dca-grid"]').getByRole('button', { name: 'Run live…' }).click();
    const symbols = page.getByRole('form', { name: 'New strategy' }).getByRole('group', { name: 'Symbols' });
    const unticked = symbols.getByLabel('ETH/USDT');
    await symbols.getByLabel('BTC/USDT').check();
    const look = (label: string) =>
      symbols.locator('label.chip', { hasText: label }).evaluate((chip) => {
        const style = getComputedStyle(chip);
        return { line: style.textDecorationLine, color: style.color, opacity: style.opacity };
      });
    const off = await look('ETH/USDT');
    expect(await unticked.isChecked()).toBe(false);
    expect(await unticked.isEnabled()).toBe(true);
    expect(off.line).toBe('none');
    expect(off.opacity).toBe('1');
    // The ticked one stands out by its frame, not by greying out the others.
    const on = await look('BTC/USDT');
    expect(on.line).toBe('none');
    await page.close();
  });
});

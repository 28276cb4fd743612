import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { newStrategyEditor, tab, tabPanel } from './workspace-page.js';

/**
 * Issue 12, item 6 as the trader sees it: while HALTED a running configuration reads "halted" and
 * its position's exits "exits paused (HALTED)"; once its configuration is switched off, the exits
 * still shown read "not enforced" — never as if something were watching them.
 */
describe('what HALTED and a switched-off configuration mean for exits (Chromium)', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('marks exits paused while HALTED, the configuration halted, and a disabled configuration’s exits not enforced', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await newStrategyEditor(page, 'dca-grid');
    await editor.getByLabel('Name').fill('far-grid');
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT']) await editor.getByRole('group', { name: 'Symbols' }).getByLabel(symbol).check();
    // A one-level grid that sets up within seconds on 1m bars and buys at the setup's close; its exits are
    // so far away (±50 %, 30 days) that the position stays open for the whole test.
    await editor.getByLabel('Timeframe', { exact: true }).selectOption('1m');
    const params: Record<string, string> = {
      'Drop Pct': '0.5',
      'High Window Hours': '0.25',
      'Volume Factor': '0.5',
      Levels: '1',
      'Budget Fraction': '0.1',
      'Take Profit Pct': '50',
      'Stop Loss Pct': '50',
      'Max Hold Hours': '720',
    };
    for (const [label, value] of Object.entries(params)) await editor.getByLabel(label, { exact: true }).fill(value);
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    const config = tabPanel(page).locator('tr[data-config="far-grid"]');
    await config.waitFor();

    await tab(page, 'Positions').click();
    const position = tabPanel(page).locator('tr[data-position]', { hasText: 'far-grid' }).first();
    await position.waitFor({ timeout: 90_000 });
    await expect.poll(() => position.textContent()).toMatch(/SL \d.*TP \d/s);
    expect(await position.getByTestId('exit-note').count()).toBe(0);

    await page.getByRole('button', { name: 'Emergency Stop' }).click();
    await page.getByTestId('halted-banner').waitFor();
    await expect.poll(() => position.getByTestId('exit-note').textContent()).toBe(' — exits paused (HALTED)');
    await tab(page, 'Strategies').click();
    await expect.poll(() => config.getByTestId('config-state').textContent()).toBe('halted');


    // Switched off (still HALTED, so nothing moves meanwhile): its position's exits are not enforced, also after a re-arm.
    await config.getByRole('switch', { name: 'Enable far-grid' }).uncheck();
    await expect.poll(() => config.getByTestId('config-state').textContent()).toBe('stopped');
    await tab(page, 'Positions').click();
    await expect.poll(() => position.getByTestId('exit-note').textContent()).toBe(' — not enforced');
    await page.getByRole('button', { name: 'Re-arm…' }).click();
    await page.getByRole('button', { name: 'Confirm re-arm' }).click();
    await page.getByTestId('halted-banner').waitFor({ state: 'detached' });
    await expect.poll(() => position.getByTestId('exit-note').textContent()).toBe(' — not enforced');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

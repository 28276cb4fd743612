import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, repoRoot, serveForSuite } from './harness.js';
import { focusedId, notifications, recordNotifications, showTab, tab, tabPanel, theme, viewStateSaves } from './workspace-page.js';

describe('trader workspace in Chromium: chart, keyboard, layout, alerts', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('switches the chart timeframe and adds indicator overlays and panes', async () => {
    const page = await openApp(suite.browser, suite.app);
    const chart = page.getByRole('region', { name: 'BTC/USDT chart' });
    await chart.locator('[data-testid="chart"] canvas').first().waitFor();
    const timeframes = chart.getByRole('group', { name: 'Timeframe' });
    await expect.poll(() => timeframes.getByRole('button', { name: '1m', exact: true }).getAttribute('aria-pressed')).toBe('true');

    // 1h bars: the legend's bar opens on the hour.
    await timeframes.getByRole('button', { name: '1h', exact: true }).click();
    await expect.poll(() => timeframes.getByRole('button', { name: '1h', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => chart.getByTestId('chart-legend').textContent()).toContain('· 1h');
    const panesBefore = await chart.locator('[data-testid="chart"] table tr').count();

    await chart.getByRole('button', { name: 'Indicators' }).click();
    await chart.getByRole('checkbox', { name: 'RSI 14' }).check();
    await chart.getByRole('checkbox', { name: 'Bollinger 20, 2' }).check();
    await page.keyboard.press('Escape');
    // RSI gets a pane of its own; its value (0–100) shows in the legend.
    await expect.poll(() => chart.locator('[data-testid="chart"] table tr').count()).toBeGreaterThan(panesBefore);
    const rsi = chart.locator('[data-indicator="rsi"] b').first();
    await rsi.waitFor();
    const value = Number(await rsi.textContent());
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(100);
    await expect.poll(() => chart.locator('[data-indicator="bollinger"] b').count()).toBe(3);

    // Chosen timeframe and indicators are remembered across a reload.
    await page.reload();
    await page.getByRole('region', { name: 'BTC/USDT chart' }).locator('[data-indicator="rsi"]').waitFor();
    await expect.poll(() => timeframes.getByRole('button', { name: '1h', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await chart.getByRole('button', { name: 'Remove RSI 14' }).click();
    await chart.locator('[data-indicator="rsi"]').waitFor({ state: 'detached' });
    await expect.poll(() => chart.locator('[data-testid="chart"] table tr').count()).toBe(panesBefore);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('opens symbol search with Ctrl+K and switches the chart from the keyboard', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Symbol search' });
    await dialog.waitFor();
    await page.keyboard.type('sol');
    await expect.poll(() => dialog.getByRole('option').first().textContent()).toContain('SOL/USDT');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'SOL/USDT chart' }).waitFor();
    await expect.poll(() => page.locator('tr[data-symbol="SOL/USDT"]').getAttribute('aria-selected')).toBe('true');

    // "?" lists the shortcuts; Alt+3 switches tabs; B focuses the ticket's amount.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.textContent()).toMatch(/Emergency Stop.*Search symbols/s);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('Alt+3');
    await expect.poll(() => tab(page, 'Trade History').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('s');
    await expect.poll(() => focusedId(page)).toBe('ticket-amount');
    await expect.poll(() => page.getByRole('button', { name: 'Sell', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // Keyboard only, from the ticket's field: Alt+3 takes focus to the tab it shows, so the next Tab is inside
    // that panel, not back at the top of the page.
    await page.keyboard.press('Alt+3');
    await expect.poll(() => focusedId(page)).toBe('tab-history');
    await tabPanel(page).getByLabel('Search trades').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('aria-label')")).toBe('Search trades');
    await page.close();
  });

  it('remembers resized panels, the active tab and the theme between runs', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(suite.app.url);
    const watchlist = page.getByRole('region', { name: 'Watchlist' });
    await watchlist.getByRole('row').nth(1).waitFor();
    const widthBefore = (await watchlist.boundingBox())!.width;
    const splitter = page.getByRole('separator', { name: 'Resize watchlist' });
    const box = (await splitter.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await watchlist.boundingBox())!.width).toBeGreaterThan(widthBefore + 100);
    const widthAfter = (await watchlist.boundingBox())!.width;
    await showTab(page, 'Logs/Events');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect.poll(() => theme(page)).toBe('light');

    const saved = viewStateSaves(page);
    await page.reload();
    await watchlist.getByRole('row').nth(1).waitFor();
    expect(Math.abs((await watchlist.boundingBox())!.width - widthAfter)).toBeLessThanOrEqual(1);
    await expect.poll(() => tab(page, 'Logs/Events').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => theme(page)).toBe('light');
    // The core keeps them for every page of this run: put them back for the tests after this one.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Reset layout' }).click();
    await expect.poll(() => saved.some((args) => args.includes('"theme":"dark"')) && saved.some((args) => args.includes('"tab":"positions"'))).toBe(true);
    await context.close();
  });

  it('raises a desktop notification and an events-feed entry on Emergency Stop, unless muted', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await recordNotifications(context, suite.app.origin);
    const page = await context.newPage();
    await page.goto(suite.app.url);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    await expect.poll(() => page.getByTestId('connection').textContent()).toMatch(/^connected/);

    await page.keyboard.press('Control+Shift+X');
    await page.getByTestId('halted-banner').waitFor();
    await expect.poll(() => notifications(page)).toContainEqual(expect.objectContaining({ title: expect.stringMatching(/Emergency stop/i) }));
    await showTab(page, 'Logs/Events');
    await expect.poll(() => tabPanel(page).locator('[data-kind="emergency_stop"]').first().textContent()).toMatch(/Emergency stop.*HALTED/is);

    // Muting a kind silences its desktop notification; the feed still records it.
    await tabPanel(page).getByRole('button', { name: /^Notify:/ }).click();
    await tabPanel(page).getByRole('checkbox', { name: 'Notify: Emergency stop and re-arm' }).uncheck();
    const before = (await notifications(page)).length;
    await page.getByRole('button', { name: 'Re-arm…' }).click();
    await page.getByRole('button', { name: 'Confirm re-arm' }).click();
    await page.getByTestId('halted-banner').waitFor({ state: 'detached' });
    await expect.poll(() => tabPanel(page).locator('[data-kind="emergency_stop"]').count()).toBe(2);
    expect((await notifications(page)).length).toBe(before);
    await context.close();
  });

  it('shows the risk state, the last stop and a verifiable audit log in the Risk tab', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('button', { name: 'Emergency Stop' }).click();
    await page.getByTestId('halted-banner').waitFor();
    await tab(page, 'Risk').click();
    const panel = tabPanel(page);
    await expect.poll(() => panel.getByTestId('risk-trading-state').textContent()).toContain('HALTED');
    await expect.poll(() => panel.getByTestId('risk-regime').textContent()).toMatch(/^(NORMAL|CAUTION|PANIC|EUPHORIA)$/);
    await expect.poll(() => panel.getByTestId('stop-remaining-open').textContent()).toBe('0 still open');
    const audit = panel.getByRole('region', { name: 'Audit log' });
    await expect.poll(() => audit.locator('tr[data-audit]').count()).toBeGreaterThan(0);
    await expect.poll(() => audit.locator('tr[data-audit]').first().textContent()).toMatch(/emergency stop/);
    await audit.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => audit.getByTestId('audit-verification').textContent()).toMatch(/Chain intact/);

    // Re-arming first says what will resume.
    await page.getByRole('button', { name: 'Re-arm…' }).click();
    await expect.poll(() => page.getByTestId('resume-preview').textContent()).toMatch(/Re-arming resumes: .*strateg/);
    await page.getByRole('button', { name: 'Confirm re-arm' }).click();
    await page.getByTestId('halted-banner').waitFor({ state: 'detached' });
    await expect.poll(() => panel.getByTestId('risk-trading-state').textContent()).toContain('Armed');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('saves a screenshot of the main workspace for review (test/output/workspace.png)', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.locator('[data-testid="chart"] canvas').first().waitFor();
    await page.getByRole('region', { name: 'Order ticket' }).waitFor();
    await page.waitForTimeout(1_000);
    const dir = join(repoRoot, 'test', 'output');
    await mkdir(dir, { recursive: true });
    const shot = await page.screenshot({ path: join(dir, 'workspace.png') });
    expect(shot.length).toBeGreaterThan(20_000);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

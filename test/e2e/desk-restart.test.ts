import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, servedRunsForSuite } from './harness.js';
import { buyAtMarket, chartWithIndicators, showTab, tabPanel, viewStateSaves } from './workspace-page.js';

const chartOf = (page: Page) => page.getByRole('region', { name: 'BTC/USDT chart' });
const emaLegend = (page: Page) => chartOf(page).getByTestId('chart-legend').locator('[data-indicator="ema"] span');

/** A free port on loopback, so a restarted `serve` can listen where the earlier run did. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Issue 15, item 6 across a restart of `npm run serve` on the same port and data: the Logs/Events tab
 * shows what happened before the restart (and filters it), and a tab still open from the earlier run
 * says so instead of reconnecting forever. Item 5: the chart's settings are there again after it.
 */
describe('Logs/Events and open tabs across a restart (Chromium)', () => {
  const runs = servedRunsForSuite();

  it('lists the earlier run’s events with a filter, and an earlier run’s tab tells the trader to open the new address', async () => {
    const port = String(await freePort());
    const serve = () => runs.start(['--speed', '120', '--port', port]);
    const first = await serve();
    const browser = await runs.browser();
    let saved: string[] = [];
    const earlier = await openApp(browser, first, (page) => (saved = viewStateSaves(page)));
    // The chart's settings: EMA period 42 and the log scale, kept by the core (stopped only once it answered their save).
    const chart = await chartWithIndicators(earlier, 'BTC/USDT', ['EMA 20']);
    await chart.getByRole('button', { name: 'Indicator settings' }).click();
    await chart.getByRole('group', { name: 'Indicator settings' }).getByLabel('EMA period').fill('42');
    await expect.poll(() => emaLegend(earlier).textContent()).toBe('EMA 42');
    await earlier.keyboard.press('Escape');
    await chart.getByRole('button', { name: 'Log scale' }).click();
    await expect.poll(() => saved.some((args) => args.includes('"period":42') && args.includes('"logScale":true'))).toBe(true);
    await buyAtMarket(earlier, 'BTC', '0.01');
    // The market order fills on the next bar: the stop comes after it (else it would cancel the order).
    await showTab(earlier, 'Logs/Events');
    await expect.poll(() => tabPanel(earlier).locator('[data-kind="fill"]').count()).toBeGreaterThan(0);
    await earlier.keyboard.press('Control+Shift+X');
    await earlier.getByTestId('halted-banner').waitFor();
    await expect.poll(() => tabPanel(earlier).locator('[data-kind="emergency_stop"]').count()).toBeGreaterThan(0);

    await first.stop();
    const second = await serve();
    expect(second.url).not.toBe(first.url); // a new token every run

    // The tab of the earlier run: told what to do, not "reconnecting" forever.
    await expect.poll(() => earlier.getByRole('heading', { level: 1 }).allTextContents(), { timeout: 30_000 }).toEqual(['This tab belongs to an earlier run of Halyard — open the address it printed']);
    expect(await earlier.getByText(/reconnecting/i).count()).toBe(0);

    const page = await openApp(browser, second);
    // A page with nothing stored in the browser (as a new port's origin has) shows the chart settings the trader set.
    await expect.poll(() => emaLegend(page).textContent()).toBe('EMA 42');
    await expect.poll(() => chartOf(page).getByTestId('chart').getAttribute('data-price-scale')).toBe('logarithmic');
    await chartOf(page).getByRole('button', { name: 'Indicator settings' }).click();
    expect(await chartOf(page).getByRole('group', { name: 'Indicator settings' }).getByLabel('EMA period').inputValue()).toBe('42');
    await page.keyboard.press('Escape');
    await showTab(page, 'Logs/Events');
    const feed = tabPanel(page);
    // Still HALTED after the restart, and the events before it are listed.
    await page.getByTestId('halted-banner').waitFor();
    await expect.poll(() => feed.locator('[data-kind="emergency_stop"]').first().textContent()).toMatch(/Emergency stop — trading HALTED/);
    await expect.poll(() => feed.locator('[data-kind="fill"]').first().textContent()).toMatch(/Filled: BUY 0\.01 BTC\/USDT/);
    await feed.getByLabel('Filter events by kind').selectOption({ label: 'Fills' });
    await expect.poll(() => feed.locator('li[data-kind]').evaluateAll((items) => [...new Set(items.map((item) => item.getAttribute('data-kind')))])).toEqual(['fill']);
    await feed.getByLabel('Filter events by kind').selectOption({ label: 'All events' });
    await feed.getByLabel('Filter events', { exact: true }).fill('reconciliation');
    await expect.poll(() => feed.locator('li[data-kind]').count()).toBeGreaterThan(0);
    expect((await feed.locator('li[data-kind]').allTextContents()).every((text) => /reconciliation/i.test(text))).toBe(true);

    // Under the HALTED banner the Risk tab does not say "No emergency stop yet": the audit log kept the earlier run's outcome.
    await showTab(page, 'Risk');
    await expect
      .poll(() => page.getByRole('region', { name: 'Emergency stop report' }).getByTestId('earlier-stop').textContent())
      .toMatch(/^HALTED at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by an earlier run of Halyard .*: 0 cancelled, 0 already filled, 0 kept, 0 failed, 0 still open\.$/);
    // Keyboard only: Re-arm… hands focus to the safe answer, and Keep halted hands it back.
    const banner = page.getByTestId('halted-banner');
    await banner.getByRole('button', { name: 'Re-arm…' }).focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate<string | null>('document.activeElement ? document.activeElement.textContent : null');
    await expect.poll(focused).toBe('Keep halted');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Re-arm…');
    await page.getByTestId('halted-banner').waitFor();
  });
});

import { describe, expect, it } from 'vitest';
import { openApp, serveForSuite } from './harness.js';
import { screens } from './live-account-page.js';
import { tab, tabPanel } from './workspace-page.js';

/**
 * A part of the window that cannot load (its code chunk lost on the network: a flaky link, or the app
 * updated under an open tab) says so in its own place, in Chromium; the rest of the window — the
 * Emergency Stop first — stays and works.
 */
describe('a panel that fails to load, in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '60'] });

  it('names the part that failed, keeps the Emergency Stop, and the other tabs and screens still open', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.route(/\/assets\/(SettingsScreen|BacktestsPanel)-[^/]+\.js$/, (route) => route.abort('connectionfailed'));

    await screens(page, 'Settings');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The Settings screen could not be shown' }).count()).toBe(1);
    await screens(page, 'Trade');
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();

    await tab(page, 'Backtests').click();
    await expect.poll(() => tabPanel(page).getByRole('alert').textContent()).toMatch(/^The Backtests tab could not be shown/);
    // Another tab opens as before.
    await tab(page, 'Positions').click();
    await expect.poll(() => tabPanel(page).getByText('No open positions').count()).toBe(1);

    // The Emergency Stop is there and stops.
    await page.getByRole('button', { name: 'Emergency Stop' }).click();
    await page.getByTestId('halted-banner').waitFor();
  }, 120_000);
});

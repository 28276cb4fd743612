import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { accountMode, armedStubAccount, binanceStubForSuite, screens } from './live-account-page.js';

const LABEL = 'loading';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * Settings → Accounts before the core has answered `accounts.list` (a slow start, a busy core): a trader with
 * an armed LIVE account must never read "No exchange account — trading on paper" meanwhile (Chromium,
 * loopback Binance stub; the list's answer is held on its way to the page, then let through).
 */
describe('the Accounts panel while the core has not answered yet (Chromium)', () => {
  it('says it is reading the accounts, never that there is none, then shows the armed account', { timeout: 180_000 }, async () => {
    let page = await openApp(suite.browser, suite.app);
    await armedStubAccount(page, venue.stub, LABEL);
    await page.close();

    page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const held: (() => void)[] = [];
    await page.routeWebSocket(/\/api\?token=/, (socket) => {
      const core = socket.connectToServer();
      socket.onMessage((message) => {
        const request = JSON.parse(String(message)) as { name?: string };
        if (request.name === 'accounts.list') held.push(() => core.send(String(message)));
        else core.send(message);
      });
    });
    await page.goto(suite.app.url);
    await screens(page, 'Settings');
    const panel = page.getByRole('region', { name: 'Accounts', exact: true });
    await expect.poll(() => held.length).toBeGreaterThan(0);
    await expect.poll(() => panel.getByTestId('accounts-loading').textContent()).toBe('Reading your accounts…');
    expect(await panel.getByText('No exchange account — trading on paper.', { exact: false }).count()).toBe(0);

    for (const send of held.splice(0)) send();
    await expect.poll(() => accountMode(panel.locator(`tr[data-account="${VENUE}"]`))).toBe('LIVE');
    expect(await panel.getByTestId('accounts-loading').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { alertsIn } from './form-page.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { binanceStubForSuite, screens } from './live-account-page.js';

/**
 * Settings → Accounts → *Add account* double-clicked, as an impatient trader does while the keychain is
 * still writing: the account is added once, the form says it was saved (not that it "already exists"),
 * and its key is in the OS keychain.
 */
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, ['binance:twice']);

describe('Settings → Accounts → Add account clicked twice (Chromium)', () => {
  it('adds the account once, says it was saved, and keeps its key in the keychain', async () => {
    const page = await openApp(suite.browser, suite.app);
    await screens(page, 'Settings');
    const panel = page.getByRole('region', { name: 'Accounts', exact: true });
    const form = panel.getByRole('form', { name: 'Add exchange account' });
    const { stub } = venue;
    const typed = { Exchange: 'binance', Label: 'twice', 'API key': stub.apiKey, 'API secret': stub.secret, 'REST base URL': stub.url };
    for (const [label, value] of Object.entries(typed)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Add account' }).dblclick();

    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Saved binance:twice. The secret is in your OS keychain.');
    await expect.poll(() => form.getByRole('button', { name: 'Add account' }).isEnabled()).toBe(true);
    expect(await alertsIn(panel)).toEqual([]);
    expect(await panel.locator('tr[data-account="binance:twice"]').count()).toBe(1);
    const stored = await new Keychain(suite.app.keychainService, { timeoutMs: 20_000 }).read('binance:twice');
    expect(stored.ok && JSON.parse(stored.value ?? '{}')).toMatchObject({ apiKey: stub.apiKey, apiSecret: stub.secret });
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

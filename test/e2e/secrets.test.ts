import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { alertsIn, besideField } from './form-page.js';
import { launchBrowser, openApp, pageProblems, removeDir, startServe, tempDataDir, type ServedApp } from './harness.js';

/**
 * Issue 3 end to end: a trader adds an exchange account through Settings → Accounts in Chromium, the
 * app runs for a while, and afterwards neither the API secret nor the database key can be found in any
 * byte of the data dir or of the app's logs. Uses the real keychain under a test-only service name.
 */
const SERVICE = `halyard-e2e-${randomUUID()}`;
const API_KEY = `e2e-key-${randomUUID()}-Q7xZ`;
const API_SECRET = `e2e-SECRET-${randomUUID()}`;
const PASSPHRASE = `e2e-passphrase-${randomUUID()}`;
const LABEL = 'e2e main';

const keychain = new Keychain(SERVICE, { timeoutMs: 20_000 });
const env = { HALYARD_KEYCHAIN_SERVICE: SERVICE };

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Where `needle` occurs: file paths under the data dir, plus `logs` when the app's output contains it. */
function findBytes(app: ServedApp, needle: Buffer): string[] {
  const hits = files(app.dataDir).filter((path) => readFileSync(path).includes(needle));
  if (Buffer.from(app.output(), 'utf8').includes(needle)) hits.push('logs (stdout/stderr)');
  return hits;
}

async function openAccounts(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Accounts', exact: true });
  await panel.waitFor();
  return panel;
}

describe('secrets stay in the keychain (Chromium, real keychain, encrypted store)', () => {
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const account of ['db-key', `binance:${LABEL}`]) await keychain.remove(account);
    if (dataDir) await removeDir(dataDir);
  });

  it('adds an account through the UI; after running a while no byte of the data dir or the logs holds the API secret or the DB key', async () => {
    let app = await startServe({ dataDir, args: ['--speed', '240'], env });
    try {
      const page = await openApp(browser, app);
      const panel = await openAccounts(page);
      await panel.getByLabel('Exchange', { exact: true }).fill('binance');
      await panel.getByLabel('API key', { exact: true }).fill(API_KEY);
      await panel.getByLabel('API secret', { exact: true }).fill(API_SECRET);
      await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await panel.getByLabel('Sandbox', { exact: true }).check();
      // The label forgotten: said once, beside Label; the keys typed stay for the next try (and go nowhere else).
      await panel.getByRole('button', { name: 'Add account' }).click();
      await expect.poll(() => besideField(panel, 'Label')).toBe('label is required');
      expect(await alertsIn(panel)).toEqual(['label is required']);
      expect(await panel.getByLabel('API secret', { exact: true }).inputValue()).toBe(API_SECRET);
      expect(await panel.getByLabel('Passphrase', { exact: true }).inputValue()).toBe(PASSPHRASE);
      await panel.getByLabel('Label', { exact: true }).fill(LABEL);
      await panel.getByRole('button', { name: 'Add account' }).click();
      const row = panel.locator(`tr[data-account="binance:${LABEL}"]`);
      await row.waitFor();
      await expect.poll(() => row.getByTestId('masked-key').textContent()).toBe(`••••${API_KEY.slice(-4)}`);
      // The page never holds the secret once saved (the form is cleared, the list is masked).
      const html = await page.content();
      for (const secret of [API_SECRET, PASSPHRASE, API_KEY]) expect(html).not.toContain(secret);

      // The secrets went to the keychain, under <exchange>:<label>.
      const entry = await keychain.read(`binance:${LABEL}`);
      expect(entry.ok && JSON.parse(entry.value ?? '{}')).toMatchObject({ apiKey: API_KEY, apiSecret: API_SECRET, passphrase: PASSPHRASE });

      // Run a while: market data streams, an emergency stop and a re-arm are journaled.
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Trade' }).click();
      await page.getByRole('button', { name: 'Emergency Stop' }).click();
      await page.getByTestId('halted-banner').waitFor();
      await page.getByRole('button', { name: 'Re-arm…' }).click();
      await page.getByRole('button', { name: 'Confirm re-arm' }).click();
      await page.getByTestId('halted-banner').waitFor({ state: 'detached' });
      await page.waitForTimeout(5_000);
      expect(pageProblems(page)).toEqual([]);
      await page.close();

      const key = await keychain.read('db-key');
      if (!key.ok || key.value === null) throw new Error('the database key is not in the keychain');
      const needles = {
        'API secret': Buffer.from(API_SECRET),
        passphrase: Buffer.from(PASSPHRASE),
        'DB key (hex)': Buffer.from(key.value),
        'DB key (bytes)': Buffer.from(key.value, 'hex'),
      };
      // While running (WAL in use) and after a clean shutdown.
      expect(files(dataDir).some((path) => path.endsWith('halyard.db'))).toBe(true);
      for (const [name, needle] of Object.entries(needles)) expect(findBytes(app, needle), `${name} while running`).toEqual([]);
      await app.stop();
      for (const [name, needle] of Object.entries(needles)) expect(findBytes(app, needle), `${name} after shutdown`).toEqual([]);

      // The account itself was persisted (encrypted): it is there after a restart, still masked.
      app = await startServe({ dataDir, args: ['--speed', '240'], env });
      const again = await openApp(browser, app);
      const reopened = await openAccounts(again);
      await expect.poll(() => reopened.locator(`tr[data-account="binance:${LABEL}"]`).getByTestId('masked-key').textContent()).toBe(`••••${API_KEY.slice(-4)}`);
      await again.close();
      await app.stop();
      for (const [name, needle] of Object.entries(needles)) expect(findBytes(app, needle), `${name} after restart`).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});

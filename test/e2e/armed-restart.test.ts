import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { forgetApp, launchBrowser, openApp, pageProblems, startServe, tempDataDir, testKeychainService, type ServedApp } from './harness.js';
import { accountMode, armedStubAccount, riskLimitsForm, screens } from './live-account-page.js';
import { tabPanel } from './workspace-page.js';

/**
 * An account left armed across restarts of `serve` on the same data dir (Chromium, loopback Binance stub):
 * with the venue there it is LIVE again and the saved limits are still the trader's; with the venue gone
 * it is back on paper — and the trader can read why in the Risk tab, not only guess it from the row.
 */
const LABEL = 'desk';
const VENUE = `binance:${LABEL}`;
const dataDir = await tempDataDir();
const keychainService = testKeychainService();
let stub: BinanceStub;
let browser: Browser;
let app: ServedApp | undefined;

beforeAll(async () => {
  stub = await startBinanceStub();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stub?.close();
  await new Keychain(keychainService, { timeoutMs: 20_000 }).remove(VENUE);
  await forgetApp({ dataDir, keychainService });
});

const accountRow = (page: Page) => page.getByRole('region', { name: 'Accounts', exact: true }).locator(`tr[data-account="${VENUE}"]`);

async function restart(): Promise<Page> {
  await app?.stop();
  app = await startServe({ dataDir, keychainService });
  return openApp(browser, app);
}

describe('an armed account across restarts (Chromium, loopback Binance stub)', () => {
  it('is LIVE again with its limits when the venue answers, and back on paper with the reason in the Risk tab when it does not', async () => {
    let page = await restart();
    await armedStubAccount(page, stub, LABEL, { 'Max order notional': '2500' });
    await page.close();

    // The venue answers: LIVE again, the limits are the saved ones, nothing to explain.
    page = await restart();
    await screens(page, 'Settings');
    await expect.poll(() => accountMode(accountRow(page))).toBe('LIVE');
    expect(await (await riskLimitsForm(page)).getByLabel('Max order notional', { exact: true }).inputValue()).toBe('2500');
    await page.close();

    // The venue is gone: back on paper, and the Risk tab says which account and why.
    await app!.stop();
    await stub.close();
    page = await restart();
    await screens(page, 'Settings');
    await expect.poll(() => accountMode(accountRow(page))).toBe('PAPER');
    await riskLimitsForm(page);
    const event = page.getByRole('region', { name: 'Risk events' }).locator('tr[data-kind="account_disarmed"]');
    await expect.poll(() => event.textContent()).toMatch(
      /binance:desk was left armed but could not reconnect at start: could not connect to binance: .*; it is back on paper\. Arm it again in Settings → Accounts\./,
    );
    await expect.poll(() => tabPanel(page).getByRole('table', { name: 'Audit entries' }).locator('tr', { hasText: 'disarmed' }).first().textContent()).toMatch(
      /system.*why: could not reconnect at start: could not connect to binance/s,
    );
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedStubAccount, binanceStubForSuite, screens } from './live-account-page.js';
import { tab } from './workspace-page.js';

const LABEL = 'recon';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * A reconciliation the venue fails (503 on its open-order reads, past every read retry) must not read as
 * "The journal matches the exchanges": the Risk tab's Reconciliation section says which account failed, why,
 * and when it is tried again — and once the venue answers, the retry (nobody presses anything) clears it.
 * Chromium, loopback Binance stub.
 */
describe('a failed reconciliation in the Risk tab (Chromium, loopback Binance stub)', () => {
  it('says it failed and is retried, then clears once a retry succeeds', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page: Page = await openApp(suite.browser, suite.app);
    await armedStubAccount(page, stub, LABEL);

    await screens(page, 'Trade');
    await tab(page, 'Risk').click();
    const section = page.getByRole('region', { name: 'Reconciliation' });
    await expect.poll(() => section.getByText('The journal matches the exchanges.').count()).toBe(1);

    stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 100_000 });
    await section.getByRole('button', { name: 'Reconcile now' }).click();
    const failed = section.getByTestId('reconcile-failed');
    await expect
      .poll(() => failed.textContent().catch(() => ''), { timeout: 60_000 })
      .toMatch(/^Reconciliation with binance:recon failed \(.+\) — retrying at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: the journal may not match the venue; protective stops refused meanwhile go to the venue once it succeeds\.$/);
    expect(await section.getByText('The journal matches the exchanges.').count()).toBe(0);

    stub.clearFaults();
    await expect.poll(() => failed.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => section.getByText('The journal matches the exchanges.').count()).toBe(1);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

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
 * and when it is tried again — and once the venue answers, the retry (nobody presses anything) clears it. A run
 * that succeeded says which markets' trades it read (venues list trades per market).
 * Chromium, loopback Binance stub.
 */
describe('a failed reconciliation in the Risk tab (Chromium, loopback Binance stub)', () => {
  it('says which markets were read, that a run failed and is retried, then clears once a retry succeeds', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page: Page = await openApp(suite.browser, suite.app);
    await armedStubAccount(page, stub, LABEL);

    await screens(page, 'Trade');
    await tab(page, 'Risk').click();
    const section = page.getByRole('region', { name: 'Reconciliation' });
    await expect.poll(() => section.getByText('The journal matches the exchanges.').count()).toBe(1);
    // Which markets' trades were read says whether a trade made on the venue's website was found.
    const markets = section.getByTestId('reconcile-markets');
    const readOn = /^binance:recon, reconciled at \d\d:\d\d:\d\d UTC: trades read on BTC\/USDT and ETH\/USDT — the markets Halyard trades there and those of every coin whose balance changed \(the first time: every coin held\), so a trade made on the venue’s website would have been found\.$/;
    await expect.poll(() => markets.allTextContents()).toEqual([expect.stringMatching(readOn)]);

    stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 100_000 });
    await section.getByRole('button', { name: 'Reconcile now' }).click();
    const failed = section.getByTestId('reconcile-failed');
    await expect
      .poll(() => failed.textContent().catch(() => ''), { timeout: 60_000 })
      .toMatch(/^Reconciliation with binance:recon failed \(.+\) — retrying at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: the journal may not match the venue; protective stops refused meanwhile go to the venue once it succeeds\.$/);
    expect(await section.getByText('The journal matches the exchanges.').count()).toBe(0);
    // A failed run read nothing: no markets are claimed while the journal may not match.
    expect(await markets.count()).toBe(0);

    stub.clearFaults();
    await expect.poll(() => failed.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => section.getByText('The journal matches the exchanges.').count()).toBe(1);
    // Nothing traded and no balance moved since the first run: no market needed reading.
    const nothingToRead = /^binance:recon, reconciled at \d\d:\d\d:\d\d UTC: no market’s trades to read — Halyard has not traded there and no coin’s balance changed since the run before, so no trade was made on the venue’s website\.$/;
    await expect.poll(() => markets.allTextContents()).toEqual([expect.stringMatching(nothingToRead)]);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { addStubAccount, armAccount, saveRiskLimits, screens, krakenWithoutBtcForSuite } from './live-account-page.js';

const LABEL = 'guarded';
const ACCOUNT = `kraken:${LABEL}`;
const suite = serveForSuite();
const venue = krakenWithoutBtcForSuite(suite, ACCOUNT);

/**
 * The status bar in words (Chromium, loopback Kraken stub): Kraken's dead-man timer is switched off on purpose
 * while a position's protective stop rests there (the timer would cancel the stop too). The bar says so plainly —
 * not "(!)", which reads like a fault — and keeps the full reason in its tooltip; once the stop goes it is armed.
 */
describe('the dead-man timer held off for a protective stop (Chromium, loopback Kraken stub)', () => {
  it('reads "dead-man off: protects stops" while the stop rests, then "dead-man armed"', { timeout: 240_000 }, async () => {
    const kraken = venue.stub;
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    await saveRiskLimits(page, { 'Max exposure per symbol (%)': '100' });
    const row = await addStubAccount(page, kraken, LABEL, { exchange: 'kraken' });
    await armAccount(row, LABEL);
    await expect.poll(() => row.textContent()).toContain('LIVE');
    await screens(page, 'Trade');
    const health = page.getByRole('contentinfo', { name: 'Status bar' }).getByTestId('live-updates');
    await expect.poll(() => health.textContent(), { timeout: 60_000 }).toMatch(/ · dead-man armed$/);

    const api = await coreApi(suite.app);
    try {
      // A bracketed market buy: its stop loss rests at Kraken, and the timer is switched off so as not to cancel it.
      await api.call('orders.place', { account: ACCOUNT, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '45000' });
      await expect.poll(() => health.textContent(), { timeout: 60_000 }).toMatch(/ · dead-man off: protects stops$/);
      expect(await health.textContent()).not.toContain('(!)');
      expect(await health.getAttribute('title')).toContain('off while 1 protective stop rests at kraken: the timer would cancel it too');

      const position = (await api.call('positions.list', {})).find((p) => p.account === ACCOUNT && p.symbol === 'BTC/USDT')!;
      await api.call('positions.close', { id: position.id });
      await expect.poll(() => health.textContent(), { timeout: 60_000 }).toMatch(/ · dead-man armed$/);
    } finally {
      api.close();
    }
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { addStubAccount, binanceStubForSuite, screens } from './live-account-page.js';
import { openSweep, setSweepRange } from './workspace-page.js';

const LABEL = 'desk';
const VENUE = `binance:${LABEL}`;

/**
 * A sweep's best row promoted onto a configuration that trades a live account (Chromium, loopback Binance
 * stub): the save changes its parameters — each one named before the click — and nothing else; the
 * configuration stays on its account instead of quietly going back to paper.
 */
describe('promoting a sweep variant onto a live configuration in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '60'] });
  const venue = binanceStubForSuite(suite, [VENUE]);

  it('keeps the configuration on its live account and names every parameter it changes', async () => {
    const page = await openApp(suite.browser, suite.app);
    await addStubAccount(page, venue.stub, LABEL);
    const api = await coreApi(suite.app);
    try {
      // A configuration of the live account, switched off (it needs no armed account to be kept).
      await api.call('strategies.save', { name: 'desk-cross', strategy: 'sma-cross', params: { fast: 20, slow: 60, stake: 0.01 }, symbols: ['BTC/USDT'], account: VENUE, create: true });
      await screens(page, 'Trade');

      const { sweep } = await openSweep(page, '20000');
      await setSweepRange(sweep, 'fast', '5', '10', '5');
      await sweep.getByRole('button', { name: 'Run sweep' }).click();
      const result = sweep.getByRole('region', { name: 'Sweep result' });
      await result.getByRole('table', { name: 'Sweep variants' }).locator('tr[data-sweep-row="fast=5"]').getByRole('button', { name: 'Promote fast=5' }).click({ timeout: 90_000 });

      const save = result.getByRole('group', { name: 'Save the promoted variant' });
      await expect.poll(() => save.getByTestId('promote-changes').textContent()).toBe('Changes: fast 20 → 5 · stake 0.01 → 0.02');
      await save.getByRole('button', { name: 'Save as champion' }).click();
      await expect.poll(() => save.getByRole('status').textContent()).toBe("desk-cross v2 now uses variant fast=5's parameters: fast 20 → 5 · stake 0.01 → 0.02.");

      const [saved] = (await api.call('strategies.configs', {})).filter((config) => config.name === 'desk-cross');
      expect(saved).toMatchObject({ version: 2, account: VENUE, enabled: false, symbols: ['BTC/USDT'], params: { fast: 5, slow: 60, stake: 0.02 } });
    } finally {
      api.close();
    }
    expect(pageProblems(page)).toEqual([]);
  }, 180_000);
});

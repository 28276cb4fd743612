import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { showTab } from './workspace-page.js';

/**
 * Saving the seed plan as it stands: three DCA grids share 40 % of the deployable 80 % (10.6667 % each, as
 * the form shows them), a swing and a channel configuration 24 % each. Saving without touching a thing keeps
 * every budget as it was, instead of adding the rounded figures up past the 80 % allowed and refusing the
 * trader's own unchanged plan.
 */
describe('Save budgets on the seed plan with budgets that do not divide evenly (Chromium)', () => {
  const suite = serveForSuite();

  it('saves the plan unchanged, and a touched budget as typed', async () => {
    const api = await coreApi(suite.app);
    for (const name of ['grid-a', 'grid-b', 'grid-c']) await api.call('strategies.save', { name, strategy: 'dca-grid', params: {}, symbols: ['BTC/USDT'], enabled: false });
    await api.call('strategies.save', { name: 'swing', strategy: 'sma-cross', params: {}, symbols: ['ETH/USDT'], enabled: false });
    await api.call('strategies.save', { name: 'range', strategy: 'channel', params: {}, symbols: ['ETH/USDT'], enabled: false });
    const page = await openApp(suite.browser, suite.app);
    await showTab(page, 'Strategies');
    const budgets = page.getByRole('region', { name: 'Budgets on paper' });
    await expect.poll(() => budgets.getByLabel('Budget of grid-a').inputValue()).toBe('10.6667');

    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect.poll(() => budgets.getByRole('status').textContent()).toBe('Budgets saved.');
    expect(await budgets.getByTestId('budgets-problem').count()).toBe(0);
    const saved = await api.call('allocation.get', { account: 'paper' });
    expect(saved).toMatchObject({ seed: false, reservePct: 20 });
    expect(saved.budgets.map((b) => [b.config, b.kind, b.value])).toEqual([
      ['grid-a', 'percent', 10.6666666667],
      ['grid-b', 'percent', 10.6666666667],
      ['grid-c', 'percent', 10.6666666667],
      ['range', 'percent', 24],
      ['swing', 'percent', 24],
    ]);

    // One budget typed: it is saved as typed, the others as they were.
    await budgets.getByLabel('Budget of grid-b').fill('10');
    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect.poll(async () => (await api.call('allocation.get', { account: 'paper' })).budgets.map((b) => b.value)).toEqual([10.6666666667, 10, 10.6666666667, 24, 24]);
    api.close();
    expect(pageProblems(page)).toEqual([]);
  });
});

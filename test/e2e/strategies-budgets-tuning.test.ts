import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { draftStrategy, tab, tabPanel } from './workspace-page.js';

/**
 * The portfolio controls of the Strategies tab, the trader's way: the budgets shown are the ones in
 * force (a new configuration re-splits the seed plan, and the form follows it instead of keeping, and
 * saving back, what it first loaded); switching a budget between % of equity and an amount keeps its
 * size; going back to the seed plan and letting the threshold manager tune by itself each ask first;
 * the tuning mode's message names the mode chosen; and a configuration's Realized P&L is never under
 * its row's buttons at 1440×900 or 1280×800. The configurations stay disabled: equity stays 10,000.
 */
const suite = serveForSuite();

async function openStrategies(page: Page): Promise<Locator> {
  await tab(page, 'Strategies').click();
  const budgets = page.getByRole('region', { name: 'Budgets on paper' });
  await budgets.waitFor();
  return budgets;
}

/** The questions the page asks (window.confirm), answered No until the test says Yes. */
function answerDialogs(page: Page): { seen: string[]; answer: 'yes' | 'no' } {
  const dialogs: { seen: string[]; answer: 'yes' | 'no' } = { seen: [], answer: 'no' };
  page.on('dialog', (dialog) => {
    dialogs.seen.push(dialog.message());
    void (dialogs.answer === 'yes' ? dialog.accept() : dialog.dismiss());
  });
  return dialogs;
}

describe('budgets, seed plan and tuning mode in the Strategies tab (Chromium)', () => {
  it('shows the budgets in force, converts a budget switched to an amount, and asks before the seed plan replaces a saved one', async () => {
    const api = await coreApi(suite.app);
    await api.call('strategies.save', { name: 'alpha', strategy: 'sma-cross', symbols: ['BTC/USDT'], enabled: false });
    const page = await openApp(suite.browser, suite.app);
    const dialogs = answerDialogs(page);
    const budgets = await openStrategies(page);
    // The seed plan: Swing's 30 % of the 80 % deployable is alpha's alone.
    await expect.poll(() => budgets.getByLabel('Budget of alpha').inputValue()).toBe('24');

    // A second Swing configuration splits that share: the form shows the 12 % now in force, not the 24 % it loaded.
    const editor = await draftStrategy(page, 'breakout', 'beta', 'SOL/USDT');
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    await expect.poll(() => budgets.getByLabel('Budget of beta').inputValue()).toBe('12');
    await expect.poll(() => budgets.getByLabel('Budget of alpha').inputValue()).toBe('12');

    // 12 % of equity switched to an amount is the same budget in USDT.
    await budgets.getByLabel('Budget kind of beta').selectOption('amount');
    expect(await budgets.getByLabel('Budget of beta').inputValue()).toBe('1200');
    await budgets.getByLabel('Budget kind of beta').selectOption('percent');
    expect(await budgets.getByLabel('Budget of beta').inputValue()).toBe('12');

    // Saving only a new reserve keeps each budget at what was shown.
    await budgets.getByLabel('Cash reserve (%)').fill('25');
    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect.poll(() => budgets.getByRole('status').textContent()).toBe('Budgets saved.');
    const saved = await api.call('allocation.get', { account: 'paper' });
    expect(saved.seed).toBe(false);
    expect(saved.reservePct).toBe(25);
    expect(saved.budgets.map((line) => [line.config, line.kind, line.percentOfEquity])).toEqual([
      ['alpha', 'percent', 12],
      ['beta', 'percent', 12],
    ]);

    // The seed plan would replace the saved budgets: it asks, and a No keeps them.
    await budgets.getByRole('button', { name: 'Use seed plan' }).click();
    await expect.poll(() => dialogs.seen.length).toBe(1);
    expect(dialogs.seen[0]).toMatch(/^Replace the budgets of paper with the seed plan .*The budgets you saved are not kept\.$/);
    expect((await api.call('allocation.get', { account: 'paper' })).seed).toBe(false);
    expect(await budgets.getByTestId('allocation-summary').textContent()).not.toMatch(/seed plan/);
    dialogs.answer = 'yes';
    await budgets.getByRole('button', { name: 'Use seed plan' }).click();
    await expect.poll(() => budgets.getByRole('status').textContent()).toBe('Back on the seed plan.');
    expect((await api.call('allocation.get', { account: 'paper' })).seed).toBe(true);
    expect(pageProblems(page)).toEqual([]);
    api.close();
    await page.close();
  });

  it('asks before automatic tuning and says the mode that was chosen', async () => {
    const api = await coreApi(suite.app);
    const page = await openApp(suite.browser, suite.app);
    const dialogs = answerDialogs(page);
    await openStrategies(page);
    await tabPanel(page).locator('tr[data-config="alpha"]').getByRole('button', { name: 'Edge & tuning' }).click();
    const tuning = page.getByRole('region', { name: 'Threshold manager of alpha' });
    const mode = tuning.getByLabel('Tuning mode');

    await mode.selectOption('auto');
    await expect.poll(() => dialogs.seen.length).toBe(1);
    expect(dialogs.seen[0]).toMatch(/^Let the threshold manager change the parameters of alpha by itself/);
    expect(await mode.inputValue()).toBe('propose');
    expect((await api.call('orchestrator.policy', { name: 'alpha' })).tuning).toBe('propose');

    dialogs.answer = 'yes';
    await mode.selectOption('auto');
    await expect.poll(() => tuning.getByRole('status').textContent()).toBe('Tuning mode: automatic.');
    expect((await api.call('orchestrator.policy', { name: 'alpha' })).tuning).toBe('auto');
    await expect.poll(() => mode.inputValue()).toBe('auto');

    await mode.selectOption('propose');
    await expect.poll(() => tuning.getByRole('status').textContent()).toBe('Tuning mode: propose.');
    expect((await api.call('orchestrator.policy', { name: 'alpha' })).tuning).toBe('propose');
    expect(dialogs.seen).toHaveLength(2);
    expect(pageProblems(page)).toEqual([]);
    api.close();
    await page.close();
  });

  it('keeps each configuration’s Realized clear of its buttons at 1440×900 and 1280×800', async () => {
    const api = await coreApi(suite.app);
    await api.call('strategies.save', { name: 'gamma', strategy: 'sma-cross', symbols: ['BTC/USDT', 'ETH/USDT'], enabled: false });
    api.close();
    const page = await openApp(suite.browser, suite.app);
    await openStrategies(page);
    await tabPanel(page).locator('tr[data-config="gamma"]').waitFor();
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      for (const row of await tabPanel(page).locator('tr[data-config]').all()) {
        const name = await row.getAttribute('data-config');
        const overlap = await row.evaluate((tr) => {
          const realized = tr.querySelector('[data-testid="config-realized"]')!.getBoundingClientRect();
          const actions = tr.querySelector('.sticky-actions')!.getBoundingClientRect();
          return realized.right - actions.left;
        });
        expect(overlap, `${name} at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(0.5);
      }
    }
    await page.close();
  });
});

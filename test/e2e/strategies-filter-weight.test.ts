import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { showTab, tabPanel } from './workspace-page.js';

/**
 * The learned filter weight in a configuration's Edge & tuning is saved as the tab's other forms are: a
 * value out of range stays as typed with the error beside the field (naming it and the range), and a
 * valid one is saved by its button with a note of what was saved.
 */
const suite = serveForSuite();

describe('the learned filter weight in the Strategies tab (Chromium)', () => {
  it('keeps a refused value with the error beside it, and confirms the value saved', async () => {
    const api = await coreApi(suite.app);
    await api.call('strategies.save', { name: 'alpha', strategy: 'sma-cross', symbols: ['BTC/USDT'], enabled: false });
    const before = (await api.call('orchestrator.policy', { name: 'alpha' })).filterWeight;
    const page = await openApp(suite.browser, suite.app);
    await showTab(page, 'Strategies');
    await tabPanel(page).locator('tr[data-config="alpha"]').getByRole('button', { name: 'Edge & tuning' }).click();
    const policy = page.getByRole('group', { name: 'Policy of alpha' });
    const field = policy.getByLabel('Learned filter weight', { exact: true });

    // Out of range: leaving the field keeps what was typed; saving says what is wrong, beside the field.
    await field.fill('1.5');
    await field.press('Tab');
    expect(await field.inputValue()).toBe('1.5');
    await policy.getByRole('button', { name: 'Save weight' }).click();
    await expect.poll(() => policy.getByRole('alert').textContent()).toBe('Learned filter weight must be a number from 0 to 1, like 0.3 (not “1.5”)');
    expect(await field.inputValue()).toBe('1.5');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await api.call('orchestrator.policy', { name: 'alpha' })).filterWeight).toBe(before);

    // In range: saved by Enter, and the note says what was saved.
    await field.fill('0.45');
    await field.press('Enter');
    await expect.poll(() => policy.getByRole('status').textContent()).toBe('Learned filter weight saved: 0.45.');
    expect(await policy.getByRole('alert').count()).toBe(0);
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    expect((await api.call('orchestrator.policy', { name: 'alpha' })).filterWeight).toBe(0.45);
    api.close();
    expect(pageProblems(page)).toEqual([]);
  });
});

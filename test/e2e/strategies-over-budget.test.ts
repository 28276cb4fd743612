import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTrendMarket } from '../helpers/trend-market.js';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { shownNumber, showTab } from './workspace-page.js';

/**
 * A budget lowered below what its configuration has in use: the Budgets table says it is over budget
 * and by how much, and that new entries are refused, instead of a bare "Free 0.00". A trader's file that buys 0.01 BTC
 * when flat and holds it 500 bars (`hold-for`, ~100 s at this replay speed) holds a position soon; its
 * budget is then set to 1 USDT.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'halyard-e2e-'));
const csv = writeTrendMarket(dataDir, 8_000);

describe('a budget below what is in use in the Strategies tab (Chromium)', () => {
  const suite = serveForSuite({ dataDir, args: ['--market', `replay:${csv}`, '--speed', '300'] });

  it('reads "over budget by X · new entries refused" beside Free 0.00', async () => {
    const api = await coreApi(suite.app);
    await api.call('strategies.save', { name: 'hold', strategy: 'hold-for', params: { holdMinutes: 500, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: true });
    const page = await openApp(suite.browser, suite.app);
    await showTab(page, 'Strategies');
    const budgets = page.getByRole('region', { name: 'Budgets on paper' });
    const row = budgets.locator('tr[data-budget="hold"]');
    await expect.poll(async () => shownNumber(await row.getByTestId('budget-used').textContent()), { timeout: 90_000 }).toBeGreaterThan(1);

    await budgets.getByLabel('Budget kind of hold').selectOption('amount');
    await row.getByLabel('Budget of hold').fill('1');
    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect.poll(() => budgets.getByRole('status').textContent()).toBe('Budgets saved.');

    // One snapshot of the row: the position may close between separate reads.
    const read = () => row.evaluate((tr) => ['[data-testid="budget-used"]', '[data-testid="budget-free"]', '[data-testid="budget-over"]'].map((selector) => tr.querySelector(selector)?.textContent ?? null));
    // Over by what is in use less the 1 USDT budget, with Free at 0.00.
    const consistent = async () => {
      const [used = null, free = null, over = null] = await read();
      return over !== null && free === '0.00' && Math.abs(shownNumber(over) - (shownNumber(used) - 1)) < 0.015 ? over : `used ${used}, free ${free}, over ${over}`;
    };
    await expect.poll(consistent, { timeout: 60_000 }).toMatch(/^over budget by [\d,]+\.\d\d · new entries refused$/);
    expect(await row.getByTestId('budget-over').getAttribute('title')).toMatch(/^hold has [\d,]+\.\d\d USDT in use against a budget of 1\.00: its new entries are refused until positions close or the budget is raised$/);

    const view = await api.call('allocation.get', { account: 'paper' });
    const line = view.budgets.find((b) => b.config === 'hold')!;
    expect(line.overBy ?? 0).toBeCloseTo(Math.max(0, line.used.total - 1), 6);
    api.close();
    expect(pageProblems(page)).toEqual([]);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTrendMarket } from '../helpers/trend-market.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { newStrategyEditor, shownNumber, tabPanel } from './workspace-page.js';

/**
 * The orchestrator in the Strategies tab, the trader's way: budgets with used and free (a plan beyond
 * 100 % − reserve refused with the numbers), a shadow variant whose lead the threshold manager proposes,
 * accepting and then reverting that adjustment from the history, EV and Kelly per symbol, and the
 * learned filter's model card after a retraining. The market is a replayed series rising in hourly
 * waves, on which `sma-cross` with a slow average of 20 bars beats one of 30 by a margin seen soon.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'halyard-e2e-'));
const csv = writeTrendMarket(dataDir, 8_000);

describe('budgets, proposals, adjustment history, EV/Kelly and the model card in the Strategies tab (Chromium)', () => {
  const suite = serveForSuite({ dataDir, args: ['--market', `replay:${csv}`, '--speed', '3000'] });

  it('sets budgets, accepts and reverts a proposal, and reads the edge and the model card', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await newStrategyEditor(page, 'sma-cross');
    await editor.getByLabel('Name').fill('hold');
    await editor.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').check();
    await editor.getByLabel('Fast', { exact: true }).fill('5');
    await editor.getByLabel('Slow', { exact: true }).fill('30');
    await editor.getByLabel('Stake', { exact: true }).fill('0.01');
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    const config = tabPanel(page).locator('tr[data-config="hold"]');
    await expect.poll(() => config.locator('td').nth(2).textContent(), { timeout: 60_000 }).toBe('running');

    // Budgets: the seed plan until the trader sets one; a plan beyond 100 % − reserve is refused with the numbers.
    const budgets = page.getByRole('region', { name: 'Budgets on paper' });
    await expect.poll(() => budgets.getByTestId('allocation-summary').textContent()).toMatch(/cash reserve 20 %.*seed plan: DCA 40 % · Swing 30 % · Channel 30 %/);
    const row = budgets.locator('tr[data-budget="hold"]');
    await expect.poll(() => row.getByLabel('Budget of hold').inputValue()).toBe('24');
    await row.getByLabel('Budget of hold').fill('85');
    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect.poll(() => budgets.getByRole('alert').textContent()).toBe('budgets add up to 85 % of equity (hold 85 %), but with a 20 % cash reserve at most 80 % may be allocated: lower them by 5 %');
    await row.getByLabel('Budget of hold').fill('40');
    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect.poll(() => budgets.getByRole('status').textContent()).toBe('Budgets saved.');
    // Once the configuration holds a position, its budget shows it in use; used + free = the budget.
    await expect.poll(async () => shownNumber(await row.getByTestId('budget-used').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
    // Read as one snapshot of the row: positions open and close between separate reads.
    const cells = await row.evaluate((tr) => ['td.num', '[data-testid="budget-used"]', '[data-testid="budget-free"]'].map((selector) => tr.querySelector(selector)?.textContent ?? null));
    const [amount, used, free] = cells.map(shownNumber);
    expect(Math.abs(used! + free! - amount!)).toBeLessThan(0.02 + 1e-9);

    // A variant with a shorter slow average, on the same bars.
    await config.getByRole('button', { name: 'Shadows' }).click();
    const shadows = page.getByRole('region', { name: 'Shadow variants of hold' });
    await shadows.getByRole('button', { name: 'Add variant…' }).click();
    const form = page.getByRole('form', { name: 'New variant of hold' });
    await form.getByLabel('Variant name').fill('patient');
    await form.getByLabel('Slow', { exact: true }).fill('20');
    await form.getByRole('button', { name: 'Add variant', exact: true }).click();
    await form.waitFor({ state: 'detached' });

    // The threshold manager reads the shadows by itself and proposes once the lead is significant.
    await config.getByRole('button', { name: 'Edge & tuning' }).click();
    const tuning = page.getByRole('region', { name: 'Threshold manager of hold' });
    const proposal = tuning.getByRole('group', { name: /^Proposal #\d+$/ }).first();
    await proposal.waitFor({ timeout: 90_000 });
    await expect.poll(() => proposal.textContent()).toMatch(/slow 30 → (29|24|21) \(bound ±(5|20|30) % of 30\) — from variant patient, confidence (LOW|MEDIUM|HIGH), p (= 0?\.\d+|< 0\.0001)/);
    await proposal.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => tuning.getByRole('status').textContent()).toBe('Applied as hold v2.');
    await expect.poll(() => config.locator('th').textContent()).toMatch(/hold\s*v2/);
    const history = tuning.getByRole('table', { name: 'Adjustment history of hold' });
    const applied = history.locator('tr[data-adjustment]', { hasText: 'v1 → v2' });
    await expect.poll(() => applied.getByTestId('adjustment-status').textContent()).toBe('applied');

    // Revert from the history: v1's parameters come back as v3.
    await applied.getByRole('button', { name: /^Revert adjustment #\d+$/ }).click();
    await expect.poll(() => tuning.getByRole('status').textContent()).toBe('reverted to the parameters of v1 as v3');
    await expect.poll(() => applied.getByTestId('adjustment-status').textContent()).toMatch(/^reverted/);
    await expect.poll(() => config.locator('th').textContent()).toMatch(/hold\s*v3/);

    // EV and Kelly per symbol from the configuration's own closed trades (Kelly waits for 30 of them).
    const edge = page.getByRole('table', { name: 'EV and Kelly of hold' });
    const btc = edge.locator('tr[data-edge="BTC/USDT"]');
    await expect.poll(async () => Number(await btc.locator('td').first().textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => btc.getByTestId('edge-ev').textContent()).toMatch(/^[+−]?\d+\.\d\d % \([+−]?[\d,]+\.\d\d USDT\)$/);
    expect(await btc.getByTestId('edge-strategy').textContent()).toBe('sma-cross');
    expect(await btc.getByTestId('edge-size').textContent()).toMatch(/^strategy’s own \(\d+\/30 trades\)$|^\d+\.\d % = /);
    await expect.poll(() => page.getByRole('table', { name: 'Symbol profiles' }).locator('tr[data-profile="BTC/USDT"]').textContent()).toMatch(/large/);

    // The model card: retrained on demand; its version, what it learned from, its features, out-of-sample results.
    const card = page.getByRole('region', { name: 'Model card of hold' });
    // The model's share of the setup score is shown; an untrained filter says when it trains by itself.
    await expect.poll(() => card.textContent()).toMatch(/weight 0\.3 of the setup score · setups below 50 are skipped/);
    await expect.poll(() => card.getByTestId('model-state').textContent()).toMatch(/^(Not trained yet\.|In use: version 1|Not in use — version 1).* Next scheduled training \d{4}-\d\d-\d\d \d\d:\d\d/);
    await card.getByRole('button', { name: 'Retrain now' }).click();
    const version = card.locator('tr[data-model-version="1"]');
    await version.waitFor({ timeout: 60_000 });
    await expect.poll(() => card.getByTestId('model-status').textContent()).toMatch(/^v1: (active|inactive): .*Walk-forward: \d+ folds/);
    await expect.poll(() => card.getByTestId('model-features').textContent()).toMatch(/^Features \(known at entry\): rule_score, ret_15m, ret_1h/);
    await expect.poll(() => card.getByTestId('model-examples').textContent()).toMatch(/backtests [1-9]\d*\)$/);
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);
});

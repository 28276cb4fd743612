import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { besideField } from './form-page.js';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { newStrategyEditor, openSweep, setSweepRange as setRange, showTab, tabPanel } from './workspace-page.js';

/** "1.23%" / "▲ +1.23%" / "• 0.00%" → 1.23 */
const percent = (text: string | null): number => Number((text ?? '').replace(/[▲▼•+\s%]/g, '').replace('−', '-'));

async function columnValues(table: Locator, metric: string): Promise<number[]> {
  return (await table.locator(`td[data-metric="${metric}"]`).allTextContents()).map(percent);
}

describe('parameter sweeps in the Backtests tab in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '60'] });

  it('sweeps two parameters, sorts by any metric, shows a heatmap, promotes a row and adds one as a shadow variant', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await newStrategyEditor(page, 'sma-cross');
    await editor.getByLabel('Name').fill('swept');
    await editor.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').check();
    await editor.getByLabel('Stake', { exact: true }).fill('0.01');
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    await tabPanel(page).locator('tr[data-config="swept"]').waitFor();

    const { form, sweep } = await openSweep(page, '20000');
    // An invalid range is refused before anything runs, named beside its parameter.
    await setRange(sweep, 'fast', '20', '5', '5');
    await setRange(sweep, 'slow', '20', '60', '20');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => sweep.locator('tr[data-range="fast"]').getByRole('alert').textContent()).toBe('from 20 is above to 5');
    // …and each of its fields names that message as its description (what a screen reader reads on it).
    expect(await besideField(sweep, 'fast from')).toBe('from 20 is above to 5');
    expect(await besideField(sweep, 'fast step')).toBe('from 20 is above to 5');
    expect(await besideField(sweep, 'slow from')).toBeNull();
    await setRange(sweep, 'fast', '5', '20', '5');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();

    const result = sweep.getByRole('region', { name: 'Sweep result' });
    await result.waitFor({ timeout: 90_000 });
    expect(await result.getByTestId('sweep-summary').textContent()).toMatch(/^11 variants of sma-cross on 20,000 1m bars of BTC\/USDT, \d+ workers?, \d+\.\d s\. 1 of the 12 combinations skipped: .*fast must be shorter than slow/);
    const table = result.getByRole('table', { name: 'Sweep variants' });
    expect(await table.locator('tr[data-sweep-row]').count()).toBe(11);

    // Any metric sorts the table, best first, and again the other way round.
    const byReturn = table.getByRole('columnheader', { name: /^Return/ });
    await byReturn.getByRole('button').click();
    await expect.poll(() => byReturn.getAttribute('aria-sort')).toBe('descending');
    const descending = await columnValues(table, 'totalReturn');
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await byReturn.getByRole('button').click();
    await expect.poll(() => byReturn.getAttribute('aria-sort')).toBe('ascending');
    expect(await columnValues(table, 'totalReturn')).toEqual([...descending].reverse());
    // Drawdown sorts lowest first when picked.
    const byDrawdown = table.getByRole('columnheader', { name: /^Max DD/ });
    await byDrawdown.getByRole('button').click();
    await expect.poll(() => byDrawdown.getAttribute('aria-sort')).toBe('ascending');

    // Two parameters: a heatmap of the sorted-by metric, one cell per variant; the refused combination stays empty.
    await byReturn.getByRole('button').click();
    const heatmap = result.getByRole('table', { name: 'Heatmap of Return by fast and slow' });
    expect(await heatmap.locator('td[data-cell]').count()).toBe(11);
    expect(await heatmap.getByRole('columnheader').allTextContents()).toEqual(['slow ↓ / fast →', '5', '10', '15', '20']);
    const best = table.locator('tr[data-sweep-row]').first();
    const bestId = (await best.locator('th').textContent())!;
    const bestReturn = await best.locator('td[data-metric="totalReturn"]').textContent();
    expect(await heatmap.locator(`td[data-cell="${bestId}"]`).textContent()).toBe(bestReturn);

    // Promote: the row's parameters go into the form, and can be saved as the configuration's next version.
    const [, fast, slow] = /^fast=(\d+) slow=(\d+)$/.exec(bestId)!;
    await best.getByRole('button', { name: `Promote ${bestId}` }).click();
    await expect.poll(() => form.getByLabel('Fast').inputValue()).toBe(fast);
    await expect.poll(() => form.getByLabel('Slow').inputValue()).toBe(slow);
    const save = result.getByRole('group', { name: 'Save the promoted variant' });
    // Before saving, every parameter the save changes is named — the stake typed for the backtest too.
    const changes = [fast !== '20' ? `fast 20 → ${fast}` : null, slow !== '60' ? `slow 60 → ${slow}` : null, 'stake 0.01 → 0.02'].filter(Boolean).join(' · ');
    await expect.poll(() => save.getByTestId('promote-changes').textContent()).toBe(`Changes: ${changes}`);
    await save.getByRole('button', { name: 'Save as champion' }).click();
    await expect.poll(() => save.getByRole('status').textContent()).toBe(`swept v2 now uses variant ${bestId}'s parameters: ${changes}.`);
    // The picker shows the version just saved, not the one listed before.
    await expect.poll(() => save.getByRole('combobox').locator('option:checked').textContent()).toBe('swept (v2)');

    // A single backtest of the promoted parameters gives the row's figure: each row is a full backtest.
    await form.getByRole('button', { name: 'Single run' }).click();
    await form.getByRole('button', { name: 'Run backtest' }).click();
    const single = page.getByRole('region', { name: 'Backtest result' });
    await single.waitFor({ timeout: 90_000 });
    expect(percent(await single.getByTestId('bt-total-return').textContent())).toBe(percent(bestReturn));

    // Add as shadow: the row joins the saved configuration as a live shadow variant, named by its values.
    await form.getByRole('button', { name: 'Sweep', exact: true }).click();
    await table.locator('tr[data-sweep-row="fast=5 slow=20"]').getByRole('button', { name: 'Add fast=5 slow=20 as shadow variant' }).click();
    const add = result.getByRole('group', { name: 'Add fast=5 slow=20 as shadow variant' });
    await expect.poll(() => add.getByLabel('Variant name').inputValue()).toBe('fast 5 slow 20');
    await add.getByRole('button', { name: 'Add shadow variant' }).click();
    await expect.poll(() => add.getByRole('status').textContent()).toMatch(/^swept now shadows variant fast 5 slow 20 \(1 variant\)/);
    // The same name again is refused beside the Variant name field, in the trader's words.
    await add.getByRole('button', { name: 'Add shadow variant' }).click();
    await expect.poll(() => besideField(add, 'Variant name')).toBe('"fast 5 slow 20" is taken: choose another name');

    // A new sweep's result stands alone: nothing of the last one's rows (their Promote / Add as shadow forms) stays under it.
    await setRange(sweep, 'slow', '20', '40', '20');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => result.getByTestId('sweep-summary').textContent(), { timeout: 90_000 }).toMatch(/^7 variants of sma-cross/);
    expect(await result.getByRole('group').count()).toBe(0);

    // Another strategy picked: its form is not these rows' — they wait until sma-cross is picked again.
    await form.getByLabel('Strategy').selectOption('dca-grid');
    await expect.poll(() => result.count()).toBe(0);
    expect(await sweep.getByText('The last sweep was of sma-cross', { exact: true }).count()).toBe(1);
    await form.getByLabel('Strategy').selectOption('sma-cross');
    await expect.poll(() => result.getByTestId('sweep-summary').textContent()).toMatch(/^7 variants of sma-cross/);
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);

  it('names a refused setting on the left as its field is labelled there, not by the argument it is sent as', async () => {
    const page = await openApp(suite.browser, suite.app);
    const { form, sweep } = await openSweep(page, '2000');
    await form.getByLabel('Stake').fill('-1');
    await setRange(sweep, 'fast', '5', '10', '5');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => sweep.getByRole('alert').first().textContent(), { timeout: 30_000 }).toMatch(/^Stake: /);
    expect(await sweep.getByRole('alert').allTextContents()).toEqual([expect.not.stringContaining('params.')]);
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('walks forward with out-of-sample figures, and cancels a long sweep from its progress bar', async () => {
    const page = await openApp(suite.browser, suite.app);
    const { sweep } = await openSweep(page, '20000');
    await setRange(sweep, 'fast', '5', '15', '5');
    await setRange(sweep, 'slow', '30', '60', '30');
    await sweep.getByRole('checkbox', { name: 'Walk-forward' }).check();
    await sweep.getByLabel('Train days').fill('4');
    await sweep.getByLabel('Test days').fill('2');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const result = sweep.getByRole('region', { name: 'Sweep result' });
    // 20,000 minutes ≈ 13.9 days: a fold every 2 days while 4 + 2 fit.
    const folds = result.getByRole('table', { name: 'Walk-forward folds' });
    await expect.poll(() => folds.locator('tr[data-fold]').count(), { timeout: 90_000 }).toBe(4);
    // Each span from its first bar: the simulated data's first 1m bar opens at 2024-01-01 00:00, the first test span's 4 days on.
    expect((await folds.locator('tr[data-fold]').first().locator('td').allTextContents()).slice(0, 2)).toEqual(['2024-01-01 00:00:00', '2024-01-05 00:00:00']);
    expect(await result.getByTestId('sweep-oos-return').textContent()).toMatch(/^Walk-forward, each fold's best by Sharpe on 4 days then tested on the next 2 days: out-of-sample return −?\d+\.\d{2}% over 4 folds\.$/);
    const table = result.getByRole('table', { name: 'Sweep variants' });
    expect(await table.getByRole('columnheader', { name: /^OOS Sharpe/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await table.locator('tr[data-sweep-row] td[data-metric="oosReturn"]').first().textContent()).toMatch(/^−?\d+\.\d{2}%$/);

    // A random sample of the same grid: the cells it did not draw are not said to be refused by the strategy.
    await sweep.getByRole('checkbox', { name: 'Walk-forward' }).uncheck();
    await sweep.getByRole('radio', { name: 'Random sample' }).check();
    await sweep.getByLabel('Combinations to draw').fill('3');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => result.getByTestId('sweep-summary').textContent(), { timeout: 90_000 }).toMatch(/^3 variants of sma-cross on 20,000 1m bars of BTC\/USDT, \d+ workers?, \d+\.\d s\. Drawn at random from the 6 combinations\.$/);
    // Seed 1 draws fast=5 slow=30, fast=5 slow=60 and fast=10 slow=60: the 2 × 2 heatmap has one cell left empty.
    const heatmap = result.getByRole('table', { name: /^Heatmap of / });
    expect(await heatmap.locator('td:not([data-cell])').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title')))).toEqual(['not drawn in the random sample, or refused by the strategy']);
    await sweep.getByRole('radio', { name: 'Every combination' }).check();

    // A long sweep on one worker: progress climbs with an estimate of the time left, and Cancel stops it.
    await setRange(sweep, 'fast', '2', '40', '1');
    await setRange(sweep, 'slow', '50', '60', '1');
    await sweep.getByLabel('Workers').fill('1');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const bar = sweep.getByRole('progressbar', { name: 'Sweeping…' });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    // Meanwhile the walk-forward's rows are not offered as if they were this sweep's.
    expect(await result.count()).toBe(0);
    await expect.poll(() => sweep.locator('.progress-head').textContent()).toMatch(/left/);
    // The trader looks at Positions meanwhile and comes back: the sweep is still there to cancel, and says it was.
    await showTab(page, 'Positions');
    await showTab(page, 'Backtests');
    await sweep.getByRole('button', { name: 'Cancel' }).click();
    await bar.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => sweep.getByRole('alert').textContent()).toBe('Sweep cancelled');
    await expect.poll(() => sweep.getByRole('button', { name: 'Run sweep' }).isEnabled()).toBe(true);
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);

  it('stops a sweep whose page was closed: no one is left to see it or press Cancel', async () => {
    const page = await openApp(suite.browser, suite.app);
    const api = await coreApi(suite.app);
    try {
      const started = new Promise<string>((resolve) => api.on('backtest.sweepProgress', ({ runId }) => resolve(runId)));
      const { sweep } = await openSweep(page, '20000');
      // About 10,000 variants on one worker: minutes of both cores' worth of work if nothing stops it.
      await setRange(sweep, 'fast', '2', '200', '1');
      await setRange(sweep, 'slow', '210', '260', '1');
      await sweep.getByLabel('Workers').fill('1');
      await sweep.getByRole('button', { name: 'Run sweep' }).click();
      const runId = await started;
      await page.close();
      // Its run id is free again once the sweep stopped: a small sweep under it then runs (while it runs, it is refused).
      const reuse = () =>
        api.call('backtest.sweep', { runId, strategy: 'sma-cross', sweep: { fast: { values: [5] } }, source: { kind: 'simulated', seed: 1, bars: 2_000 } }).then(
          () => 'ran',
          (error: Error) => error.message,
        );
      await expect.poll(reuse, { timeout: 15_000 }).toBe('ran');
    } finally {
      api.close();
    }
  }, 120_000);
});

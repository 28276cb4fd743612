import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { draftStrategy, tab, tabPanel } from './workspace-page.js';

/**
 * A trader typing a configuration or a comparison looks at another workspace tab and comes back:
 * what was typed is still there (a tab's panel is unmounted while another is shown).
 */
describe('forms of the Strategies and Backtests tabs across a switch of tabs in Chromium', () => {
  const suite = serveForSuite();

  it('keeps a new configuration, an edited one, a shadow variant, the backtest mode and the variants compared', async () => {
    const page = await openApp(suite.browser, suite.app);
    await draftStrategy(page, 'dca-grid', 'grid', 'ETH/USDT', { Levels: '7' });
    await tab(page, 'Positions').click();
    await tab(page, 'Strategies').click();
    const back = page.getByRole('form', { name: 'New strategy' });
    expect(await back.getByLabel('Name').inputValue()).toBe('grid');
    expect(await back.getByLabel('Strategy').inputValue()).toBe('dca-grid');
    expect(await back.getByLabel('Levels', { exact: true }).inputValue()).toBe('7');
    expect(await back.getByRole('group', { name: 'Symbols' }).getByLabel('ETH/USDT').isChecked()).toBe(true);
    await back.getByRole('button', { name: 'Save strategy' }).click();
    const config = tabPanel(page).locator('tr[data-config="grid"]');
    await config.waitFor();
    await expect.poll(() => back.count()).toBe(0);

    // Saved: the next New strategy… starts afresh.
    await page.getByRole('button', { name: 'New strategy…' }).click();
    expect(await page.getByRole('form', { name: 'New strategy' }).getByLabel('Name').inputValue()).toBe('');
    await page.getByRole('form', { name: 'New strategy' }).getByRole('button', { name: 'Cancel' }).click();

    // An edited configuration: its open editor and the values typed in it.
    await config.getByRole('button', { name: 'Parameters' }).click();
    const edit = page.getByRole('form', { name: 'Edit grid' });
    await edit.getByLabel('Levels', { exact: true }).fill('9');
    await tab(page, 'Positions').click();
    await tab(page, 'Strategies').click();
    expect(await page.getByRole('form', { name: 'Edit grid' }).getByLabel('Levels', { exact: true }).inputValue()).toBe('9');

    // A shadow variant being typed.
    await config.getByRole('button', { name: 'Shadows' }).click();
    await page.getByRole('region', { name: 'Shadow variants of grid' }).getByRole('button', { name: 'Add variant…' }).click();
    await page.getByRole('form', { name: 'New variant of grid' }).getByLabel('Variant name').fill('deeper');
    await page.getByRole('form', { name: 'New variant of grid' }).getByLabel('Spacing Pct', { exact: true }).fill('2.5');
    await tab(page, 'Positions').click();
    await tab(page, 'Strategies').click();
    const variant = page.getByRole('form', { name: 'New variant of grid' });
    expect(await variant.getByLabel('Variant name').inputValue()).toBe('deeper');
    expect(await variant.getByLabel('Spacing Pct', { exact: true }).inputValue()).toBe('2.5');

    // Backtests: the mode and the variants typed in Compare variants.
    await tab(page, 'Backtests').click();
    const form = page.getByRole('form', { name: 'Backtest settings' });
    await form.getByLabel('Strategy').selectOption('sma-cross');
    await form.getByRole('button', { name: 'Compare variants' }).click();
    const compare = page.getByRole('region', { name: 'Compare variants' });
    await compare.getByRole('button', { name: 'Add variant' }).click();
    await compare.locator('details.variant').first().getByLabel('Fast', { exact: true }).fill('12');
    await tab(page, 'Strategies').click();
    await tab(page, 'Backtests').click();
    expect(await form.getByRole('button', { name: 'Compare variants' }).getAttribute('aria-pressed')).toBe('true');
    expect(await compare.locator('details.variant').first().getByLabel('Fast', { exact: true }).inputValue()).toBe('12');
    // Another strategy's variants do not carry over.
    await form.getByLabel('Strategy').selectOption('breakout');
    await expect.poll(() => compare.locator('details.variant').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});

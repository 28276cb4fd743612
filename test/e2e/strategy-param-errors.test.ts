import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { backtestForm, draftStrategy, submitWith, tabPanel } from './workspace-page.js';

/** The message shown beside a parameter's field (SchemaForm puts it in the field's own box). */
function besideField(form: Locator, label: string): Locator {
  return form.locator('.schema-field', { has: form.page().getByLabel(label, { exact: true }) }).getByRole('alert');
}

/**
 * Parameters the core refuses, the way a trader meets them: a value out of range is named beside its
 * field, a rule over several fields (the EMAs' order, the channel's zones) is said under the form, and
 * whatever was typed stays in the form to be corrected — in the Strategies tab's editor, its shadow
 * variants, and the Backtests tab's single run and variant comparison.
 */
describe('refused strategy parameters in Chromium', () => {
  const suite = serveForSuite();

  it('names each refused parameter in the strategy editor and its shadow variants, keeping what was typed', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await draftStrategy(page, 'ema-trend', 'trend', 'BTC/USDT');

    // Out of range: beside the field, in a trader's words.
    await submitWith(editor, 'Ema Fast', '1', 'Save strategy');
    await expect.poll(() => besideField(editor, 'Ema Fast').textContent()).toBe('must be at least 2');

    // A rule over several fields: under the form, saying which rule.
    await submitWith(editor, 'Ema Fast', '100', 'Save strategy');
    await expect.poll(() => editor.getByRole('alert').allTextContents()).toEqual(['EMAs must be ordered fast < mid < slow < base']);
    expect(await editor.getByLabel('Name').inputValue()).toBe('trend');
    expect(await editor.getByLabel('Ema Fast', { exact: true }).inputValue()).toBe('100');
    expect(await editor.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').isChecked()).toBe(true);

    await submitWith(editor, 'Ema Fast', '20', 'Save strategy');
    const config = tabPanel(page).locator('tr[data-config="trend"]');
    await config.waitFor();

    // A new configuration under a taken name is refused beside the name: it would have replaced "trend".
    await page.getByRole('button', { name: 'New strategy…' }).click();
    const again = page.getByRole('form', { name: 'New strategy' });
    await again.getByLabel('Strategy').selectOption('sma-cross');
    await again.getByLabel('Name', { exact: true }).fill('trend');
    await again.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').check();
    await again.getByRole('button', { name: 'Save strategy' }).click();
    await expect
      .poll(() => again.locator('.schema-field', { has: page.getByLabel('Name', { exact: true }) }).getByRole('alert').textContent())
      .toBe('a configuration named "trend" already exists (ema-trend, v1): choose another name, or change it from its row\'s Parameters');
    expect(await config.locator('th').textContent()).toMatch(/^trend\s*v1$/);
    expect(await config.locator('td').first().textContent()).toBe('ema-trend');
    await again.getByRole('button', { name: 'Cancel' }).click();

    // A shadow variant breaking the same rule is refused the same way.
    await config.getByRole('button', { name: 'Shadows' }).click();
    const shadows = page.getByRole('region', { name: 'Shadow variants of trend' });
    await shadows.getByRole('button', { name: 'Add variant…' }).click();
    const variant = page.getByRole('form', { name: 'New variant of trend' });
    await variant.getByLabel('Ema Mid', { exact: true }).fill('10');
    await variant.getByRole('button', { name: 'Add variant', exact: true }).click();
    await expect.poll(() => shadows.getByRole('alert').allTextContents()).toEqual(['EMAs must be ordered fast < mid < slow < base']);
    expect(await variant.getByLabel('Ema Mid', { exact: true }).inputValue()).toBe('10');

    // A strictly positive parameter says so in its hint, and 0 is refused beside it.
    await page.getByRole('button', { name: 'New strategy…' }).click();
    const sma = page.getByRole('form', { name: 'New strategy' });
    await sma.getByLabel('Strategy').selectOption('sma-cross');
    await sma.getByLabel('Name').fill('cross');
    await sma.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').check();
    const stake = sma.locator('.schema-field', { has: page.getByLabel('Stake', { exact: true }) });
    expect(await stake.locator('.schema-hint').textContent()).toBe('> 0 · default 0.01 · in BTC');
    await submitWith(sma, 'Stake', '0', 'Save strategy');
    await expect.poll(() => besideField(sma, 'Stake').textContent()).toBe('must be greater than 0');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('names each refused parameter beside its field in a backtest, and the variant at fault in a comparison', async () => {
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'ema-trend');
    await form.getByLabel('Bars (1m)').fill('5000');
    await submitWith(form, 'Ema Fast', '1', 'Run backtest');
    await expect.poll(() => besideField(form, 'Ema Fast').textContent()).toBe('must be at least 2');
    await submitWith(form, 'Ema Fast', '100', 'Run backtest');
    await expect.poll(() => form.getByRole('alert').allTextContents()).toEqual(['EMAs must be ordered fast < mid < slow < base']);

    // Comparing variants: the refused value is shown beside the variant's own field, and the message names the variant.
    await form.getByLabel('Strategy').selectOption('channel');
    await form.getByRole('button', { name: 'Compare variants' }).click();
    const compare = page.getByRole('region', { name: 'Compare variants' });
    await compare.getByRole('button', { name: 'Add variant' }).click();
    await compare.getByRole('button', { name: 'Add variant' }).click();
    const second = compare.locator('details.variant').nth(1);
    await second.getByLabel('Buy Zone From Pct', { exact: true }).fill('-3');
    await compare.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect.poll(() => besideField(second, 'Buy Zone From Pct').textContent()).toBe('must be at least 0');
    await expect.poll(() => compare.locator('.form-error').textContent()).toBe('variant v2: buyZoneFromPct: must be at least 0');
    await second.getByLabel('Buy Zone From Pct', { exact: true }).fill('30');
    await compare.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect.poll(() => compare.locator('.form-error').textContent()).toBe('variant v2: buy zone must start below where it ends');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('names a bad candle file, seed or missing symbol beside its field, not again under the form', async () => {
    const imports = join(suite.app.dataDir, 'imports');
    mkdirSync(imports, { recursive: true });
    writeFileSync(join(imports, 'BTCUSDT-1m.csv'), 'time,open,high,low,close,volume\n1717200060000,1,2,0.5,1.5,10\n1717200000000,1.5,2,1,1.8,5\n');
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'sma-cross');
    await submitWith(form, 'Seed', '1.5', 'Run backtest');
    await expect.poll(() => besideField(form, 'Seed').textContent()).toBe('must be a whole number');
    expect(await form.getByRole('alert').count()).toBe(1);
    await form.getByLabel('Seed').fill('42');

    await form.getByLabel('CSV file', { exact: true }).check();
    const file = 'CSV file in the imports folder';
    await form.getByLabel(file).fill('BTCUSDT-1m.csv');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => besideField(form, file).textContent()).toMatch(/BTCUSDT-1m\.csv line 3: .* is earlier than line 2 \(rows must be in time order, once each\)$/);
    expect(await form.getByRole('alert').count()).toBe(1);
    await form.getByLabel(file).fill('missing.csv');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => besideField(form, file).textContent()).toMatch(/^no file "missing\.csv" in the imports folder /);
    expect(await form.getByLabel(file).inputValue()).toBe('missing.csv');

    await form.getByLabel('Stored candles').check();
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => besideField(form, 'Symbol').textContent()).toBe('required for stored candles');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('says a timeframe finer than the file\'s bars beside Timeframe, in a single run, a sweep and a comparison', async () => {
    const imports = join(suite.app.dataDir, 'imports');
    mkdirSync(imports, { recursive: true });
    const hour = 3_600_000;
    const rows = Array.from({ length: 200 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * hour},100,101,99,${100 + (i % 7) / 10},5`);
    writeFileSync(join(imports, 'BTCUSDT-1h.csv'), `time,open,high,low,close,volume\n${rows.join('\n')}\n`);
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'sma-cross');
    await form.getByLabel('CSV file', { exact: true }).check();
    await form.getByLabel('CSV file in the imports folder').fill('BTCUSDT-1h.csv');
    // The form's Timeframe is sma-cross's default, 1m: hourly bars cannot make 1m ones.
    const said = 'sma-cross on 1m bars needs data of 1m or finer; the data is 1h bars: set its timeframe to 1h or coarser';
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => besideField(form, 'Timeframe').textContent()).toBe(said);

    await form.getByRole('button', { name: 'Sweep', exact: true }).click();
    const sweep = page.getByRole('region', { name: 'Parameter sweep' });
    await sweep.getByLabel('fast from', { exact: true }).fill('5');
    await sweep.getByLabel('fast to', { exact: true }).fill('10');
    await sweep.getByLabel('fast step', { exact: true }).fill('5');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => sweep.getByRole('alert').allTextContents()).toEqual([expect.stringContaining(said)]);

    // On 1h the champion runs; a variant left on 1m is named beside its own Timeframe.
    await form.getByLabel('Timeframe', { exact: true }).selectOption('1h');
    await form.getByRole('button', { name: 'Compare variants' }).click();
    const compare = page.getByRole('region', { name: 'Compare variants' });
    await compare.getByRole('button', { name: 'Add variant' }).click();
    const variant = compare.locator('details.variant').first();
    await variant.getByLabel('Timeframe', { exact: true }).selectOption('1m');
    await compare.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect.poll(() => besideField(variant, 'Timeframe').textContent()).toBe(said);
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});

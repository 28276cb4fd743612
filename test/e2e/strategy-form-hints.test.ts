import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { newStrategyEditor } from './workspace-page.js';

/**
 * The hints under a strategy's parameters read cleanly: a field with only a default says "default 1m"
 * (no stray leading dot), and a quantity in the traded coin says which coin — per symbol when the
 * configuration trades several.
 */
const suite = serveForSuite();

/** The hint under the field labelled `label`. */
const hint = (page: Page, form: Locator, label: string) => form.locator('.schema-field', { has: page.getByLabel(label, { exact: true }) }).locator('.schema-hint').textContent();

describe('parameter hints in the New strategy form (Chromium)', () => {
  it('reads "default 1m" for Timeframe and names the coin Stake is counted in', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await newStrategyEditor(page, 'sma-cross');
    expect(await hint(page, editor, 'Timeframe')).toBe('default 1m');
    expect(await hint(page, editor, 'Stake')).toBe('> 0 · default 0.01 · in the symbol’s base coin');
    const symbols = editor.getByRole('group', { name: 'Symbols' });
    await symbols.getByLabel('BTC/USDT').check();
    await expect.poll(() => hint(page, editor, 'Stake')).toBe('> 0 · default 0.01 · in BTC');
    await symbols.getByLabel('ETH/USDT').check();
    await expect.poll(() => hint(page, editor, 'Stake')).toBe('> 0 · default 0.01 · in each symbol’s base coin, per symbol (BTC, ETH)');
    expect(pageProblems(page)).toEqual([]);
  });
});

import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { tab, tabPanel } from './workspace-page.js';

/**
 * The source of a trader's strategy file with one parameter (`size`, default 1, labelled "Size"), for a
 * test to write into the data dir's strategies folder; `onCandle` is the body of its onCandle.
 */
export function strategyFileSource(name: string, description: string, onCandle: string): string {
  return `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: '${name}',
  description: '${description}',
  params: z.object({ size: z.number().positive().default(1).describe('Size') }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: () => ({ onCandle: ${onCandle}, readiness: () => 0 }),
};
`;
}

/**
 * In the Strategies tab: picks the file `strategy` with Run live…, names the configuration, ticks `symbols`
 * (default BTC/USDT) and Enabled and saves it; the configuration's state cell in its row.
 */
export async function saveFileConfiguration(page: Page, strategy: string, name: string, symbols: readonly string[] = ['BTC/USDT']): Promise<Locator> {
  await tab(page, 'Strategies').click();
  await page.locator(`[data-strategy="${strategy}"]`).getByRole('button', { name: 'Run live…' }).click();
  const editor = page.getByRole('form', { name: 'New strategy' });
  await expect.poll(() => editor.getByLabel('Size', { exact: true }).inputValue()).toBe('1');
  await editor.getByLabel('Name').fill(name);
  for (const symbol of symbols) await editor.getByRole('group', { name: 'Symbols' }).getByLabel(symbol).check();
  await editor.getByLabel(/^Enabled/).check();
  await editor.getByRole('button', { name: 'Save strategy' }).click();
  return tabPanel(page).locator(`tr[data-config="${name}"]`).getByTestId('config-state');
}

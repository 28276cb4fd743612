import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { newStrategyEditor, tabPanel } from './workspace-page.js';

/**
 * Shadows say since when they count: the clock time while that is today on the market's clock, the date
 * with it once the market has moved to another day ("counting since 21:04:00 UTC" read as tonight's).
 * At 1,440 market minutes a real minute, the simulated market passes a UTC midnight within a minute.
 */
describe('the shadows’ start across a market day in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '1440', '--history-minutes', '300'] });

  it('says the date of a start that is not today on the market clock', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await newStrategyEditor(page, 'sma-cross');
    await editor.getByLabel('Name').fill('overnight');
    await editor.getByRole('group', { name: 'Symbols' }).getByLabel('BTC/USDT').check();
    await editor.getByLabel('Fast', { exact: true }).fill('5');
    await editor.getByLabel('Slow', { exact: true }).fill('20');
    await editor.getByLabel('Stake', { exact: true }).fill('0.01');
    await editor.getByLabel(/^Enabled/).check();
    await editor.getByRole('button', { name: 'Save strategy' }).click();
    const config = tabPanel(page).locator('tr[data-config="overnight"]');
    await expect.poll(() => config.locator('td').nth(2).textContent(), { timeout: 60_000 }).toBe('running');
    await config.getByRole('button', { name: 'Shadows' }).click();
    const shadows = page.getByRole('region', { name: 'Shadow variants of overnight' });
    const since = async () => /counting since ([^·]+?) ·|counting since ([^·]+?)\.$/.exec((await shadows.locator('p.muted').first().textContent()) ?? '');
    const startedAt = async () => {
      const match = await since();
      return match ? (match[1] ?? match[2] ?? null) : null;
    };
    // A start on the market's day is its clock time alone.
    await expect.poll(startedAt, { timeout: 30_000 }).toMatch(/^(\d\d:\d\d:\d\d UTC|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)$/);
    // Once the market is on another day, the same start is said with its date.
    await expect.poll(startedAt, { timeout: 120_000, intervals: [1_000] }).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

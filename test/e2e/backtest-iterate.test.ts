import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite, type SuiteApp } from './harness.js';
import { backtestForm, openSweep, setSweepRange } from './workspace-page.js';

/** The text of the focused control; "(nothing)" when the focus fell back to the page. */
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement === null || document.activeElement === document.body ? '(nothing)' : document.activeElement.textContent));

/** The hint a field names as its description. */
async function hintOf(field: Locator): Promise<string | null> {
  const id = await field.getAttribute('aria-describedby');
  return id === null ? null : field.page().locator(`[id="${id}"]`).textContent();
}

/** A win rate as a single run, Compare variants and a sweep all show it: one decimal. */
const WIN_RATE = /^\d{1,3}\.\d%$/;
/** Exposure as a single run and a sweep show it: two decimals, like the run's other percentages (return, drawdown). */
const EXPOSURE = /^\d{1,3}\.\d{2}%$/;

/** A page on the Backtests tab with sma-cross on 3,000 simulated bars: runs in a second or two. */
async function shortBacktest(suite: SuiteApp): Promise<{ page: Page; form: Locator }> {
  const page = await openApp(suite.browser, suite.app);
  const form = await backtestForm(page, 'sma-cross');
  await form.getByLabel('Bars (1m)').fill('3000');
  return { page, form };
}

/**
 * The Backtests tab as a trader iterates: figures never pass for settings they were not run with, variants
 * keep their own, and the keyboard stays on the form from run to run.
 */
describe('backtest results and variants as the settings change, in Chromium', () => {
  const suite = serveForSuite();

  it('marks a result the form no longer matches, and clears the mark when the form matches it again', async () => {
    const { page, form } = await shortBacktest(suite);
    await form.getByRole('button', { name: 'Run backtest' }).click();
    const result = page.getByRole('region', { name: 'Backtest result' });
    await result.waitFor({ timeout: 60_000 });
    const stale = result.getByTestId('bt-stale');
    expect(await stale.count()).toBe(0);
    // Net profit counts closed trades; Final value also marks an open position: the label says which.
    expect(await result.getByTestId('bt-net-profit').evaluate((value) => value.previousElementSibling?.textContent)).toBe('Net profit (closed)');
    expect(await result.getByTestId('bt-win-rate').textContent()).toMatch(WIN_RATE);
    expect(await result.getByTestId('bt-exposure').textContent()).toMatch(EXPOSURE);

    await form.getByLabel('Fee (rate)').fill('0.002');
    await expect.poll(() => stale.textContent()).toMatch(/settings changed since this run/i);
    await form.getByLabel('Fee (rate)').fill('0.001');
    await expect.poll(() => stale.count()).toBe(0);

    await form.getByLabel('Fast').fill('10');
    await expect.poll(() => stale.count()).toBe(1);
    const before = await result.locator('header').textContent();
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => result.locator('header').textContent(), { timeout: 60_000 }).not.toBe(before);
    await expect.poll(() => stale.count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('gives a variant added after a removal a name of its own, so each keeps its parameters and Compare runs them all', async () => {
    const { page, form } = await shortBacktest(suite);
    await form.getByRole('button', { name: 'Compare variants' }).click();
    const compare = page.getByRole('region', { name: 'Compare variants' });
    await compare.getByRole('button', { name: 'Add variant' }).click();
    await compare.getByRole('button', { name: 'Add variant' }).click();
    await compare.getByRole('button', { name: 'Remove variant v1' }).click();
    await compare.getByRole('button', { name: 'Add variant' }).click();
    const removeButtons = compare.getByRole('button', { name: /^Remove variant / });
    await expect.poll(() => removeButtons.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))).toEqual(['Remove variant v2', 'Remove variant v3']);

    const variants = compare.locator('details.variant');
    await variants.last().getByLabel('Fast').fill('10');
    await variants.first().locator('summary').click();
    await expect.poll(() => variants.first().getByLabel('Fast').inputValue()).toBe('20');

    // From the keyboard: the focus stays on Compare while it runs and after.
    await compare.getByRole('button', { name: 'Compare', exact: true }).focus();
    await page.keyboard.press('Enter');
    const table = compare.getByRole('table', { name: 'Variant comparison' });
    await table.waitFor({ timeout: 60_000 });
    await expect.poll(() => focusedText(page)).toBe('Compare');
    expect(await table.locator('tr[data-variant]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-variant'), r.querySelector('th')?.textContent]))).toEqual([
      ['champion', 'champion'],
      ['v2', 'v2'],
      ['v3', 'v3'],
    ]);
    expect(await compare.getByRole('alert').count()).toBe(0);
    const winRates = await table.locator('tr[data-variant]').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent));
    expect(winRates).toEqual([expect.stringMatching(WIN_RATE), expect.stringMatching(WIN_RATE), expect.stringMatching(WIN_RATE)]);

    // A variant edited after the comparison: the table is of its earlier parameters.
    await variants.last().getByLabel('Fast').fill('12');
    await expect.poll(() => compare.getByTestId('bt-stale').textContent()).toMatch(/settings changed since this run/i);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('keeps the keyboard on the form: Enter on Run backtest, Enter on Cancel while it runs, then Run backtest has the focus again', async () => {
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'ema-trend');
    const focused = () => focusedText(page);
    // Long enough to be cancelled by hand (a few seconds at the least).
    await form.getByLabel('Bars (1m)').fill('1000000');
    await form.getByRole('button', { name: 'Run backtest' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Cancel');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: 60_000 }).toMatch(/cancel/i);
    await expect.poll(focused).toBe('Run backtest');

    await form.getByLabel('Bars (1m)').fill('3000');
    await form.getByRole('button', { name: 'Run backtest' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Backtest result' }).waitFor({ timeout: 60_000 });
    await expect.poll(focused).toBe('Run backtest');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('says what a rate typed means, and how to write a number it could not read', async () => {
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'sma-cross');
    const fee = form.getByLabel('Fee (rate)');
    await expect.poll(() => hintOf(fee)).toBe('= 0.1 % of each fill');
    // 0.1 typed for "0.1 %" is a 10 % fee on every fill: the hint says so before anything runs.
    await fee.fill('0.1');
    await expect.poll(() => hintOf(fee)).toBe('= 10 % of each fill');
    await form.getByLabel('Slippage').fill('0.0007');
    await expect.poll(() => hintOf(form.getByLabel('Slippage'))).toBe('= 0.07 % on market fills');

    await form.getByLabel('Cash').fill('10,000');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => form.getByRole('alert').allTextContents()).toEqual(['write it without separators, like 10000']);
    await form.getByLabel('Cash').fill('10000');
    await form.getByLabel('Seed').fill('forty-two');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => form.getByRole('alert').allTextContents()).toEqual(['must be a plain number like 42']);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('marks a sweep result its ranges or settings no longer match, but not for a change of workers', async () => {
    const page = await openApp(suite.browser, suite.app);
    const { form, sweep } = await openSweep(page, '3000');
    await setSweepRange(sweep, 'fast', '10', '20', '10');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await sweep.getByRole('region', { name: 'Sweep result' }).waitFor({ timeout: 60_000 });
    const stale = sweep.getByTestId('bt-stale');
    expect(await stale.count()).toBe(0);
    const winRates = await sweep.locator('tr[data-sweep-row] td[data-metric="winRate"]').allTextContents();
    expect(winRates.length).toBe(2);
    expect(winRates.every((text) => WIN_RATE.test(text))).toBe(true);
    const exposures = await sweep.locator('tr[data-sweep-row] td[data-metric="exposure"]').allTextContents();
    expect(exposures.length).toBe(2);
    expect(exposures.every((text) => EXPOSURE.test(text)), exposures.join(', ')).toBe(true);

    await sweep.getByLabel('Workers').fill('1');
    expect(await stale.count()).toBe(0);
    await sweep.getByLabel('fast to', { exact: true }).fill('30');
    await expect.poll(() => stale.textContent()).toMatch(/settings changed since this run/i);
    await sweep.getByLabel('fast to', { exact: true }).fill('20');
    await expect.poll(() => stale.count()).toBe(0);
    await form.getByLabel('Cash').fill('20000');
    await expect.poll(() => stale.count()).toBe(1);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

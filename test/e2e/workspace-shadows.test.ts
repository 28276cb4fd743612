import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { draftStrategy, runWithShadows } from './workspace-page.js';

describe('live shadow variants in the Strategies tab in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('adds a variant to a running configuration, compares it with the champion, and promotes it after a confirmation', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await draftStrategy(page, 'sma-cross', 'shadowed', 'BTC/USDT', { Fast: '5', Slow: '20', Stake: '0.01' });
    const { config, shadows } = await runWithShadows(page, editor, 'shadowed');
    const comparison = shadows.getByRole('table', { name: 'Shadow comparison of shadowed' });
    await comparison.locator('tr[data-variant="champion"]').waitFor();

    await shadows.getByRole('button', { name: 'Add variant…' }).click();
    const form = page.getByRole('form', { name: 'New variant of shadowed' });
    await form.getByLabel('Variant name').fill('quick');
    // The form starts from the champion's parameters; a bad value is named beside its field by the core.
    await expect.poll(() => form.getByLabel('Fast', { exact: true }).inputValue()).toBe('5');
    await form.getByLabel('Fast', { exact: true }).fill('30');
    await form.getByRole('button', { name: 'Add variant', exact: true }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toMatch(/fast must be shorter than slow/);
    await form.getByLabel('Fast', { exact: true }).fill('3');
    await form.getByLabel('Slow', { exact: true }).fill('8');
    await form.getByRole('button', { name: 'Add variant', exact: true }).click();
    await form.waitFor({ state: 'detached' });

    // The variant is compared with the champion on the same bars: the parameters it changes and its own figures, numbers right-aligned.
    const quick = comparison.locator('tr[data-variant="quick"]');
    await expect.poll(() => quick.getByTestId('variant-changes').textContent()).toBe('fast 3 · slow 8');
    await expect.poll(() => quick.locator('td.num').count()).toBe(6);
    expect(await quick.locator('td.num').first().textContent()).toMatch(/^\d+$/);
    expect(await comparison.locator('tr[data-variant="champion"] th').textContent()).toMatch(/champion.*current v1/);

    // Opening a row lists that lane's own trades: a fast 3/8 cross on 1m bars enters and exits within a few
    // simulated minutes, so closed trades appear, each with its exit reason and a signed, right-aligned P&L.
    const toggle = quick.getByRole('button', { name: 'Trades of quick' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const trades = comparison.getByRole('table', { name: 'Trades of quick' });
    const trade = trades.locator('tr[data-shadow-trade]').first();
    await trade.waitFor({ timeout: 60_000 });
    expect(await trade.getByTestId('exit-reason').textContent()).toMatch(/^(signal|stop loss|take profit|trailing stop|time exit)$/);
    expect(await trade.locator('td.num').last().textContent()).toMatch(/^(▲ \+|▼ −|• )\d/);
    // Every trade the comparison counts is listed (well under the 200 a row carries).
    await expect.poll(async () => (await trades.locator('tr[data-shadow-trade]').count()) === Number(await quick.locator('td.num').first().textContent())).toBe(true);
    await toggle.click();
    await expect.poll(() => trades.count()).toBe(0);
    // The champion's row opens the same way; with no closed trade yet it says since when it has been counting.
    const championRow = comparison.locator('tr[data-variant="champion"]');
    await championRow.getByRole('button', { name: 'Trades of champion' }).click();
    const championTrades = comparison.locator('tr[data-trades-of="champion"]');
    await expect
      .poll(async () => {
        const counted = Number(await championRow.locator('td.num').first().textContent());
        if (counted > 0) return (await championTrades.getByRole('table', { name: 'Trades of champion' }).locator('tr[data-shadow-trade]').count()) === counted;
        return /^No trades yet since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/.test((await championTrades.getByTestId('shadow-trades-empty').textContent({ timeout: 1_000 }).catch(() => '')) ?? '');
      })
      .toBe(true);

    // Promote asks first; confirming saves the variant's parameters as the configuration's next version.
    await quick.getByRole('button', { name: 'Promote quick' }).click();
    const confirm = quick.getByRole('group', { name: 'Confirm promoting quick' });
    await expect.poll(() => confirm.textContent()).toMatch(/Save as shadowed v2\?/);
    await confirm.getByRole('button', { name: 'Confirm promote' }).click();
    await expect.poll(() => shadows.getByRole('status').textContent()).toMatch(/shadowed now trades the parameters of quick; the previous ones are kept as variant champion-v1/);
    await expect.poll(() => config.locator('th').textContent()).toMatch(/shadowed\s*v2/);
    // The old champion stays on as a variant, compared against the new one; the promoted variant left the list.
    const kept = comparison.locator('tr[data-variant="champion-v1"]');
    await expect.poll(() => kept.getByTestId('variant-changes').textContent()).toBe('fast 5 · slow 20');
    await expect.poll(() => comparison.locator('tr[data-variant="quick"]').count()).toBe(0);
    await expect.poll(() => comparison.locator('tr[data-variant="champion"] th').textContent()).toMatch(/current v2/);
    await expect.poll(() => kept.locator('td.num').count(), { timeout: 60_000 }).toBe(6);

    // The Parameters editor shows what the configuration now trades.
    await config.getByRole('button', { name: 'Parameters' }).click();
    const edit = page.getByRole('form', { name: 'Edit shadowed' });
    await expect.poll(() => edit.getByLabel('Fast', { exact: true }).inputValue()).toBe('3');
    await expect.poll(() => edit.getByLabel('Slow', { exact: true }).inputValue()).toBe('8');
    expect(pageProblems(page)).toEqual([]);
  }, 180_000);
});

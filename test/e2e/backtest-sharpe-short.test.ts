import { describe, expect, it } from 'vitest';
import { openApp, serveForSuite } from './harness.js';
import { backtestForm } from './workspace-page.js';

/**
 * The Backtests tab shows no annualised Sharpe for a run of a day or two (√365 × two days' returns can read
 * 40): "—" and why; a run of a month or more shows its figure as before.
 */
describe('Sharpe of a short backtest in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '60'] });

  it('reads "—" with the reason on 2,000 bars, and a figure on 50,000 (35 days)', async () => {
    const page = await openApp(suite.browser, suite.app);
    const form = await backtestForm(page, 'sma-cross');
    const result = page.getByRole('region', { name: 'Backtest result' });
    const sharpeAfter = async (bars: string) => {
      await form.getByLabel('Bars (1m)').fill(bars);
      await form.getByRole('button', { name: 'Run backtest' }).click();
      await expect.poll(() => result.getByText(`${Number(bars).toLocaleString('en-US')} bars ·`).count(), { timeout: 90_000 }).toBe(1);
      return result.getByTestId('bt-sharpe').textContent();
    };
    expect(await sharpeAfter('2000')).toMatch(/^— \(not annualised from [1-3] daily returns?: needs 30 \(a month of days\)\)$/);
    expect(await sharpeAfter('50000')).toMatch(/^−?\d+\.\d{2}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { roundTrip, shownNumber, tab, tabPanel } from './workspace-page.js';

describe('the P&L tab in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '120'] });

  it('says what to do before the first trade, then shows the round trip as realized P&L with its fees', async () => {
    const page = await openApp(suite.browser, suite.app);
    await tab(page, 'P&L').click();
    await expect.poll(() => tabPanel(page).getByText('No trades yet — place an order from the ticket or enable a strategy').count()).toBe(1);

    await roundTrip(page, 'BTC', '0.02');

    await tab(page, 'P&L').click();
    const periods = tabPanel(page).getByRole('table', { name: 'P&L by period' });
    const all = periods.locator('tr[data-period="all"]');
    await expect.poll(() => all.getByTestId('pnl-exits').textContent(), { timeout: 20_000 }).toBe('1');
    const realized = await all.getByTestId('pnl-realized').textContent();
    expect(realized).toMatch(/^[▲▼•] [+−]?\d/);
    const fees = shownNumber(await all.getByTestId('pnl-fees').textContent());
    expect(fees).toBeGreaterThan(0); // a buy and a sell, each paying the taker fee
    await expect.poll(() => all.getByTestId('pnl-unrealized').textContent()).toBe('• 0.00');
    // Flat again: realized is after both fees, so net is realized (nothing open pays an entry fee).
    expect(await all.getByTestId('pnl-net').textContent()).toBe(realized);
    await expect.poll(() => all.getByTestId('pnl-return').textContent()).toMatch(/^[▲▼•] [+−-]?\d+\.\d{2}%$/);

    const byStrategy = tabPanel(page).getByRole('table', { name: 'P&L by strategy' });
    await expect.poll(() => byStrategy.locator('tr[data-row="manual"]').getByTestId('pnl-realized').textContent()).toBe(realized);
    const bySymbol = tabPanel(page).getByRole('table', { name: 'P&L by symbol' });
    await expect.poll(() => bySymbol.locator('tr[data-row="BTC/USDT"]').getByTestId('pnl-exits').textContent()).toBe('1');
    await tabPanel(page).getByTestId('pnl-equity-chart').locator('canvas').first().waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

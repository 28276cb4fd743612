import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { serveFlatMarket } from './flat-market.js';
import { buyAtMarket, buyLimit, stopLimit, tab, tabPanel, ticket } from './workspace-page.js';

/**
 * BTC/USDT at exactly 60,400 for far longer than the file runs (the 100 % the ticket sizes and the price the paper
 * account reserves at are the same; nothing rests near the market, nothing triggers). A market buy fills at
 * 60,400 × (1 + 0.15 % slippage), to the tick.
 */
const PRICE = 60_400;

/**
 * The paper ticket's refusals as a trader meets them: each problem said once, beside its field; a bad
 * modify leaves the working order as it was; 100 % of the balance at market is an order the paper
 * account takes; after an emergency stop the position row says where its stop is held, truthfully.
 */
describe('what the paper ticket refuses, and what it leaves in place (Chromium)', () => {
  const suite = serveFlatMarket(PRICE, 'halyard-refusals-');
  let page: Page;
  const openOrder = (side: 'buy' | 'sell') => tabPanel(page).locator('tr[data-symbol="BTC/USDT"]').filter({ hasText: side === 'buy' ? 'Buy' : 'Sell' });

  beforeAll(async () => {
    page = await openApp(suite.browser, suite.app);
    await page.getByTestId('ticker-last').filter({ hasText: /\d/ }).waitFor();
  });


  it('says a refused sell once, beside Amount, and keeps what was typed', async () => {
    const form = ticket(page);
    await form.getByRole('button', { name: 'Sell' }).click();
    await form.getByRole('radio', { name: 'Market' }).check();
    await form.getByLabel('Amount').fill('0.05');
    await form.getByRole('button', { name: 'Sell BTC' }).click();
    await expect.poll(() => form.locator('#ticket-amount-error').textContent()).toBe('you can sell at most 0 BTC on paper: the account holds 0');
    expect(await form.getByTestId('ticket-error').count()).toBe(0);
    expect(await form.getByRole('alert').allTextContents()).toEqual(['you can sell at most 0 BTC on paper: the account holds 0']);
    expect(await form.getByLabel('Amount').inputValue()).toBe('0.05');
    await form.getByRole('button', { name: 'Buy' }).click();
  });

  it('leaves a working order as it was when its modify is refused', async () => {
    const form = await buyLimit(page, 'BTC', '40000', '0.01');
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.01 BTC\/USDT limit @ 40,000 — open/);
    await tab(page, 'Open Orders').click();
    await expect.poll(() => openOrder('buy').count()).toBe(1);
    const id = await openOrder('buy').getAttribute('data-order');

    await openOrder('buy').getByRole('button', { name: 'Modify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Modify buy BTC/USDT order' });
    await dialog.getByLabel('Price').fill('0');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('BTC/USDT: price 0 USDT must be a positive number — the order was not changed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Still working under its own id, at its own price: nothing was cancelled for a replacement that could not be.
    expect(await openOrder('buy').getAttribute('data-order')).toBe(id);
    expect(await openOrder('buy').textContent()).toContain('40,000');
    expect(await tab(page, 'Open Orders').textContent()).toMatch(/1$/);

    // 10 BTC for 0.01: over the max order notional — the risk gate says so before anything is cancelled.
    await openOrder('buy').getByRole('button', { name: 'Modify' }).click();
    await dialog.getByLabel('Amount').fill('10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.locator('#modify-amount-error').textContent()).toMatch(/^max order notional: BTC\/USDT order of 400000 USDT .* — the order was not changed$/);
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('10');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await openOrder('buy').getAttribute('data-order')).toBe(id);
    expect(await tab(page, 'Open Orders').textContent()).toMatch(/1$/);

    // Saved with nothing changed (a price that rounds to its own at the 0.01 tick): no cancel/replace to the back of the queue.
    await openOrder('buy').getByRole('button', { name: 'Modify' }).click();
    await dialog.getByLabel('Price').fill('40000.001');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.locator('#modify-price-error').textContent()).toBe('nothing to change: the order is already 0.01 BTC at price 40000 — it was left as it was');
    expect(await dialog.getByLabel('Price').inputValue()).toBe('40000.001');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await openOrder('buy').getAttribute('data-order')).toBe(id);
  });

  it('keeps a working stop-limit when its modify would move the stop to where the market already is, saying so beside Stop price', async () => {
    const form = await stopLimit(page, 'Buy', 'BTC', { stop: '65000', price: '65500', amount: '0.001' });
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/^BUY 0\.001 BTC\/USDT stop.* — open$/);
    await tab(page, 'Open Orders').click();
    const stopRow = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]').filter({ hasText: '65,500' });
    await expect.poll(() => stopRow.count()).toBe(1);
    const id = await stopRow.getAttribute('data-order');

    await stopRow.getByRole('button', { name: 'Modify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Modify buy BTC/USDT order' });
    expect(await dialog.getByLabel('Stop price').inputValue()).toBe('65000');
    // A buy stop at or below the last price (60,400) would trigger at once: the venue would refuse it after the cancel.
    await dialog.getByLabel('Stop price').fill('60000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refusal = 'BTC/USDT: Order would trigger immediately: the stop price 60000 is at or below the last price 60400 — a buy stop must be above the market — the order was not changed';
    await expect.poll(() => dialog.locator('#modify-stop-error').textContent()).toBe(refusal);
    expect(await dialog.getByRole('alert').allTextContents()).toEqual([refusal]);
    expect(await dialog.getByLabel('Stop price').inputValue()).toBe('60000');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Still working under its own id: the trader keeps their stop.
    expect(await stopRow.getAttribute('data-order')).toBe(id);
    expect(await tab(page, 'Open Orders').textContent()).toMatch(/2$/);

    // A stop still above the market moves as asked; then it is cancelled so the rest of the file sees one buy.
    await stopRow.getByRole('button', { name: 'Modify' }).click();
    await dialog.getByLabel('Stop price').fill('64000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('modify-notice').textContent()).toMatch(/^BTC\/USDT buy order modified: /);
    expect(await stopRow.getAttribute('data-order')).not.toBe(id);
    await stopRow.getByRole('button', { name: 'Cancel buy BTC/USDT order' }).click();
    await expect.poll(() => stopRow.count()).toBe(0);
  });

  it('buys 100 % of the free balance at market, as the paper account sets it aside', async () => {
    await tab(page, 'Risk').click();
    const limits = page.getByRole('region', { name: 'Risk limits' });
    await expect.poll(() => limits.getByLabel('Max order notional', { exact: true }).inputValue()).not.toBe('');
    await limits.getByLabel('Max order notional', { exact: true }).fill('100000');
    await limits.getByLabel('Max exposure per symbol (%)', { exact: true }).fill('100');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(() => limits.getByTestId('risk-limits-saved').textContent()).toMatch(/Limits saved/);

    const form = ticket(page);
    await form.getByRole('radio', { name: 'Market' }).check();
    await form.getByRole('button', { name: '100%', exact: true }).click();
    const amount = await form.getByLabel('Amount').inputValue();
    expect(amount).toMatch(/^0\.\d{6}$/);
    // A bracket far from the flat market: the position keeps its stop for the rest of the file.
    await form.getByRole('button', { name: '+ Take profit / stop loss' }).click();
    await form.getByLabel('Take profit').fill(String(PRICE * 2));
    await form.getByLabel('Stop loss').fill(String(PRICE / 2));
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    // Whatever the ticket answers (a refusal beside a field or under the form, or the order): the filled order alone.
    const answers = () => form.locator('[data-testid="ticket-result"], [data-testid="ticket-error"], .field-error').allTextContents();
    await expect.poll(answers).toEqual([`BUY ${Number(amount)} BTC/USDT market — filled`]);
    // All of it is spent but change: the free USDT left is under a dollar (the resting buy keeps its 400.40).
    await expect.poll(() => form.getByTestId('balance-USDT').textContent()).toMatch(/^0\.\d{2} \(400\.40 in orders\)$/);
  });

  it('refuses Close while a sell holds part of the position, saying so plainly; after the emergency stop, the stop is held by Halyard for the paper account — not an exit on its way, and the report counts in words', async () => {
    const form = ticket(page);
    await form.getByRole('button', { name: 'Sell' }).click();
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    await form.getByLabel('Price', { exact: true }).fill(String(PRICE + 5_000));
    await form.getByLabel('Amount').fill('0.05');
    await form.getByRole('button', { name: 'Sell BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/SELL 0\.05 BTC\/USDT limit @ 65,400 — open/);
    // Close from the row while that sell holds part of it: refused, in the core's own words (no "amount:" — there is no such field here).
    await tab(page, 'Positions').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await row.getByRole('button', { name: 'Close BTC/USDT' }).click();
    await expect.poll(() => tabPanel(page).getByRole('alert').textContent()).toMatch(/^Close BTC\/USDT refused: you can sell at most 0\.\d+ BTC on paper: the account holds 0\.\d+ \(0\.05 reserved by working orders\)$/);

    await page.getByRole('button', { name: 'Emergency Stop' }).click();
    await page.getByTestId('halted-banner').waitFor();
    await tab(page, 'Open Orders').click();
    await expect.poll(() => tabPanel(page).textContent()).toContain('No open orders');
    await tab(page, 'Positions').click();
    await expect.poll(() => row.getByTestId('exit-note').textContent()).toBe(' — exits paused (HALTED)');
    await expect.poll(() => row.getByTestId('protection').textContent()).toBe(' · stop held by Halyard only: the paper account');
    // The stop's report counts in words: the resting buy and the sell it cancelled.
    await tab(page, 'Risk').click();
    const report = page.getByRole('region', { name: 'Emergency stop report' });
    await expect.poll(() => report.textContent()).toContain('. 2 orders handled, 0 still open');
    expect(pageProblems(page)).toEqual([]);
  });
});

/** The simulated market in real time: fills of one minute's bars carry that minute's time. */
describe('my fills of one minute, after a reload (Chromium)', () => {
  const suite = serveForSuite();

  it('lists a sell that closed a buy of the same minute above it, as it happened', async () => {
    const page = await openApp(suite.browser, suite.app);
    // Buy and close within one minute of the market's clock (real time here): start in its first 40 seconds.
    await expect.poll(() => new Date().getUTCSeconds(), { timeout: 30_000 }).toBeLessThanOrEqual(40);
    await buyAtMarket(page, 'BTC', '0.01');
    await expect.poll(() => ticket(page).getByTestId('ticket-result').textContent()).toMatch(/— filled$/);
    await tab(page, 'Positions').click();
    const position = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await position.getByRole('button', { name: 'Close BTC/USDT' }).click();
    await position.waitFor({ state: 'detached' });

    const fills = async () => {
      await page.getByRole('group', { name: 'Market view' }).getByRole('button', { name: 'My fills' }).click();
      const rows = page.getByRole('table', { name: 'Recent fills' }).getByRole('row');
      await expect.poll(() => rows.count()).toBe(2);
      return (await rows.allInnerTexts()).map((row) => row.split('\t').slice(0, 3).join(' '));
    };
    const live = await fills();
    expect(live[0]).toMatch(/^\d\d:\d\d BTC ▼ S$/);
    expect(live[1]).toBe(live[0]!.replace('▼ S', '▲ B')); // the same minute
    await page.reload();
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    expect(await fills()).toEqual(live);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

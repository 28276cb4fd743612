import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { fromUnits } from '../stubs/binance-book.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { addStubAccount, armAccount } from './live-account-page.js';
import { tab, tabPanel, ticket } from './workspace-page.js';

/**
 * Issue 12, item 8, end to end in Chromium: a trader saves risk limits in the Risk tab, adds and arms
 * an account against the loopback Binance stub in Settings, picks it in the ticket's Account selector,
 * sees the ticket turn LIVE, places a limit buy (confirming the first live order), sees it at the
 * venue and in Open Orders, and cancels it there. The stub account holds 1 BTC and 10,000 USDT, so
 * a BTC buy is over the default 20 % per-symbol cap until the trader raises it in the form.
 */
const LABEL = 'e2e';
const VENUE = `binance:${LABEL}`;
const suite = serveForSuite();
let stub: BinanceStub;

beforeAll(async () => {
  stub = await startBinanceStub();
});
afterAll(async () => {
  await stub?.close();
  await new Keychain(suite.app.keychainService, { timeoutMs: 20_000 }).remove(VENUE);
});

const screens = (page: Page, name: 'Trade' | 'Settings') => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

async function saveLimits(page: Page, values: Record<string, string>): Promise<void> {
  await screens(page, 'Trade');
  await tab(page, 'Risk').click();
  const form = page.getByRole('region', { name: 'Risk limits' });
  await expect.poll(() => form.getByLabel('Max order notional', { exact: true }).inputValue()).not.toBe('');
  for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect.poll(() => form.getByTestId('risk-limits-saved').textContent()).toMatch(/Limits saved/);
}

async function addAndArm(page: Page): Promise<void> {
  const row = await addStubAccount(page, stub, LABEL);
  await armAccount(row, LABEL);
  await expect.poll(() => row.textContent()).toContain('LIVE');
}

/** Fills a limit buy and presses the ticket's (LIVE) button; returns the confirmation dialog. */
async function submitLiveBuy(page: Page, form: Locator, price: string, amount: string): Promise<Locator> {
  await form.getByRole('radio', { name: 'Limit', exact: true }).check();
  await form.getByLabel('Price', { exact: true }).fill(price);
  await form.getByLabel('Amount', { exact: true }).fill(amount);
  await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Confirm live order' });
  await dialog.waitFor();
  return dialog;
}

describe('live trading from the UI (Chromium, loopback Binance stub)', () => {
  it('saves limits, arms an account, places a confirmed LIVE limit order from the ticket, sees it at the venue and cancels it', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).waitFor();
    const form = ticket(page);
    const selector = form.getByRole('combobox', { name: 'Account' });
    expect(await selector.locator('option').allTextContents()).toEqual(['Paper']);
    await expect.poll(() => form.getByTestId('account-note').textContent()).toMatch(/Orders go to Paper/);

    // Arming needs saved limits; the defaults (20 % per symbol) are saved first.
    await saveLimits(page, {});
    await addAndArm(page);

    await screens(page, 'Trade');
    await expect.poll(() => selector.locator('option').allTextContents()).toEqual(['Paper', VENUE]);
    expect(await form.getByTestId('ticket-live-badge').count()).toBe(0);
    await selector.selectOption(VENUE);
    await expect.poll(() => form.getByTestId('ticket-live-badge').textContent()).toBe('LIVE');
    await expect.poll(() => form.getByTestId('account-note').textContent()).toBe(`LIVE on ${VENUE} — orders use real money.`);
    await expect.poll(() => form.getByRole('button', { name: 'Sell BTC — LIVE' }).or(form.getByRole('button', { name: 'Buy BTC — LIVE' })).count()).toBe(1);
    // The balances are the venue's: 10,000 USDT and 1 BTC on the stub account.
    await expect.poll(() => form.getByTestId('balance-USDT').textContent()).toMatch(/^10,000\.00/);
    await expect.poll(() => form.getByTestId('balance-BTC').textContent()).toMatch(/^1(\.0+)?\b/);

    // 1 BTC held at 40,000 is 80 % of the account: a buy is refused under the saved 20 % cap, and nothing reaches the venue.
    let dialog = await submitLiveBuy(page, form, '40000', '0.0002');
    expect(await dialog.getByTestId('confirm-account').textContent()).toBe(VENUE);
    await expect.poll(() => dialog.textContent()).toMatch(/Buy 0\.0002 BTC\/USDT at 40000 USDT \(limit\) on binance:e2e/);
    // Focus starts on Cancel; Escape backs out and nothing is sent.
    expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent')).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    dialog = await submitLiveBuy(page, form, '40000', '0.0002');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => form.getByTestId('ticket-error').textContent()).toMatch(/exposure per symbol/i);
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(0);

    // Raised in the Risk tab, applied at once: the same order now goes to the venue (the refused one was not the confirmed first order).
    await saveLimits(page, { 'Max exposure per symbol (%)': '100' });
    await screens(page, 'Trade');
    dialog = await submitLiveBuy(page, form, '40000', '0.0002');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.0002 BTC\/USDT limit @ 40,000\.00 on binance:e2e — open/);
    const posted = stub.requestsTo('POST', '/api/v3/order');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.params).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT' });
    expect([Number(posted[0]!.params.quantity), Number(posted[0]!.params.price)]).toEqual([0.0002, 40000]);
    const clientOrderId = posted[0]!.params.newClientOrderId!;
    expect(stub.book.orders.find((o) => o.clientOrderId === clientOrderId)?.status).toBe('NEW');

    // Later live orders on this account in the session go straight to the core (this one it refuses to read).
    await form.getByLabel('Amount', { exact: true }).fill('1,5');
    await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
    await expect.poll(() => form.locator('#ticket-amount-error').textContent()).toMatch(/decimal/i);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(1);

    await tab(page, 'Open Orders').click();
    const first = tabPanel(page).locator(`tr[data-order="${clientOrderId}"]`);
    await expect.poll(() => first.textContent()).toMatch(/BTC\/USDT.*Buy.*Limit.*40,000\.00.*manual/s);
    // Modify on a live account: the new price is reviewed in a LIVE confirmation before the cancel/replace goes out.
    await first.getByRole('button', { name: 'Modify' }).click();
    const edit = page.getByRole('dialog', { name: 'Modify buy BTC/USDT order' });
    // Typed finer than the market's tick and step: the confirmation shows what is sent, rounded as the core rounds it.
    await edit.getByLabel('Price').fill('39000.123');
    await edit.getByLabel('Amount').fill('0.000213');
    await edit.getByRole('button', { name: 'Review' }).click();
    const confirmModify = page.getByRole('alertdialog', { name: 'Confirm live modify' });
    await expect.poll(() => confirmModify.getByTestId('modify-summary').textContent()).toMatch(/^Buy BTC\/USDT on binance:e2e: price 40000 → 39000\.12, amount 0\.0002 → 0\.00021\. .* real money\.$/);
    expect(stub.requestsTo('DELETE', '/api/v3/order')).toHaveLength(0);
    await confirmModify.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => stub.book.orders.find((o) => o.clientOrderId === clientOrderId)?.status).toBe('CANCELED');
    await expect.poll(() => stub.book.open().length).toBe(1);
    const replacement = stub.book.open()[0]!;
    expect([replacement.clientOrderId === clientOrderId, fromUnits(replacement.price)]).toEqual([false, 39_000.12]);
    const replaced = stub.requestsTo('POST', '/api/v3/order').at(-1)!.params;
    expect([replaced.price, replaced.quantity].map(Number)).toEqual([39_000.12, 0.00021]);
    const row = tabPanel(page).locator(`tr[data-order="${replacement.clientOrderId}"]`);
    await expect.poll(() => row.textContent()).toMatch(/BTC\/USDT.*Buy.*Limit.*39,000\.12.*manual/s);
    await row.getByRole('button', { name: 'Cancel buy BTC/USDT order' }).click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => stub.book.orders.find((o) => o.clientOrderId === replacement.clientOrderId)?.status).toBe('CANCELED');
    const atVenue = stub.book.orders.find((o) => o.clientOrderId === replacement.clientOrderId)!;
    expect(stub.requestsTo('DELETE', '/api/v3/order').filter((r) => r.params.orderId === String(atVenue.orderId) || r.params.origClientOrderId === replacement.clientOrderId)).toHaveLength(1);

    // Disarmed in Settings: the ticket falls back to Paper and says so.
    await screens(page, 'Settings');
    await page.getByRole('region', { name: 'Accounts', exact: true }).locator(`tr[data-account="${VENUE}"]`).getByRole('button', { name: 'Disarm (back to paper)' }).click();
    await screens(page, 'Trade');
    await expect.poll(() => selector.locator('option').allTextContents()).toEqual(['Paper']);
    expect(await selector.inputValue()).toBe('paper');
    await expect.poll(() => form.getByTestId('ticket-account-fallback').textContent()).toBe(`${VENUE} is no longer armed — the ticket is back on Paper.`);
    await expect.poll(() => form.getByTestId('account-note').textContent()).toMatch(/^Orders go to Paper/);
    expect(await form.getByTestId('ticket-live-badge').count()).toBe(0);
    expect(await form.getByRole('button', { name: 'Buy BTC', exact: true }).count()).toBe(1);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

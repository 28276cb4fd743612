import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import type { SuiteApp } from './harness.js';
import { tab, ticket } from './workspace-page.js';

/** The trader's steps around a live account (Settings → Accounts, Risk tab), by accessible names only. */
export function screens(page: Page, name: 'Trade' | 'Settings') {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();
}

/** Risk tab → Risk limits, once loaded from the core (a default is shown, not an empty field). */
export async function riskLimitsForm(page: Page): Promise<Locator> {
  await screens(page, 'Trade');
  await tab(page, 'Risk').click();
  const form = page.getByRole('region', { name: 'Risk limits' });
  await expect.poll(() => form.getByLabel('Max order notional', { exact: true }).inputValue()).not.toBe('');
  return form;
}

/**
 * Trade screen → the ticket: a limit buy on the live account `venue`, confirmed, that rests at the venue (the
 * ticket says "— open"; `shownPrice` is the price as the ticket prints it). Returns the ticket.
 */
export async function restingLiveBuy(page: Page, venue: string, order: { base: string; price: string; amount: string; shownPrice: string }): Promise<Locator> {
  await screens(page, 'Trade');
  const form = ticket(page);
  await form.getByRole('combobox', { name: 'Account' }).selectOption(venue);
  await form.getByRole('radio', { name: 'Limit', exact: true }).check();
  await form.getByLabel('Price', { exact: true }).fill(order.price);
  await form.getByLabel('Amount', { exact: true }).fill(order.amount);
  await form.getByRole('button', { name: `Buy ${order.base} — LIVE` }).click();
  await page.getByRole('alertdialog', { name: 'Confirm live order' }).getByRole('button', { name: 'Confirm' }).click();
  await expect.poll(() => form.getByTestId('ticket-result').textContent()).toContain(`limit @ ${order.shownPrice} on ${venue} — open`);
  return form;
}

/** Saves the limits with these fields changed (none: the defaults); arming needs saved limits. */
export async function saveRiskLimits(page: Page, values: Record<string, string> = {}): Promise<void> {
  const form = await riskLimitsForm(page);
  for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect.poll(() => form.getByTestId('risk-limits-saved').count()).toBe(1);
}

/** A loopback venue stub as the Accounts form needs it: its key, secret and REST URL. */
export interface StubVenue {
  readonly apiKey: string;
  readonly secret: string;
  readonly url: string;
}

/** Settings → Accounts → Add account on a venue stub's REST URL (Binance unless named); returns the account's row. */
export async function addStubAccount(
  page: Page,
  stub: StubVenue,
  label: string,
  options: { exchange?: string; keys?: { apiKey: string; apiSecret: string } } = {},
): Promise<Locator> {
  const exchange = options.exchange ?? 'binance';
  const keys = options.keys ?? { apiKey: stub.apiKey, apiSecret: stub.secret };
  await screens(page, 'Settings');
  const panel = page.getByRole('region', { name: 'Accounts', exact: true });
  await panel.getByLabel('Exchange', { exact: true }).fill(exchange);
  await panel.getByLabel('Label', { exact: true }).fill(label);
  await panel.getByLabel('API key', { exact: true }).fill(keys.apiKey);
  await panel.getByLabel('API secret', { exact: true }).fill(keys.apiSecret);
  await panel.getByLabel('REST base URL', { exact: true }).fill(stub.url);
  await panel.getByRole('button', { name: 'Add account' }).click();
  const row = panel.locator(`tr[data-account="${exchange}:${label}"]`);
  await row.waitFor();
  return row;
}

/** The Mode column of an account's row: PAPER or LIVE. */
export function accountMode(row: Locator) {
  return row.locator('td').nth(4).textContent();
}

/** Arm live… → type the label → Arm live trading (the caller checks what came of it). */
export async function armAccount(row: Locator, label: string): Promise<void> {
  await row.getByRole('button', { name: 'Arm live…' }).click();
  await row.getByLabel(`Type “${label}” to trade it live`).fill(label);
  await row.getByRole('button', { name: 'Arm live trading' }).click();
}

/** Saves the limits with `limits` changed, adds the Binance stub account `label` and arms it: its row, once LIVE. */
export async function armedStubAccount(page: Page, stub: StubVenue, label: string, limits: Record<string, string> = {}): Promise<Locator> {
  await saveRiskLimits(page, limits);
  const row = await addStubAccount(page, stub, label);
  await armAccount(row, label);
  await expect.poll(() => accountMode(row)).toBe('LIVE');
  return row;
}

/**
 * Saves the default limits, adds the Binance stub account `label`, arms it, and opens the Risk tab on it:
 * returns its *Daily loss breaker* region.
 */
export async function armedAccountBreaker(page: Page, stub: StubVenue, label: string): Promise<Locator> {
  await armedStubAccount(page, stub, label);
  await screens(page, 'Trade');
  await tab(page, 'Risk').click();
  await page.getByRole('combobox', { name: 'Breaker and limits of' }).selectOption(`binance:${label}`);
  return page.getByRole('region', { name: 'Daily loss breaker' });
}

/** A loopback Binance stub for a describe block's served app; the accounts' keychain entries are removed after. */
export function binanceStubForSuite(suite: SuiteApp, venues: readonly string[]): { readonly stub: BinanceStub } {
  return stubForSuite(suite, venues, () => startBinanceStub());
}

/** A loopback venue stub (started by `start`) for a describe block's served app; the accounts' keychain entries are removed after. */
export function stubForSuite<Stub extends { close(): Promise<void> }>(suite: SuiteApp, venues: readonly string[], start: () => Promise<Stub>): { readonly stub: Stub } {
  let stub: Stub | undefined;
  beforeAll(async () => {
    stub = await start();
  });
  afterAll(async () => {
    await stub?.close();
    const keychain = new Keychain(suite.app.keychainService, { timeoutMs: 20_000 });
    for (const venue of venues) await keychain.remove(venue);
  });
  return {
    get stub() {
      if (!stub) throw new Error('the venue stub is not started: use it inside a test, not at collection time');
      return stub;
    },
  };
}

/** A loopback Kraken stub for the suite whose account holds no BTC yet (the suite buys what it sells). */
export function krakenWithoutBtcForSuite(suite: SuiteApp, account: string): { readonly stub: KrakenStub } {
  return stubForSuite(suite, [account], async () => {
    const stub = await startKrakenStub();
    stub.book.setBalance('XXBT', 0);
    return stub;
  });
}

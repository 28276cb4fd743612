import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keychain } from '../../core/secrets/keychain.js';
import { BarPump, KrakenBars } from '../helpers/venue-bars.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import { alertsIn, besideField } from './form-page.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { addStubAccount, armAccount, type StubVenue } from './live-account-page.js';
import { tab, tabPanel, ticket } from './workspace-page.js';

/**
 * Issue 15, item 10, in Chromium: a trader with accounts on Binance and Kraken (loopback stubs) has the
 * chart on Binance, adds Kraken's BTC/USDT to the watchlist beside Binance's ("BTC/USDT · Binance",
 * "BTC/USDT · Kraken", each at its own venue's price), buys on each account from the ticket, and reads
 * in Positions which exchange holds each BTC/USDT — each order having reached its own venue — then charts
 * Kraken's BTC/USDT from its watchlist row.
 */
const LABEL = 'e2e';
const suite = serveForSuite();
let binance: BinanceStub;
let kraken: KrakenStub;
let binanceBars: BarPump;
let krakenBars: KrakenBars;

beforeAll(async () => {
  binance = await startBinanceStub();
  binance.book.setBalance('BTC', 0);
  kraken = await startKrakenStub();
  kraken.book.setBalance('XXBT', 0);
  binanceBars = new BarPump(binance);
  krakenBars = new KrakenBars(kraken);
  binanceBars.start(1_000);
  krakenBars.start(1_000);
});
afterAll(async () => {
  binanceBars?.stop();
  krakenBars?.stop();
  await binance?.close();
  await kraken?.close();
  const keychain = new Keychain(suite.app.keychainService, { timeoutMs: 20_000 });
  for (const exchange of ['binance', 'kraken']) await keychain.remove(`${exchange}:${LABEL}`);
});

const screens = (page: Page, name: 'Trade' | 'Settings') => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

async function addAndArm(page: Page, exchange: string, stub: StubVenue): Promise<void> {
  const row = await addStubAccount(page, stub, LABEL, { exchange });
  await armAccount(row, LABEL);
  await expect.poll(() => row.textContent()).toContain('LIVE');
}

/** A limit buy that crosses the market (it fills at once at the venue), confirmed if the ticket asks. */
async function buyOn(page: Page, form: Locator, account: string, price: string): Promise<void> {
  await form.getByRole('combobox', { name: 'Account' }).selectOption(account);
  await expect.poll(() => form.getByTestId('ticket-live-badge').textContent()).toBe('LIVE');
  await form.getByRole('radio', { name: 'Limit', exact: true }).check();
  await form.getByLabel('Price', { exact: true }).fill(price);
  await form.getByLabel('Amount', { exact: true }).fill('0.001');
  await form.getByRole('button', { name: 'Buy BTC — LIVE' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Confirm live order' });
  const result = form.getByTestId('ticket-result');
  await expect.poll(async () => (await dialog.count()) > 0 || new RegExp(`on ${account}`).test((await result.textContent().catch(() => '')) ?? '')).toBe(true);
  if ((await dialog.count()) > 0) await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect.poll(() => result.textContent()).toMatch(new RegExp(`BUY 0\\.001 BTC/USDT limit .* on ${account}`));
}

describe('several market sources at once (Chromium, loopback Binance and Kraken stubs)', () => {
  it('watches both exchanges’ BTC/USDT, buys on each account, and shows which exchange holds each position', async () => {
    const page = await openApp(suite.browser, suite.app);
    // Arming needs saved limits: the defaults are saved first.
    await tab(page, 'Risk').click();
    const limits = page.getByRole('region', { name: 'Risk limits' });
    await expect.poll(() => limits.getByLabel('Max order notional', { exact: true }).inputValue()).not.toBe('');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(() => limits.getByTestId('risk-limits-saved').textContent()).toMatch(/Limits saved/);

    await screens(page, 'Settings');
    await addAndArm(page, 'binance', binance);
    await addAndArm(page, 'kraken', kraken);
    // The chart shows Binance.
    const source = page.getByRole('form', { name: 'Market data source' });
    await source.getByRole('radio', { name: 'Exchange (live)' }).check();
    await source.getByLabel('Market exchange').selectOption('binance');
    await source.getByLabel('Symbols').fill('BTC/USDT');
    await source.getByLabel('REST base URL').fill(binance.url);
    await source.getByRole('button', { name: 'Use this source' }).click();
    await expect.poll(() => source.getByRole('status').textContent()).toMatch(/Now showing/);

    // Kraken's BTC/USDT joins the watchlist beside Binance's, each named by its exchange, each at its own venue's price.
    await screens(page, 'Trade');
    const watchlist = page.getByRole('region', { name: 'Watchlist' });
    await watchlist.getByRole('button', { name: 'Edit watchlist' }).click();
    const other = watchlist.getByRole('group', { name: 'Watch on another exchange' });
    await other.getByRole('combobox', { name: 'Exchange' }).selectOption('kraken');
    await other.getByRole('textbox', { name: 'Symbol on that exchange' }).fill('BTC/USDT');
    await other.getByRole('button', { name: 'Watch' }).click();
    await expect.poll(() => other.getByRole('list', { name: 'Other exchanges’ symbols' }).textContent()).toContain('BTC/USDT · Kraken');
    await watchlist.getByRole('button', { name: 'Done editing the watchlist' }).click();
    const binanceRow = watchlist.locator('tr[data-symbol="BTC/USDT"][data-exchange="binance"]');
    const krakenRow = watchlist.locator('tr[data-symbol="BTC/USDT"][data-exchange="kraken"]');
    await expect.poll(() => binanceRow.textContent()).toMatch(/^BTC\/USDT · Binance50,000\.00/);
    await expect.poll(() => krakenRow.textContent()).toMatch(/^BTC\/USDT · Kraken50,100\.0/);

    // A buy on each account from the ticket: each reaches its own venue.
    const form = ticket(page);
    await buyOn(page, form, `binance:${LABEL}`, '50050');
    await buyOn(page, form, `kraken:${LABEL}`, '50150');
    expect(binance.requestsTo('POST', '/api/v3/order').map((r) => r.params.symbol)).toEqual(['BTCUSDT']);
    expect(kraken.requestsTo('/0/private/AddOrder').filter((r) => r.status === 200).map((r) => r.params['pair'])).toEqual(['XBTUSDT']);

    // Positions name the exchange holding each BTC/USDT (and mark each live).
    await tab(page, 'Positions').click();
    const positions = tabPanel(page).getByRole('table', { name: 'Positions' });
    await expect.poll(async () => (await positions.locator('tbody tr[data-symbol="BTC/USDT"] th').allTextContents()).map((text) => text.replace(/^[▸▾]/, '').trim()).sort()).toEqual(['LONG BTC/USDT · BinanceLIVE', 'LONG BTC/USDT · KrakenLIVE']);
    // Each position's prices at its own market's tick, though the chart shows Binance's: Kraken's BTC/USDT in 0.1.
    const entryOn = (exchange: string) => positions.locator('tbody tr[data-symbol="BTC/USDT"]', { hasText: exchange }).locator('td').nth(1);
    await expect.poll(() => entryOn('Kraken').textContent()).toMatch(/^[\d,]+\.\d$/);
    await expect.poll(() => entryOn('Binance').textContent()).toMatch(/^[\d,]+\.\d\d$/);
    // A resting buy on Kraken reads at Kraken's tick in Open Orders too.
    await buyOn(page, form, `kraken:${LABEL}`, '40000');
    await tab(page, 'Open Orders').click();
    const resting = tabPanel(page).locator('tr[data-order]', { hasText: 'Kraken' });
    await expect.poll(() => resting.locator('td').nth(3).textContent()).toBe('40,000.0');
    await tab(page, 'Positions').click();

    // A click on Kraken's row charts Kraken's market: the chart's header names the exchange, its legend shows Kraken's price.
    await krakenRow.getByRole('button', { name: 'Chart BTC/USDT on Kraken' }).click();
    const chart = page.getByRole('region', { name: 'BTC/USDT chart' });
    await expect.poll(() => chart.getByTestId('chart-venue').textContent()).toBe('· Kraken');
    await expect.poll(() => chart.getByTestId('chart-legend').locator('.legend-ohlc b').nth(3).textContent()).toMatch(/^50,100\.0*$/);
    await expect.poll(() => watchlist.locator('tbody tr').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-symbol')} ${row.getAttribute('data-exchange')}`))).toEqual(['BTC/USDT kraken']);
    // Charting Kraken leaves Binance's position at Binance's tick (not Kraken's one decimal).
    await expect.poll(() => entryOn('Binance').textContent()).toMatch(/^[\d,]+\.\d\d$/);
    expect(pageProblems(page)).toEqual([]);
  });

  it('says what is wrong with a source or a backfill beside each field, once, keeping what was typed', async () => {
    const page = await openApp(suite.browser, suite.app);
    await screens(page, 'Settings');
    const source = page.getByRole('form', { name: 'Market data source' });
    await source.getByRole('radio', { name: 'Exchange (live)' }).check();
    await source.getByLabel('Symbols').fill('BTC/USDT, btc-usdt');
    await source.getByLabel('REST base URL').fill('http://192.168.1.20');
    await source.getByRole('button', { name: 'Use this source' }).click();
    await expect.poll(() => besideField(source, 'Symbols')).toBe('"btc-usdt": must look like BTC/USDT');
    const lanOnly = 'may use http:// only for a venue on this machine (127.0.0.1, localhost, [::1]); use https:// for 192.168.1.20';
    expect(await besideField(source, 'REST base URL')).toBe(lanOnly);
    expect(await besideField(source, 'Market exchange')).toBeNull();
    expect(await alertsIn(source)).toEqual(['"btc-usdt": must look like BTC/USDT', lanOnly]);
    expect(await source.getByLabel('Symbols').inputValue()).toBe('BTC/USDT, btc-usdt');
    expect(await source.getByLabel('REST base URL').inputValue()).toBe('http://192.168.1.20');

    const backfill = page.getByRole('form', { name: 'Backfill candles' });
    await backfill.getByLabel('Backfill exchange').fill('Bin ance');
    await backfill.getByLabel('Symbol', { exact: true }).fill('btcusdt');
    await backfill.getByLabel('From').fill('last tuesday');
    await backfill.getByLabel('To', { exact: true }).fill('soon');
    await backfill.getByRole('button', { name: 'Start backfill' }).click();
    await expect.poll(() => besideField(backfill, 'Backfill exchange')).toBe('not a ccxt exchange id such as binance');
    expect(await besideField(backfill, 'Symbol')).toBe('must look like BTC/USDT');
    expect(await besideField(backfill, 'From')).toBe('not a date (YYYY-MM-DD, ISO 8601 or epoch s/ms)');
    expect(await besideField(backfill, 'To')).toBe('not a date (YYYY-MM-DD, ISO 8601 or epoch s/ms)');
    // Said once: nothing repeats them under the form.
    expect(await alertsIn(backfill.locator('..'))).toHaveLength(4);
    expect(await backfill.getByLabel('Backfill exchange').inputValue()).toBe('Bin ance');
    expect(await backfill.getByLabel('From').inputValue()).toBe('last tuesday');
    expect(pageProblems(page)).toEqual([]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, removeDir, startServe, type ServedApp } from './harness.js';
import { shownNumber, stopLimit, tab, tabPanel, ticket } from './workspace-page.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
/** 500 bars of history, then 25 minutes of market at speed 120: far longer than the file runs. */
const BARS = 3_500;
/** About 60,000 when the history ends, then 6.07 (0.01 %) a minute: the stake below stays under the 20 % per-symbol cap. */
const close = (i: number) => Number((57_000 + 6.07 * i).toFixed(2));

/**
 * BTC/USDT climbing every minute, with wicks of 1: no bar ever trades below the close before it. A resting
 * buy under the market (the one modified and dragged below) can never fill while the test works with it,
 * however long the test takes — yet the climb of the last hours keeps its price inside the chart's visible
 * range, where its line has a handle.
 */
function replayCsv(): string {
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < BARS; i++) {
    const open = i === 0 ? close(0) : close(i - 1);
    rows.push([START + i * MINUTE, open, (close(i) + 1).toFixed(2), (open - 1).toFixed(2), close(i), 10].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** The full order ticket as a trader uses it (paper account): % of balance, preview, options, bracket, modify, drag. */
describe('the full order ticket in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halyard-ticket-'));
  const market = join(dir, 'BTCUSDT-1m-2024-01-01.csv');
  let browser: Browser;
  let app: ServedApp;
  let page: Page;
  const problems: string[] = [];
  const NO_NOISE = /^\d{1,3}(,\d{3})*\.\d{2} USDT$/;

  const last = async () => shownNumber(await page.getByTestId('ticker-last').textContent());
  const limitBuy = async (price: string, amount: string) => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Limit', exact: true }).check();
    await form.getByLabel('Price', { exact: true }).fill(price);
    await form.getByLabel('Amount').fill(amount);
  };
  const openOrderRow = () => tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');

  beforeAll(async () => {
    writeFileSync(market, replayCsv());
    app = await startServe({ args: ['--market', `replay:${market}`, '--speed', '120'] });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(app.url);
    await page.getByRole('region', { name: 'BTC/USDT chart' }).locator('[data-testid="chart"] canvas').first().waitFor();
    await page.getByTestId('ticker-last').filter({ hasText: /\d/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) await removeDir(app.dataDir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('raised no page errors along the way', () => {
    expect(problems).toEqual([]);
  });

  it('sizes from 25/50/75/100 % of the balance at the market’s precision and previews cost, fee and total', async () => {
    const form = ticket(page);
    const price = (Math.round(await last()) - 500).toFixed(2);
    await limitBuy(price, '');
    await form.getByRole('button', { name: '100%', exact: true }).click();
    const all = await form.getByLabel('Amount').inputValue();
    expect(all).toMatch(/^\d+\.\d{1,8}$/); // the BTC step, no float noise
    await form.getByRole('button', { name: '25%', exact: true }).click();
    const quarter = Number(await form.getByLabel('Amount').inputValue());
    expect(quarter).toBeCloseTo(Number(all) / 4, 3);
    const cost = shownNumber(await form.getByTestId('preview-cost').textContent());
    expect(cost).toBeCloseTo(quarter * Number(price), 1);
    for (const id of ['preview-cost', 'preview-fee', 'preview-total']) expect(await form.getByTestId(id).textContent()).toMatch(NO_NOISE);
    expect(shownNumber(await form.getByTestId('preview-total').textContent())).toBeGreaterThan(cost);
    await form.getByRole('button', { name: 'Sell' }).click();
    await form.getByRole('button', { name: '100%', exact: true }).click();
    await expect.poll(() => form.locator('#ticket-amount-error').textContent()).toBe('no BTC available');
    await form.getByRole('button', { name: 'Buy' }).click();
  });

  it('refuses a post-only order that would take, and an IOC that cannot fill expires at once', async () => {
    const form = ticket(page);
    await limitBuy((Math.round(await last()) + 2_000).toFixed(2), '0.01');
    await form.getByRole('checkbox', { name: 'Post-only' }).check();
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-error').textContent()).toMatch(/post-only: a buy at [\d.]+ is at or above the last price .* would take liquidity at once/);
    await form.getByRole('checkbox', { name: 'Post-only' }).uncheck();
    await limitBuy((Math.round(await last()) - 5_000).toFixed(2), '0.01');
    await form.getByRole('combobox', { name: 'Time in force' }).selectOption('IOC');
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.01 BTC\/USDT limit .* expired \(nothing could fill at once\)/);
    await form.getByRole('combobox', { name: 'Time in force' }).selectOption('GTC');
  });

  it('checks a bracket beside its fields, then shows it as the position’s enforced exits', async () => {
    const form = ticket(page);
    await form.getByRole('radio', { name: 'Market' }).check();
    await form.getByLabel('Amount').fill('0.01');
    const now = Math.round(await last());
    await form.getByRole('button', { name: '+ Take profit / stop loss' }).click();
    await form.getByLabel('Take profit').fill(String(now - 3_000));
    await form.getByLabel('Stop loss').fill(String(now + 3_000));
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.locator('#ticket-sl-error').textContent()).toMatch(/^must be below the entry price [\d.]+ USDT for a buy$/);
    await expect.poll(() => form.locator('#ticket-tp-error').textContent()).toMatch(/^must be above the entry price/);
    await form.getByLabel('Take profit').fill(String(now + 20_000));
    await form.getByLabel('Stop loss').fill(String(now - 20_000));
    await form.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/BUY 0\.01 BTC\/USDT market/);
    await tab(page, 'Positions').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]');
    await expect.poll(() => row.textContent()).toMatch(new RegExp(`SL ${(now - 20_000).toLocaleString('en-US')}\\.00 · TP ${(now + 20_000).toLocaleString('en-US')}\\.00 \\(100%\\)`));
    await expect.poll(() => row.getByTestId('protection').textContent()).toContain('stop held by Halyard only: the paper account');
  });

  it('modifies a working post-only order from Open Orders (cancel/replace under a new id, still post-only)', async () => {
    const price = Math.round(await last()) - 6_000;
    await limitBuy(price.toFixed(2), '0.01');
    await ticket(page).getByRole('checkbox', { name: 'Post-only' }).check();
    await ticket(page).getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => ticket(page).getByTestId('ticket-result').textContent()).toMatch(/limit .* open/);
    await ticket(page).getByRole('checkbox', { name: 'Post-only' }).uncheck();
    await tab(page, 'Open Orders').click();
    await expect.poll(() => openOrderRow().count()).toBe(1);
    expect(await openOrderRow().locator('td').nth(2).textContent()).toBe('Limit · Post-only');
    const before = await openOrderRow().getAttribute('data-order');
    await openOrderRow().getByRole('button', { name: 'Modify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Modify buy BTC/USDT order' });
    const near = Math.round((await last()) * 0.995);
    await dialog.getByLabel('Price').fill(near.toFixed(2));
    await dialog.getByLabel('Amount').fill('0.02');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('modify-notice').textContent()).toMatch(/BTC\/USDT buy order modified: 0\.02 at/);
    await expect.poll(() => openOrderRow().getAttribute('data-order')).not.toBe(before);
    await expect.poll(() => openOrderRow().textContent()).toContain(near.toLocaleString('en-US', { minimumFractionDigits: 2 }));
    expect(await openOrderRow().locator('td').nth(2).textContent()).toBe('Limit · Post-only');
  });

  it('moves the order by dragging its line on the chart', async () => {
    // The order sits half a percent under the climbing market (it cannot fill), inside the chart's price range: its line has a handle.
    const handle = page.getByRole('button', { name: /^Drag buy 0\.02 order line at / });
    await handle.waitFor();
    const previous = await page.getByTestId('modify-notice').textContent().catch(() => null);
    const from = shownNumber((await handle.getAttribute('aria-label'))!.replace(/^.* at /, ''));
    // Grab the handle where it is now (it follows the price scale), and pull it up a little.
    await handle.hover();
    await page.mouse.down();
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y - 12, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('modify-notice').textContent()).not.toBe(previous);
    expect(await page.getByTestId('modify-notice').textContent()).toMatch(/BTC\/USDT buy order modified: 0\.02 at/);
    await expect.poll(async () => shownNumber((await page.getByRole('button', { name: /^Drag buy 0\.02 order line at / }).getAttribute('aria-label'))!.replace(/^.* at /, ''))).toBeGreaterThan(from);
  });

  it('moves a stop-limit’s stop and its limit by their own lines; a stop dragged to where the market already is goes back, saying why', async () => {
    // A sell stop-limit of the 0.01 BTC bought above, under the climbing market (it cannot trigger): two lines, each with its handle.
    const stop = Math.round(await last()) - 200;
    const form = await stopLimit(page, 'Sell', 'BTC', { stop: String(stop), price: String(stop - 50), amount: '0.01' });
    await expect.poll(() => form.getByTestId('ticket-result').textContent()).toMatch(/^SELL 0\.01 BTC\/USDT stop.* — open$/);
    await form.getByRole('button', { name: 'Buy', exact: true }).click();
    const stopHandle = () => page.getByRole('button', { name: /^Drag sell 0\.01 stop line at / });
    const limitHandle = () => page.getByRole('button', { name: /^Drag sell 0\.01 limit line at / });
    const priceOf = async (handle: ReturnType<typeof stopHandle>) => shownNumber((await handle.getAttribute('aria-label'))!.replace(/^.* at /, ''));
    await stopHandle().waitFor();
    await limitHandle().waitFor();
    expect([await priceOf(stopHandle()), await priceOf(limitHandle())]).toEqual([stop, stop - 50]);
    const notice = page.getByTestId('modify-notice');
    const dragBy = async (handle: ReturnType<typeof stopHandle>, toY: (box: { y: number; height: number }) => number) => {
      const before = await notice.textContent().catch(() => null);
      await handle.hover();
      await page.mouse.down();
      const box = (await handle.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, toY(box), { steps: 4 });
      await page.mouse.up();
      await expect.poll(() => notice.textContent().catch(() => null)).not.toBe(before);
      return (await notice.textContent())!;
    };

    // The stop up a little (still under the market): the stop moves, the limit stays.
    expect(await dragBy(stopHandle(), (box) => box.y - 12)).toMatch(/^BTC\/USDT sell order modified: 0\.01 at [\d,.]+, stop [\d.]+ \(new order/);
    await expect.poll(() => priceOf(stopHandle())).toBeGreaterThan(stop);
    expect(await priceOf(limitHandle())).toBe(stop - 50);
    const movedStop = await priceOf(stopHandle());

    // The stop up to the top of the pane, above the market: refused before anything is cancelled; the handle goes back to the stop.
    await tab(page, 'Open Orders').click();
    const row = tabPanel(page).locator('tr[data-symbol="BTC/USDT"]').filter({ hasText: 'Sell' });
    const id = await row.getAttribute('data-order');
    const pane = (await page.getByRole('region', { name: 'BTC/USDT chart' }).locator('[data-testid="chart"]').boundingBox())!;
    const refusal = await dragBy(stopHandle(), () => pane.y + 8);
    expect(refusal).toMatch(/^Modify failed for BTC\/USDT: BTC\/USDT: Order would trigger immediately: the stop price [\d.]+ is at or above the last price [\d.]+ — a sell stop must be below the market — the order was not changed$/);
    expect(await row.getAttribute('data-order')).toBe(id);
    expect(await priceOf(stopHandle())).toBe(movedStop);
    await expect.poll(async () => (await stopHandle().boundingBox())!.y - pane.y).toBeGreaterThan(40);
    expect((await stopHandle().boundingBox())!.y).toBeLessThan((await limitHandle().boundingBox())!.y);

    // The limit down a little: the limit moves, the stop stays.
    expect(await dragBy(limitHandle(), (box) => box.y + 12)).toMatch(new RegExp(`^BTC/USDT sell order modified: 0\\.01 at [\\d,.]+, stop ${movedStop} \\(new order`));
    await expect.poll(() => priceOf(limitHandle())).toBeLessThan(stop - 50);
    expect(await priceOf(stopHandle())).toBe(movedStop);
    expect(await row.getAttribute('data-order')).not.toBe(id);
  });
});

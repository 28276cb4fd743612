import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { fromUnits } from '../stubs/binance-book.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { armedStubAccount, binanceStubForSuite, restingLiveBuy } from './live-account-page.js';
import { shownNumber, tab, tabPanel } from './workspace-page.js';

const LABEL = 'drag';
const VENUE = `binance:${LABEL}`;
const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
/** About 60,000 when the 3,500 bars of history end, then 6.07 a minute: a resting buy half a percent under it stays in view. */
const close = (i: number) => Number((57_000 + 6.07 * i).toFixed(2));
const dir = mkdtempSync(join(tmpdir(), 'halyard-drag-preview-'));
const market = join(dir, 'BTCUSDT-1m-2024-01-01.csv');
writeFileSync(market, ['timestamp,open,high,low,close,volume', ...Array.from({ length: 3_500 }, (_, i) => [START + i * MINUTE, i === 0 ? close(0) : close(i - 1), (close(i) + 1).toFixed(2), ((i === 0 ? close(0) : close(i - 1)) - 1).toFixed(2), close(i), 10].join(','))].join('\n') + '\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const suite = serveForSuite({ args: ['--market', `replay:${market}`, '--speed', '120'] });
const venue = binanceStubForSuite(suite, [VENUE]);

/**
 * Dragging a live order's line on the chart asks to confirm before the cancel/replace goes out — and that
 * confirmation shows what will be sent, as the Modify dialog's does (orders.modifyPreview: the price, amount and
 * stop rounded as the order road rounds them), not the raw dragged value. Chromium, loopback Binance stub.
 */
describe('dragging a live order’s line (Chromium, loopback Binance stub)', () => {
  it('confirms with the preview of what is sent, and sends exactly that', { timeout: 180_000 }, async () => {
    const { stub } = venue;
    const page: Page = await openApp(suite.browser, suite.app);
    await page.getByTestId('ticker-last').filter({ hasText: /\d/ }).waitFor();
    await armedStubAccount(page, stub, LABEL, { 'Max exposure per symbol (%)': '100' });

    // The venue's market where the chart's is; the buy rests half a percent under it.
    const last = shownNumber(await page.getByTestId('ticker-last').textContent());
    stub.book.setPrice('BTCUSDT', Math.round(last));
    const price = Math.round(last * 0.995);
    await restingLiveBuy(page, VENUE, { base: 'BTC', price: String(price), amount: '0.0002', shownPrice: price.toLocaleString('en-US', { minimumFractionDigits: 2 }) });
    await tab(page, 'Open Orders').click();
    await expect.poll(() => tabPanel(page).locator('tr[data-order]').count()).toBe(1);

    const handle = page.getByRole('button', { name: /^Drag buy 0\.0002 order line at / });
    await handle.waitFor();
    await handle.hover();
    await page.mouse.down();
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y - 12, { steps: 4 });
    await page.mouse.up();

    const confirm = page.getByRole('alertdialog', { name: 'Confirm live modify' });
    const summary = confirm.getByTestId('modify-summary');
    // The preview's values: the price at the market's tick without trailing zeros, the amount that is sent again.
    await expect.poll(() => summary.textContent().catch(() => '')).toMatch(new RegExp(`^Buy BTC/USDT on binance:drag: price ${price} → \\d+(\\.\\d*[1-9])?, amount 0\\.0002\\. .* real money\\.$`));
    const shown = Number(/→ ([\d.]+),/.exec((await summary.textContent())!)![1]);
    expect(shown).toBeGreaterThan(price);
    expect(stub.requestsTo('DELETE', '/api/v3/order')).toHaveLength(0);

    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => stub.book.open().map((o) => fromUnits(o.price))).toEqual([shown]);
    expect(fromUnits(stub.book.open()[0]!.origQty)).toBe(0.0002);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

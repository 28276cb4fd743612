import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, serveForSuite } from './harness.js';
import { chartWithIndicators } from './workspace-page.js';

const MINUTE = 60_000;

describe('chart with a long history in Chromium', () => {
  // 40k 1m bars: more than the chart hands lightweight-charts at once, so panning back slides its window.
  const suite = serveForSuite({ args: ['--speed', '120', '--history-minutes', '40000'] });

  it('scrolls back far through older history, then follows the live bar again', async () => {
    const page = await openApp(suite.browser, suite.app);
    const chart = await chartWithIndicators(page, 'BTC/USDT', ['EMA 20']);
    const legendTime = async () => Date.parse((await chart.getByTestId('chart-legend').locator('time').getAttribute('datetime')) ?? '');
    await expect.poll(legendTime).toBeGreaterThan(0);
    const latest = await legendTime();

    const box = (await chart.getByTestId('chart').boundingBox())!;
    const y = box.y + box.height * 0.3;
    await page.mouse.move(box.x + box.width / 2, y);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 400);
    // Drag back (older bars come in from the left) until the bar under the mouse is 25k+ minutes old.
    const target = latest - 25_000 * MINUTE;
    for (let drags = 0; drags < 80 && (await hoveredTime(page, legendTime, box, y)) > target; drags++) await drag(page, box, y);
    const old = await hoveredTime(page, legendTime, box, y);
    expect(old).toBeLessThan(target);
    // The hovered old bar shows its prices and the EMA computed for it.
    await expect.poll(() => chart.getByTestId('chart-legend').textContent()).toMatch(/O \d/);
    await expect.poll(() => chart.locator('[data-indicator="ema"] b').count()).toBe(1);

    // Double-click on the time axis: back to the live edge, where the newest bar keeps updating.
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 8);
    await page.mouse.move(box.x + box.width + 50, box.y - 50);
    await expect.poll(legendTime, { timeout: 30_000 }).toBeGreaterThan(latest);
    const now = await legendTime();
    await expect.poll(legendTime, { timeout: 30_000 }).toBeGreaterThan(now);
    // The newest bar is on screen: hovering near the right edge reads a bar close to it.
    await page.mouse.move(box.x + box.width - 140, y);
    await expect.poll(legendTime).toBeGreaterThan(now - 500 * MINUTE);
  });
});

/** Moves over the middle of the price pane and reads the hovered bar's time from the legend. */
async function hoveredTime(page: Page, legendTime: () => Promise<number>, box: { x: number; width: number }, y: number): Promise<number> {
  await page.mouse.move(box.x + box.width / 2 + 1, y);
  await page.mouse.move(box.x + box.width / 2, y);
  return legendTime();
}

/** One drag to the right across the pane: the view moves towards older bars. */
async function drag(page: Page, box: { x: number; width: number }, y: number): Promise<void> {
  await page.mouse.move(box.x + 40, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 160, y, { steps: 12 });
  await page.mouse.up();
}

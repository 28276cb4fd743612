import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { chartWithIndicators } from './workspace-page.js';

/** Records every text the page draws on a canvas: the chart's scale labels and value tags are drawn, not in the DOM. */
function recordCanvasText(): void {
  const drawn = new Set<string>();
  (window as unknown as { canvasText: Set<string> }).canvasText = drawn;
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
    drawn.add(String(text));
    return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
  };
}

describe('the chart as a trader reads and drives it, in Chromium', () => {
  const suite = serveForSuite();

  it('reads the MACD pane of DOGE/USDT (moves of 0.0001) at the market’s five decimals, not as 0.00', async () => {
    const page = await openApp(suite.browser, suite.app, (p) => void p.addInitScript(recordCanvasText));
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row', { name: /DOGE/ }).click();
    const chart = await chartWithIndicators(page, 'DOGE/USDT', ['MACD 12, 26, 9']);
    await chart.getByTestId('chart-legend').locator('[data-indicator="macd"] b').first().waitFor();
    const drawn = () => page.evaluate(() => [...(window as unknown as { canvasText: Set<string> }).canvasText]);
    // DOGE trades near 0.15: a label under 0.01 with five decimals is the MACD pane's (its scale or its tags).
    await expect.poll(async () => (await drawn()).filter((text) => /^[−-]?0\.00\d{3}$/.test(text)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await drawn()).filter((text) => /^[−-]?0\.0\d$/.test(text))).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('reads BTC/USDT’s price scale with thousands grouped (97,000.00), and the RSI pane’s scale from 0 to 100, never above', async () => {
    const page = await openApp(suite.browser, suite.app, (p) => void p.addInitScript(recordCanvasText));
    const chart = await chartWithIndicators(page, 'BTC/USDT', ['RSI 14']);
    await chart.getByTestId('chart-legend').locator('[data-indicator="rsi"] b').first().waitFor();
    const drawn = () => page.evaluate(() => [...(window as unknown as { canvasText: Set<string> }).canvasText]);
    // BTC trades in the tens of thousands: its scale labels and last-price tag read 97,000.00, never 97000.00.
    await expect.poll(async () => (await drawn()).filter((text) => /^\d{1,3}(,\d{3})+\.\d{2}$/.test(text)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await drawn()).filter((text) => /^\d{4,}(\.\d+)?$/.test(text))).toEqual([]);
    // The RSI pane's scale is drawn (its 0 label: BTC never reads 0) and ends at 100: it ran to 120 (a label between 100 and 1,000 is the RSI pane's).
    await expect.poll(async () => (await drawn()).includes('0.00'), { timeout: 30_000 }).toBe(true);
    expect((await drawn()).filter((text) => /^\d{3}\.\d{2}$/.test(text) && Number(text) > 100)).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('puts a drawing tool down with Escape, half-drawn trend line and all', async () => {
    const page = await openApp(suite.browser, suite.app);
    const chart = await chartWithIndicators(page, 'BTC/USDT', []);
    const canvas = chart.getByTestId('chart');
    const box = (await canvas.boundingBox())!;
    const drawingsButton = chart.getByRole('button', { name: /^Drawings \(/ });
    await drawingsButton.click();
    await chart.getByRole('group', { name: 'Drawing tools' }).getByRole('button', { name: 'Trend line' }).click();
    await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
    await expect.poll(() => chart.getByRole('status').textContent()).toBe('Trend line: Click the second point');
    await page.keyboard.press('Escape');
    await expect.poll(() => chart.getByRole('status').count()).toBe(0);
    // The next click is a plain click: nothing is drawn.
    await canvas.click({ position: { x: box.width * 0.6, y: box.height * 0.3 } });
    await drawingsButton.click();
    await chart.getByText('No drawings on BTC/USDT: pick a tool, then click the chart.').waitFor();
    expect(await drawingsButton.getAttribute('aria-label')).toBe('Drawings (0)');
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

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

describe('an oscillator in price units on a low-priced market, in Chromium', () => {
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
});

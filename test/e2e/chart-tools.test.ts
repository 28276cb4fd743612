import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveForSuite } from './harness.js';
import { chartWithIndicators, notifications, recordNotifications, shownNumber, showTab, tabPanel } from './workspace-page.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
const HISTORY = 500;
const BARS = HISTORY + 1_000;
const SLOPE = 0.05;

/**
 * ETH/USDT climbing 0.05 a minute, every minute: 500 bars of history, then 1,000 played live at four
 * market minutes per second. On such a ramp an EMA of period N sits exactly SLOPE × (N − 1) / 2 under
 * the closes from its seed on (the seed, the mean of N closes, lags that much; each step keeps the
 * lag), so the legend's EMA 50 of the forming bar is (O − 24.5 × SLOPE) + 2/51 × (C − (O − 24.5 × SLOPE)).
 */
const close = (i: number) => Math.round((100 + SLOPE * i) * 100) / 100;

function replayCsv(): string {
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < BARS; i++) {
    const open = i === 0 ? 99.95 : close(i - 1);
    rows.push([START + i * MINUTE, open, (close(i) + 0.01).toFixed(2), (open - 0.01).toFixed(2), close(i), 10].join(','));
  }
  return `${rows.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'halyard-chart-tools-'));
const file = join(dir, 'ETHUSDT-1m-2024-01-01.csv');
writeFileSync(file, replayCsv());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chart tools in Chromium', () => {
  const suite = serveForSuite({ args: ['--market', `replay:${file}`, '--speed', '240'] });

  it('edits indicator parameters and the log scale (kept across a reload), sets a price alert from the chart that fires, and draws lines kept per symbol', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await recordNotifications(context, suite.app.origin);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(suite.app.url);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    const chart = await chartWithIndicators(page, 'ETH/USDT', ['EMA 20']);
    const legend = chart.getByTestId('chart-legend');
    const lines = chart.getByRole('list', { name: 'Drawings and alert lines' });

    // Indicator settings: EMA period 50; a wrong period says why beside the field and changes nothing.
    await chart.getByRole('button', { name: 'Indicator settings' }).click();
    const settings = chart.getByRole('group', { name: 'Indicator settings' });
    await settings.getByLabel('EMA period').fill('0');
    await expect.poll(() => settings.getByRole('alert').textContent()).toBe('Period: a whole number from 1 to 500');
    await expect.poll(() => legend.locator('[data-indicator="ema"] span').textContent()).toBe('EMA 20');
    await settings.getByLabel('EMA period').fill('50');
    await expect.poll(() => legend.locator('[data-indicator="ema"] span').textContent()).toBe('EMA 50');
    await page.keyboard.press('Escape');
    // The legend's EMA is the EMA 50 of the forming bar (read with its O and C in one render).
    const reading = () =>
      legend.evaluate((element) => {
        const cells = Array.from(element.querySelectorAll('.legend-ohlc b'), (b) => b.textContent);
        return { open: cells[0] ?? null, close: cells[3] ?? null, ema: element.querySelector('[data-indicator="ema"] b')?.textContent ?? null };
      });
    const emaError = async () => {
      const { open, close: last, ema } = await reading();
      const previous = shownNumber(open) - 24.5 * SLOPE;
      return Math.abs(previous + (2 / 51) * (shownNumber(last) - previous) - shownNumber(ema));
    };
    await expect.poll(emaError).toBeLessThan(0.02);

    await chart.getByRole('button', { name: 'Log scale' }).click();
    await expect.poll(() => chart.getByTestId('chart').getAttribute('data-price-scale')).toBe('logarithmic');

    // Drawing tools: a horizontal line (one click), a trend line and a Fibonacci retracement (two clicks each).
    const canvas = chart.getByTestId('chart');
    const box = (await canvas.boundingBox())!;
    const at = (x: number, y: number) => canvas.click({ position: { x: box.width * x, y: box.height * y } });
    const drawingsButton = chart.getByRole('button', { name: /^Drawings \(/ });
    const pick = async (tool: string) => {
      await drawingsButton.click();
      await chart.getByRole('group', { name: 'Drawing tools' }).getByRole('button', { name: tool }).click();
    };
    await pick('Horizontal line');
    await at(0.5, 0.4);
    await expect.poll(() => drawingsButton.getAttribute('aria-label')).toBe('Drawings (1)');
    await pick('Trend line');
    await expect.poll(() => chart.getByRole('status').textContent()).toBe('Trend line: Click the first point');
    await at(0.3, 0.6);
    await expect.poll(() => chart.getByRole('status').textContent()).toBe('Trend line: Click the second point');
    await at(0.6, 0.3);
    await pick('Fibonacci');
    await at(0.4, 0.7);
    await at(0.7, 0.2);
    await expect.poll(() => drawingsButton.getAttribute('aria-label')).toBe('Drawings (3)');
    const drawn = async () => (await lines.getByRole('listitem').allTextContents()).filter((text) => !text.startsWith('Price alert'));
    await expect.poll(drawn).toEqual([expect.stringMatching(/^Horizontal line at [\d,.]+$/), expect.stringMatching(/^Trend line [\d,.]+ → [\d,.]+$/), expect.stringMatching(/^Fibonacci [\d,.]+ → [\d,.]+$/)]);
    // The trend line was drawn upwards (the second click is higher on the chart), the Fibonacci too.
    const [, trend, fib] = await drawn();
    for (const text of [trend!, fib!]) {
      const [from, to] = text.replace(/^\D+/, '').split(' → ').map(shownNumber);
      expect(to!).toBeGreaterThan(from!);
    }

    // A reload keeps the layout's chart settings and the symbol's drawings.
    await page.reload();
    await chart.locator('[data-testid="chart"] canvas').first().waitFor();
    await expect.poll(() => legend.locator('[data-indicator="ema"] span').textContent()).toBe('EMA 50');
    await expect.poll(() => chart.getByRole('button', { name: 'Log scale' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => chart.getByTestId('chart').getAttribute('data-price-scale')).toBe('logarithmic');
    await expect.poll(emaError).toBeLessThan(0.02);

    // Drawings are kept per symbol: after the reload they are back; one deleted is gone.
    await expect.poll(drawn).toHaveLength(3);
    await chart.getByRole('button', { name: 'Drawings (3)' }).click();
    await chart.getByRole('group', { name: 'Drawings on ETH/USDT' }).getByRole('button', { name: `Delete ${trend}` }).click();
    await expect.poll(drawn).toEqual([expect.stringMatching(/^Horizontal line/), expect.stringMatching(/^Fibonacci/)]);

    // The toolbar's bell opens the alert form and closes it again.
    const bell = chart.getByRole('button', { name: 'Add price alert' });
    await bell.click();
    await expect.poll(() => bell.getAttribute('aria-expanded')).toBe('true');
    await chart.getByRole('form', { name: 'Price alert' }).waitFor();
    await bell.click();
    await expect.poll(() => chart.getByRole('form', { name: 'Price alert' }).count()).toBe(0);

    // A right-click on the chart opens the alert form at that price; the trader sets "above" 10 market minutes ahead.
    await canvas.click({ button: 'right', position: { x: box.width / 2, y: box.height / 3 } });
    const form = chart.getByRole('form', { name: 'Price alert' });
    expect(shownNumber(await form.getByLabel('Alert price').inputValue())).toBeGreaterThan(0);
    await form.getByLabel('Alert price').fill('');
    await form.getByRole('button', { name: 'Create alert' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Price: required');
    const target = (shownNumber((await reading()).close) + 10 * SLOPE).toFixed(2);
    await form.getByLabel('Condition').selectOption('above');
    await form.getByLabel('Alert price').fill(target);
    await form.getByRole('button', { name: 'Create alert' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe(`Alert set: ETH/USDT above ${target}, once`);
    await expect.poll(() => lines.textContent()).toContain(`Price alert above ${target}, once`);

    // The simulated price gets there: a desktop notification, an entry in Logs/Events, the line goes (it fired once).
    const title = `Price alert: ETH/USDT above ${target}`;
    const fired = async () => (await notifications(page)).find((shown) => shown.title === title) ?? null;
    await expect.poll(fired, { timeout: 30_000 }).not.toBeNull();
    // The message gives the price that fired it to the market's precision (a 0.01 tick: two decimals).
    const [, reached] = /^PAPER · Price alert: ETH\/USDT rose to (\d+\.\d\d) \(above ([\d.]+)\)$/.exec((await fired())!.body) ?? [];
    expect(Number(reached)).toBeGreaterThanOrEqual(Number(target));
    await expect.poll(() => lines.textContent()).not.toContain('Price alert');
    const alerts = chart.getByRole('list', { name: 'Alerts on ETH/USDT' });
    await expect.poll(() => alerts.textContent()).toContain('fired');
    await alerts.getByRole('button', { name: `Delete alert above ${target}, once` }).click();
    await expect.poll(() => alerts.getByRole('listitem').count()).toBe(0);
    await chart.getByRole('button', { name: 'Close price alerts' }).click();
    await showTab(page, 'Logs/Events');
    await expect.poll(() => tabPanel(page).getByText(title).count()).toBeGreaterThan(0);

    // Settings → Price alerts, open while an alert fires with no channel routed for it: it reads "fired", not "armed".
    const next = (shownNumber((await reading()).close) + 10 * SLOPE).toFixed(2);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    const priceAlerts = page.getByRole('region', { name: 'Price alerts' });
    const add = priceAlerts.getByRole('form', { name: 'Add price alert' });
    await add.getByLabel('Symbol').selectOption('ETH/USDT');
    await add.getByLabel('Direction').selectOption('above');
    await add.getByLabel('Alert price').fill(next);
    await add.getByRole('button', { name: 'Add price alert' }).click();
    const state = priceAlerts.getByTestId('price-alert-state');
    await expect.poll(() => state.textContent()).toBe('armed');
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toMatch(/^fired \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

    expect(problems).toEqual([]);
    await context.close();
  });
});

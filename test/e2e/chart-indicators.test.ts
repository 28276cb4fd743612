import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { chartWithIndicators } from './workspace-page.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
const BARS = 40;

/**
 * 40 one-minute bars: closes climb 100, 101.25, … 123.75 over the first 20, then stay at 140.25.
 * EMA 20 as TA-Lib and TradingView seed it: nothing for the first 19 bars, then the average of the
 * first 20 closes (100 + 1.25 × 9.5 = 111.875) on bar 19, then 140.25 − 28.375 × (19/21)^(i − 19) on
 * bar i (each bar closes 2/21 of the remaining gap to 140.25). An EMA started from the first close
 * would read about 1.2 higher on bar 19 and still 0.16 higher on bar 39.
 */
const close = (i: number) => (i < 20 ? 100 + 1.25 * i : 140.25);
const expectedEma = (i: number) => 140.25 - 28.375 * (19 / 21) ** (i - 19);

function replayCsv(): string {
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < BARS; i++) {
    const open = i === 0 ? 98.75 : close(i - 1);
    rows.push([START + i * MINUTE, open, Math.max(open, close(i)) + 0.5, Math.min(open, close(i)) - 0.5, close(i), 10].join(','));
  }
  return `${rows.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'halyard-indicator-replay-'));
const file = join(dir, 'ETHUSDT-1m-2024-01-01.csv');
writeFileSync(file, replayCsv());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chart indicators in Chromium', () => {
  // The replay shows 39 bars as history and plays the last one live (one market minute per real second).
  const suite = serveForSuite({ args: ['--market', `replay:${file}`, '--speed', '60'] });

  it('draws EMA 20 seeded with the average of the first 20 closes, as TA-Lib and TradingView do', async () => {
    const page = await openApp(suite.browser, suite.app);
    const chart = await chartWithIndicators(page, 'ETH/USDT', ['EMA 20']);
    const legend = chart.getByTestId('chart-legend');
    // One render of the legend: the bar it shows and that bar's EMA (null while the EMA warms up).
    const reading = () =>
      legend.evaluate((element) => ({
        time: element.querySelector('time')?.getAttribute('datetime') ?? null,
        ema: element.querySelector('[data-indicator="ema"] b')?.textContent ?? null,
      }));
    const barIndex = (time: string) => (Date.parse(time) - START) / MINUTE;
    const emaValue = (text: string | null) => (text === null ? null : Number(text.replace(/,/g, '')));

    // The last bar played live (revised tick by tick until it closed) ends on its EMA.
    await expect.poll(async () => (await reading()).time, { timeout: 60_000 }).toBe(new Date(START + (BARS - 1) * MINUTE).toISOString());
    await expect.poll(async () => emaValue((await reading()).ema)).toBeCloseTo(expectedEma(BARS - 1), 2);

    // Hovering bar after bar: no EMA in the warm-up, then the seeded EMA to the cent.
    const box = (await chart.getByTestId('chart').boundingBox())!;
    const seen = new Map<number, number | null>();
    const covered = () => [...seen.keys()].some((i) => i < 19) && [...seen.keys()].filter((i) => i >= 19).length >= 10;
    for (let sweep = 0; sweep < 3 && !covered(); sweep++) {
      for (let x = box.x + box.width - 20; x > box.x + 20; x -= 4) {
        await page.mouse.move(x, box.y + box.height * 0.3);
        const sample = await reading();
        if (sample.time) seen.set(barIndex(sample.time), emaValue(sample.ema));
      }
    }
    expect(covered()).toBe(true);
    for (const [i, ema] of seen) {
      if (i < 19) expect(ema, `bar ${i}`).toBeNull();
      else expect(ema, `bar ${i}`).toBeCloseTo(expectedEma(i), 2);
    }
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

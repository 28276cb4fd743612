/**
 * Does a style change make a live update cheaper? (a diagnostic beside `npm run bench chart`). The running
 * app, EMA 20 + Bollinger 20/2 + RSI 14 on, alternates between style sheets injected into the one page
 * (round-robin, ROUNDS times, WIN ms each), so every variant sees the same market, page and machine load;
 * prints the main thread's CPU, script, layout and style time per live update (Chromium's counters).
 * Run: `VARIANTS='{"fixed book":".book-ladder{table-layout:fixed}"}' npx tsx test/bench/chart-css-ab.ts`
 * ("none" is always measured; `display: none` on a panel tells what showing it costs).
 */
import { z } from 'zod';
import { forgetApp } from '../e2e/harness.js';
import { alternateVariants, appWithIndicators, ChartProbe } from './chart-probe.js';

const VARIANTS = z.record(z.string(), z.string()).parse(JSON.parse(process.env.VARIANTS ?? '{}'));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const WINDOW_MS = Number(process.env.WIN ?? 5_000);
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function main(): Promise<void> {
  const probe = new ChartProbe('BTC/USDT');
  const { app, browser, page } = await appWithIndicators(20_000, probe);
  try {
    await page.evaluate(`window.__variant = document.head.appendChild(document.createElement('style'));`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(2_000);
    await alternateVariants(['none', ...Object.keys(VARIANTS)], ROUNDS, async (name) => {
      await page.evaluate((css) => void ((window as unknown as { __variant: HTMLStyleElement }).__variant.textContent = css), VARIANTS[name] ?? '');
      await sleep(500);
    }, cdp, probe, WINDOW_MS);
  } finally {
    await browser.close();
    await app.stop();
    await forgetApp(app).catch(() => undefined);
  }
}

void main();

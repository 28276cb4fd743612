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
    // A constructed sheet, not a <style> element: the renderer's CSP (`style-src 'self'`) drops inline
    // style elements, so every variant measured the page unchanged.
    await page.evaluate(`window.__variant = new CSSStyleSheet(); document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.__variant];`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(2_000);
    await alternateVariants(['none', ...Object.keys(VARIANTS)], ROUNDS, async (name) => {
      const css = VARIANTS[name] ?? '';
      const rules = await page.evaluate((text) => {
        const sheet = (window as unknown as { __variant: CSSStyleSheet }).__variant;
        sheet.replaceSync(text);
        return sheet.cssRules.length;
      }, css);
      if (css !== '' && rules === 0) throw new Error(`variant "${name}": no rule of its style sheet was accepted`);
      await sleep(500);
    }, cdp, probe, WINDOW_MS);
  } finally {
    await browser.close();
    await app.stop();
    await forgetApp(app).catch(() => undefined);
  }
}

void main();

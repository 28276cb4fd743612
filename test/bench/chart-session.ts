/** What the chart benchmarks share: the workspace opened with EMA 20, Bollinger 20/2 and RSI 14 on, and the clean-up. */
import type { Browser, Page } from 'playwright-core';
import { forgetApp, openApp, type ServedApp } from '../e2e/harness.js';

/** Opens the app and switches the three indicators on from the chart's toolbar, as a trader does. */
export async function openWithIndicators(browser: Browser, app: ServedApp, symbol: string): Promise<Page> {
  const page = await openApp(browser, app);
  const chart = page.getByRole('region', { name: `${symbol} chart` });
  await chart.getByRole('button', { name: 'Indicators' }).click();
  for (const name of ['EMA 20', 'Bollinger 20, 2', 'RSI 14']) await chart.getByRole('checkbox', { name }).check();
  await page.keyboard.press('Escape');
  return page;
}

/** Closes the bare page's browser (if opened), the app's browser and the served app, and forgets its data. */
export async function closeSession(bare: { close(): Promise<void> } | null, browser: Browser, app: ServedApp): Promise<void> {
  await bare?.close().catch(() => undefined);
  await browser.close();
  await app.stop();
  await forgetApp(app).catch(() => undefined);
}

/**
 * Does a renderer change make a live update cheaper? (a diagnostic beside `npm run bench chart`, the
 * script counterpart of chart-css-ab.ts). Builds of the renderer (directories holding an index.html and
 * its assets, e.g. a copy of dist/renderer taken before the change) are served side by side by one
 * `serve` — each build's page as dist/renderer/index-<name>.html, the assets beside the current ones
 * (their names carry their content's hash) — and one browser page alternates between them (ROUNDS
 * times each, round-robin), so every build sees the same market, core and machine load. Prints the main
 * thread's CPU, script, layout and style time per live update (Chromium's counters) after a settle.
 * Run: `BUILDS='{"before":"/tmp/dist-before","after":"dist/renderer"}' npx tsx test/bench/chart-build-ab.ts`
 */
import { cp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { forgetApp } from '../e2e/harness.js';
import { alternateVariants, appWithIndicators, ChartProbe } from './chart-probe.js';

const BUILDS = z.record(z.string().regex(/^[\w-]+$/), z.string()).parse(JSON.parse(process.env.BUILDS ?? '{}'));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const WINDOW_MS = Number(process.env.WIN ?? 6_000);
const SETTLE_MS = Number(process.env.SETTLE ?? 2_500);
const served = resolve('dist/renderer');
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Puts each build's page and assets beside the served one; returns the pages to remove afterwards. */
async function stage(): Promise<string[]> {
  const pages: string[] = [];
  for (const [name, dir] of Object.entries(BUILDS)) {
    const root = resolve(dir);
    if (root !== served) for (const asset of await readdir(join(root, 'assets'))) await cp(join(root, 'assets', asset), join(served, 'assets', asset), { force: false });
    const page = join(served, `index-${name}.html`);
    await cp(join(root, 'index.html'), page);
    pages.push(page);
  }
  return pages;
}

async function main(): Promise<void> {
  if (Object.keys(BUILDS).length === 0) throw new Error('BUILDS is empty: give {"name":"dir with index.html and assets"}');
  const pages = await stage();
  const probe = new ChartProbe('BTC/USDT');
  const { app, browser, page } = await appWithIndicators(20_000, probe);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await alternateVariants(Object.keys(BUILDS), ROUNDS, async (name) => {
      await page.goto(`${app.origin}/index-${name}.html?token=${encodeURIComponent(app.token)}`);
      await page.getByRole('region', { name: 'BTC/USDT chart' }).locator('[data-indicator="rsi"] b').first().waitFor();
      await page.getByRole('table', { name: 'Order book' }).locator('tr.book-level').first().waitFor();
      await sleep(SETTLE_MS);
    }, cdp, probe, WINDOW_MS);
  } finally {
    await browser.close();
    await app.stop();
    await forgetApp(app).catch(() => undefined);
    for (const file of pages) await rm(file, { force: true });
  }
}

void main();

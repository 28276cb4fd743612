/**
 * The chart's first render alone (a diagnostic beside `npm run bench chart`): the app with EMA 20,
 * Bollinger 20/2 and RSI 14 on, the bare lightweight-charts page and the floor page, FIRST_ROUNDS
 * navigations each (default 5). Run: `npx tsx test/bench/chart-first-run.ts` (needs `npm run build:renderer`).
 */
import { launchBrowser, startServe } from '../e2e/harness.js';
import { closeSession, openWithIndicators } from './chart-session.js';
import { BareChart } from './chart-bare.js';
import { compareFirstRenders, describeRenders, FIRST_RENDER_RECORDER, recordingPage } from './chart-first.js';
import { loadavg } from 'node:os';

const SYMBOL = 'BTC/USDT';
const BARS = 5_000;

async function main(): Promise<void> {
  const app = await startServe({ args: ['--speed', '300', '--history-minutes', process.env.FIRST_HISTORY ?? '130000'] });
  const browser = await launchBrowser();
  let bare: BareChart | null = null;
  try {
    const page = await openWithIndicators(browser, app, SYMBOL);
    await page.addInitScript(FIRST_RENDER_RECORDER);
    const box = (await page.getByTestId('chart').boundingBox())!;
    bare = await BareChart.open(app, SYMBOL, box);
    const floorPage = await recordingPage(browser);
    const before = loadavg()[0]!.toFixed(2);
    const renders = await compareFirstRenders(page, app.url, bare, floorPage, BARS, Number(process.env.FIRST_ROUNDS ?? 5));
    process.stdout.write(`${describeRenders(renders, BARS).join('\n')}\n(load average ${before} → ${loadavg()[0]!.toFixed(2)})\n`);
  } finally {
    await closeSession(bare, browser, app);
  }
}

void main();

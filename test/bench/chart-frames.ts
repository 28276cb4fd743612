/**
 * How many rendering passes a live update costs (a diagnostic beside `npm run bench chart`): the app and
 * the bare lightweight-charts page each traced by Chromium over a window of live market; prints, per live
 * update, the animation-frame callbacks, style recalcs, layouts and paints on the renderer's main thread,
 * and (`FRAMES_TIMELINE=1`) a second of the app's main-thread tasks with what ran inside them.
 * Run: `npx tsx test/bench/chart-frames.ts` (needs `npm run build:renderer`).
 */
import type { Browser, Page } from 'playwright-core';
import { BareChart } from './chart-bare.js';
import { closeSession } from './chart-session.js';
import { appWithIndicators, ChartProbe, type TraceEvent } from './chart-probe.js';

const WINDOW_MS = Number(process.env.FRAMES_WINDOW_MS ?? 5_000);
const COUNTED = ['FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'FunctionCall', 'ParseHTML'];
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
}

function timeline(events: TraceEvent[]): void {
  const tasks = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.tdur ?? 0) > 200);
  const origin = tasks[0]?.ts ?? 0;
  for (const task of tasks.filter((t) => t.ts - origin < 1_000_000)) {
    const inside = events.filter((e) => e.ts >= task.ts && e.ts < task.ts + (task.dur ?? 0) && COUNTED.includes(e.name));
    const names = inside.map((e) => `${e.name === 'FunctionCall' ? `fn(${e.args?.data?.functionName ?? ''})` : e.name} ${((e.tdur ?? 0) / 1000).toFixed(2)}`);
    process.stdout.write(`  ${((task.ts - origin) / 1000).toFixed(1).padStart(7)} +${((task.tdur ?? 0) / 1000).toFixed(2)} ms cpu: ${names.join(', ')}\n`);
  }
}

async function trace(label: string, browser: Browser, page: Page, probe: ChartProbe): Promise<void> {
  const before = probe.updates;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink'] });
  await sleep(WINDOW_MS);
  const events = mainThreadEvents((JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents);
  const updates = Math.max(1, probe.updates - before);
  const counts = COUNTED.map((name) => {
    const found = events.filter((e) => e.name === name);
    const cpu = found.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
    return `${name} ${(found.length / updates).toFixed(2)}× ${(cpu / updates).toFixed(2)} ms`;
  });
  process.stdout.write(`\n${label}: ${updates} updates in ${WINDOW_MS} ms; per update: ${counts.join(', ')}\n`);
  if (process.env.FRAMES_TIMELINE === '1') timeline(events);
  if (process.env.FRAMES_LAYOUTS === '1') {
    // The first layouts and paints with what Chromium says of them (dirty objects; the painted node and clip).
    for (const e of events.filter((event) => event.name === 'Layout' || event.name === 'Paint' || event.name === 'PrePaint').slice(0, 24)) process.stdout.write(`  ${e.name} ${((e.tdur ?? 0) / 1000).toFixed(2)} ms ${JSON.stringify(e.args)}\n`);
  }
}

async function main(): Promise<void> {
  const probe = new ChartProbe('BTC/USDT');
  const { app, browser, page } = await appWithIndicators(20_000, probe);
  let bare: BareChart | null = null;
  try {
    await sleep(2_000);
    await trace('app (whole workspace)', browser, page, probe);
    const box = (await page.getByTestId('chart').boundingBox())!;
    bare = await BareChart.open(app, 'BTC/USDT', box);
    await bare.load(5_000);
    await sleep(2_000);
    await trace('bare page (5000 bars)', bare.browser, bare.page, bare.probe);
  } finally {
    await closeSession(bare, browser, app);
  }
}

void main();

/**
 * Where a live update's main-thread time goes (a diagnostic beside `npm run bench chart`, not a goal):
 * the app with EMA 20, Bollinger 20/2 and RSI 14 on, and the bare lightweight-charts page, each traced
 * by Chromium for a window of live updates; prints the renderer main thread's self time by trace event
 * (script, paint, layout, style…) and the hottest JS functions (V8 sampling profiler), per update.
 * Run: `npx tsx test/bench/chart-profile.ts` (needs `npm run build:renderer`; an unminified build,
 * `npx vite build --config renderer/vite.config.ts --minify false`, names the app's functions).
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, startServe } from '../e2e/harness.js';
import { closeSession, openWithIndicators } from './chart-session.js';
import { BareChart } from './chart-bare.js';
import { ChartProbe, type TraceEvent } from './chart-probe.js';

const SYMBOL = 'BTC/USDT';
const WINDOW_MS = Number(process.env.PROFILE_WINDOW_MS ?? 6_000);
const HISTORY = Number(process.env.PROFILE_HISTORY ?? 20_000);
const BARE_BARS = Number(process.env.PROFILE_BARE_BARS ?? 5_000);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Self thread time (ms) of every complete event on the main threads of renderers, by name. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur === undefined || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const totals = new Map<string, number>();
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: { e: TraceEvent; end: number; child: number }[] = [];
    const close = (until: number) => {
      while (stack.length > 0 && stack.at(-1)!.end <= until) {
        const top = stack.pop()!;
        totals.set(top.e.name, (totals.get(top.e.name) ?? 0) + (top.e.tdur! - top.child) / 1000);
        if (stack.length > 0) stack.at(-1)!.child += top.e.tdur!;
      }
    };
    for (const e of list) {
      close(e.ts);
      stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
    }
    close(Infinity);
  }
  return totals;
}

const frameKey = (frame: ProfileNode['callFrame']) => `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.split('/').pop()!.split('?')[0]}:${frame.lineNumber}` : ''}`;

/** Self and inclusive time (ms) of JS functions from a V8 CPU profile, by name and place. */
function hotFunctions(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): { self: Map<string, number>; inclusive: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const key = frameKey(byId.get(id)!.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = frameKey(byId.get(at)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  return { self, inclusive };
}

function top(map: Map<string, number>, count: number, updates: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, value]) => `    ${(value / updates).toFixed(3).padStart(8)} ms/update  ${name}`)
    .join('\n');
}

async function measure(label: string, browser: Browser, page: Page, cdp: CDPSession, probe: ChartProbe): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const before = probe.updates;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'cc', 'v8.execute'] });
  const sampling = process.env.PROFILE_JS !== '0';
  if (sampling) await cdp.send('Profiler.start');
  await sleep(WINDOW_MS);
  const { profile } = sampling ? await cdp.send('Profiler.stop') : { profile: { nodes: [], samples: [], timeDeltas: [] } };
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const updates = Math.max(1, probe.updates - before);
  if (process.env.PROFILE_LAYOUT === '1') {
    const layouts = trace.traceEvents.filter((e) => e.name === 'Layout' && e.ph === 'X').slice(0, 12);
    for (const e of layouts) process.stdout.write(`  Layout ${((e.tdur ?? 0) / 1000).toFixed(2)} ms ${JSON.stringify(e.args).slice(0, 300)}\n`);
  }
  const self = selfTimes(trace.traceEvents);
  const js = hotFunctions(profile as never);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`\n${label}: ${updates} updates in ${WINDOW_MS} ms; traced main-thread CPU ${(total / updates).toFixed(2)} ms/update\n  trace events (self CPU):\n${top(self, 14, updates)}\n  JS (sampled self time):\n${top(js.self, 25, updates)}\n  JS (sampled inclusive time):\n${top(js.inclusive, Number(process.env.PROFILE_TOP ?? 45), updates)}\n`);
}

/** The renderer main thread's tasks over 15 ms, in order, with the script they ran (ms from the first). */
function longTasks(events: TraceEvent[]): void {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const on = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`));
  const origin = Math.min(...on.map((e) => e.ts));
  for (const task of on.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 15_000)) {
    const inside = on.filter((e) => e.ts >= task.ts && e.ts < task.ts + (task.dur ?? 0) && e !== task && (e.dur ?? 0) > 3_000);
    const names = inside.map((e) => `${e.name}${e.name === 'FunctionCall' ? `(${JSON.stringify((e.args as { data?: { functionName?: string } })?.data?.functionName ?? '')})` : ''} ${((e.dur ?? 0) / 1000).toFixed(0)}`).slice(0, 8);
    process.stdout.write(`  ${((task.ts - origin) / 1000).toFixed(0).padStart(6)} +${((task.dur ?? 0) / 1000).toFixed(0)} ms: ${names.join(', ')}\n`);
  }
}

/** Navigation → history drawn, traced: the main thread's self time by event and when the history request left and came back. */
async function firstRender(browser: Browser, page: Page, url: string, probe: ChartProbe): Promise<void> {
  const chart = page.getByRole('region', { name: `${SYMBOL} chart` });
  for (let round = 0; round < 3; round++) {
    await page.goto('about:blank');
    probe.reset();
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'v8.execute', 'loading'] });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    const started = performance.now();
    await page.goto(url);
    await chart.locator('[data-indicator="rsi"] b').first().waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const drawn = performance.now() - started;
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.PROFILE_TOP) process.stdout.write(`${top(hotFunctions(profile as never).inclusive, Number(process.env.PROFILE_TOP), 1)}\n`);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const load = probe.loads[0];
    if (process.env.PROFILE_TASKS === '1') longTasks(trace.traceEvents);
    const self = selfTimes(trace.traceEvents);
    const cpu = [...self.values()].reduce((sum, value) => sum + value, 0);
    process.stdout.write(
      `first render ${drawn.toFixed(0)} ms (main-thread CPU ${cpu.toFixed(0)} ms traced); history asked at ${((load?.requestedAt ?? 0) - started).toFixed(0)} ms, answered at ${((load?.answeredAt ?? 0) - started).toFixed(0)} ms\n${top(self, 16, 1)}\n`,
    );
  }
}

async function main(): Promise<void> {
  const app = await startServe({ args: ['--speed', '300', '--history-minutes', String(HISTORY)] });
  const browser = await launchBrowser();
  let bare: BareChart | null = null;
  try {
    const page = await openWithIndicators(browser, app, SYMBOL);
    const chart = page.getByRole('region', { name: `${SYMBOL} chart` });
    const probe = new ChartProbe(SYMBOL);
    probe.attach(page);
    await page.goto('about:blank');
    await page.goto(app.url);
    await chart.locator('[data-indicator="rsi"] b').first().waitFor();
    if (process.env.PROFILE_FIRST === '1') await firstRender(browser, page, app.url, probe);
    const box = (await page.getByTestId('chart').boundingBox())!;
    process.stdout.write(`chart canvas ${box.width}×${box.height}, devicePixelRatio ${await page.evaluate(() => devicePixelRatio)}\n`);
    await sleep(2_000);
    const cdp = await page.context().newCDPSession(page);
    if (process.env.PROFILE_SKIP_APP !== '1') await measure('app (whole workspace)', browser, page, cdp, probe);
    bare = await BareChart.open(app, SYMBOL, box);
    await bare.load(BARE_BARS);
    await sleep(2_000);
    await measure(`bare page (${BARE_BARS} bars)`, bare.browser, bare.page, bare.cdp, bare.probe);
  } finally {
    await closeSession(bare, browser, app);
  }
}

void main();

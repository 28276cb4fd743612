/**
 * First render of the chart, timed inside the page from the navigation's start (the document's time
 * origin) with no hook in the renderer: an init script notes when the page's WebSocket was created and
 * opened, when the `market.history` request left (in a message, or in the socket's address) and its
 * answer arrived, and when the chart was drawn (the frame that paints it: the app's after its RSI legend
 * value is shown, the bare page's after its `setData`, as the page notes it). Beside it, the **floor**: a page from a loopback HTTP server of its own
 * with one canvas filled, timed the same way — what this headless, software-rendered Chromium needs to
 * navigate and show a frame whatever the page does.
 * Run alone (`npx tsx test/bench/chart-first.ts`): app, bare page and floor, several rounds each, in one
 * browser per page kind (the app's assets cached as a trader's reload has them).
 */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  ph: string;
  name: string;
  cat: string;
  pid: number;
  tid: number;
  ts: number;
  tdur?: number;
}

/** Milestones of one navigation, ms from its start (null: did not happen). */
export interface FirstRender {
  /** Seen from the bench process: `page.goto` → drawn confirmed (includes Playwright's round trips). */
  readonly outside: number;
  readonly drawn: number;
  readonly html: number | null;
  readonly scripts: number | null;
  readonly socket: number | null;
  readonly open: number | null;
  readonly asked: number | null;
  readonly answered: number | null;
}

/** The init script: installs `window.__first` before any script of the page runs. */
export const FIRST_RENDER_RECORDER = `(() => {
  const t = { socket: null, open: null, asked: null, answered: null, drawn: null };
  window.__first = t;
  const Native = window.WebSocket;
  let historyId = null;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (t.socket === null) t.socket = performance.now();
      // The app's first socket asks for the history in its address (answered as request id 0).
      if (t.asked === null && String(url).includes('history=')) { t.asked = t.socket; historyId = 0; }
      this.addEventListener('open', () => { if (t.open === null) t.open = performance.now(); });
      this.addEventListener('message', (event) => {
        if (historyId === null || t.answered !== null || typeof event.data !== 'string') return;
        const head = event.data.slice(0, 400);
        if (head.includes('"type":"response"') && new RegExp('"id":' + historyId + '[,}]').test(head)) t.answered = performance.now();
      });
    }
    send(data) {
      if (t.asked === null && typeof data === 'string' && data.includes('"market.history"')) {
        t.asked = performance.now();
        historyId = JSON.parse(data).id;
      }
      super.send(data);
    }
  };
  // The app: drawn in the frame that paints the chart's RSI legend value (the history went through the
  // indicators; the chart's canvas was drawn in the same frame or before).
  const watch = new MutationObserver(() => {
    if (!document.querySelector('[data-indicator="rsi"] b')) return;
    watch.disconnect();
    requestAnimationFrame(() => { t.drawn = performance.now(); performance.mark('first-drawn'); });
  });
  // The bare page and the floor page say so themselves (their own two frames after drawing).
  Object.defineProperty(window, '__bare', {
    configurable: true,
    set(status) { Object.defineProperty(window, '__bare', { value: status, writable: true, configurable: true }); const poll = () => { if (!status.drawn) return requestAnimationFrame(poll); t.drawn = status.drawnAt ?? performance.now(); performance.mark('first-drawn'); }; poll(); },
  });
  document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive') watch.observe(document.body ?? document.documentElement, { childList: true, subtree: true }); }, { once: true });
})();`;

type Recorded = Omit<FirstRender, 'outside' | 'html' | 'scripts'> & { html: number; scripts: number | null };

/** Navigates `page` (with the recorder installed) to `url` and times its first render. */
export async function timeFirstRender(page: Page, url: string): Promise<FirstRender> {
  await page.goto('about:blank');
  const started = performance.now();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __first?: { drawn: number | null } }).__first?.drawn != null, undefined, { polling: 'raf', timeout: 120_000 });
  const outside = performance.now() - started;
  const recorded = await page.evaluate((): Recorded => {
    const first = (window as unknown as { __first: Omit<Recorded, 'html' | 'scripts'> }).__first;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const scripts = performance.getEntriesByType('resource').filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script' || entry.name.endsWith('.js'));
    return { ...first, html: navigation.responseEnd, scripts: scripts.length > 0 ? Math.max(...scripts.map((entry) => (entry as PerformanceResourceTiming).responseEnd)) : null };
  });
  return { outside, ...recorded, drawn: recorded.drawn! };
}

/** The floor page: one canvas filled, drawn in the next frame. */
const FLOOR_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#131722}</style></head><body><canvas id="c" width="792" height="419"></canvas><script>
const status = { drawn: false, drawnAt: null };
window.__bare = status;
const context = document.getElementById('c').getContext('2d');
context.fillStyle = '#26a69a';
context.fillRect(10, 10, 400, 200);
requestAnimationFrame(() => { status.drawnAt = performance.now(); status.drawn = true; });
</script></body></html>`;

/** A loopback HTTP server of the bench's own serving the floor page. */
export async function startFloorServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(FLOOR_HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function recordingPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(FIRST_RENDER_RECORDER);
  return page;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median of each milestone over rounds. */
export function medianRender(rounds: readonly FirstRender[]): FirstRender {
  const of = (key: keyof FirstRender) => {
    const values = rounds.map((round) => round[key]).filter((value): value is number => value !== null);
    return values.length === 0 ? null : median(values);
  };
  return { outside: of('outside')!, drawn: of('drawn')!, html: of('html'), scripts: of('scripts'), socket: of('socket'), open: of('open'), asked: of('asked'), answered: of('answered') };
}

const at = (value: number | null) => (value === null ? '—' : `${value.toFixed(0)}`);

/** One line: drawn (in the page and as the bench sees it) and the milestones on the way. */
export function describeRender(label: string, render: FirstRender): string {
  return (
    `${label.padEnd(10)} drawn ${at(render.drawn).padStart(5)} ms after navigation start (bench process: ${at(render.outside)} ms); ` +
    `HTML ${at(render.html)}, scripts ${at(render.scripts)}, WebSocket created ${at(render.socket)} / open ${at(render.open)}, history asked ${at(render.asked)} / answered ${at(render.answered)} ms`
  );
}

export interface FirstRenders {
  readonly app: FirstRender;
  readonly bare: FirstRender;
  readonly floor: FirstRender;
  readonly rounds: number;
  /** Main-thread CPU from the navigation's start to drawn (ms), one traced navigation each. */
  readonly cpu: { readonly app: number; readonly bare: number; readonly floor: number };
}

/**
 * The app (`appPage` already showing the chart with its indicators, the recorder installed), the bare
 * page (`bare`, holding `bars`) and the floor page, `rounds` navigations each, interleaved so the three
 * share the machine's load; medians. One navigation of each first, unmeasured: the app's and the bare
 * page's scripts come as on a reload (in the HTTP cache / compiled once), as for every round after.
 */
export async function compareFirstRenders(
  appPage: Page,
  appUrl: string,
  bare: { firstRender(bars: number): Promise<FirstRender>; readonly browser: Browser; readonly page: Page },
  floorPage: Page,
  bars: number,
  rounds: number,
): Promise<FirstRenders> {
  const floor = await startFloorServer();
  try {
    const app: FirstRender[] = [];
    const bareRounds: FirstRender[] = [];
    const floorRounds: FirstRender[] = [];
    for (let round = -1; round < rounds; round++) {
      const measured = [await timeFirstRender(appPage, appUrl), await bare.firstRender(bars), await timeFirstRender(floorPage, floor.url)] as const;
      if (round < 0) continue;
      app.push(measured[0]);
      bareRounds.push(measured[1]);
      floorRounds.push(measured[2]);
    }
    const cpu = {
      app: await tracedMainThreadCpu(appPage.context().browser()!, appPage, () => timeFirstRender(appPage, appUrl)),
      bare: await tracedMainThreadCpu(bare.browser, bare.page, () => bare.firstRender(bars)),
      floor: await tracedMainThreadCpu(floorPage.context().browser()!, floorPage, () => timeFirstRender(floorPage, floor.url)),
    };
    return { app: medianRender(app), bare: medianRender(bareRounds), floor: medianRender(floorRounds), rounds, cpu };
  } finally {
    await floor.close();
  }
}

/** The bench's lines: the three medians and the app's figure over the floor. */
export function describeRenders(renders: FirstRenders, bars: number): string[] {
  const { app, bare, floor } = renders;
  return [
    `first render of ${bars} bars, median of ${renders.rounds} navigations each (ms from the navigation's start, measured in the page; goal ≤ 300 ms):`,
    `  ${describeRender('app', app)}`,
    `  ${describeRender('bare page', bare)}`,
    `  ${describeRender('floor', floor)}`,
    `  app ${app.drawn.toFixed(0)} ms = floor ${floor.drawn.toFixed(0)} ms (navigate, show a canvas: no page does less) + ${(app.drawn - floor.drawn).toFixed(0)} ms of its own; ` +
      `bare page ${bare.drawn.toFixed(0)} ms = floor + ${(bare.drawn - floor.drawn).toFixed(0)} ms; app/bare ${(app.drawn / bare.drawn).toFixed(2)}`,
    `  main-thread CPU from the navigation's start to drawn (one traced navigation each; a loaded machine inflates it less than the wall time): ` +
      `app ${renders.cpu.app.toFixed(0)} ms, bare page ${renders.cpu.bare.toFixed(0)} ms, floor ${renders.cpu.floor.toFixed(0)} ms`,
  ];
}

/**
 * One more navigation, traced by Chromium: the CPU time the page's main thread spent from the
 * navigation's start to the frame that drew the chart (its top-level tasks' thread time), which a
 * machine shared with other work inflates far less than the wall time.
 */
export async function tracedMainThreadCpu(browser: Browser, page: Page, navigate: () => Promise<FirstRender>): Promise<number> {
  await page.goto('about:blank');
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  const render = await navigate();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const drawn = traceEvents.find((e) => e.name === 'first-drawn');
  if (!drawn) throw new Error('the trace has no first-drawn mark');
  // The page's navigation start is `render.drawn` before the mark (other documents of the process, such as
  // the favicon's SVG, have navigation starts of their own).
  const expected = drawn.ts - render.drawn * 1000;
  const starts = traceEvents.filter((e) => e.name === 'navigationStart' && e.pid === drawn.pid);
  const start = starts.sort((a, b) => Math.abs(a.ts - expected) - Math.abs(b.ts - expected))[0];
  if (!start) throw new Error('the trace has no navigationStart mark in the page\'s renderer');
  const tasks = traceEvents.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === drawn.pid && e.tid === drawn.tid && e.ts >= start.ts && e.ts <= drawn.ts);
  return tasks.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
}

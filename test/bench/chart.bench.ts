/**
 * Chart (issue 7: "smooth with 100k+ candles and live updates for hours"). The real app in Debian's
 * Chromium against `serve --history-minutes 130000` (the simulated market starts with 130k 1m bars),
 * driven as a trader drives it: EMA 20, Bollinger 20/2 and RSI 14 switched on from the toolbar, the
 * chart zoomed out and dragged back until scroll-back loading holds ≥ 100k 1m bars, then panned and
 * zoomed across them, then left at the live edge while the market runs at `--speed 300` (5 new 1m
 * bars a second, one batch of live updates every 250 ms feed tick).
 * Printed side by side: first render of the history, scroll-back loads, rAF frame intervals while
 * panning/zooming, and main-thread ms per live update and the JS heap after GC at three points:
 * early (the first 5k bars), with ≥ 100k bars held, and after a long live run — with the late/early
 * ratio (the "no slowdown" evidence: a live update must not cost more because more bars are held).
 * Goals (printed, not asserted): frame p95 ≤ 50 ms while panning/zooming; late/early ≤ 1.5.
 * Same run, same market, same window: a bare lightweight-charts page with the same series
 * (chart-bare.ts) holding as many bars as the app (5,000 first, then what scroll-back loaded) — its
 * first render and main-thread time per live update beside the app's, with the ratio (issue 16: app
 * ≤ 2 ms per update, ≤ 1.2× the bare page; first render of 5,000 bars ≤ 300 ms; `market.history`
 * of 5,000 bars ≤ 50 ms). Main-thread time is printed as CPU time (Chromium's ThreadTime: what the
 * page's main thread used, steady on a shared machine) and as task time (wall, as before).
 * First render also timed inside each page (chart-first.ts), beside a floor page (what any page needs to
 * navigate and show a frame in this Chromium), as medians of BENCH_CHART_FIRST_ROUNDS navigations.
 * Needs the built renderer (`npm run build:renderer`). BENCH_CHART_UPDATES overrides the long run,
 * BENCH_CHART_TARGET the bars to scroll back to.
 */
import { launchBrowser, startServe } from '../e2e/harness.js';
import { closeSession, openWithIndicators } from './chart-session.js';
import { BareChart, historyAnswerTimes } from './chart-bare.js';
import { compareFirstRenders, describeRenders, FIRST_RENDER_RECORDER, recordingPage } from './chart-first.js';
import { ChartProbe, heapAfterGcMb, mainThreadMs, percentile, startFrames, stopFrames } from './chart-probe.js';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';

/** Market minutes per real minute: 5 bars/s, arriving in one batch per 250 ms feed tick. */
const SPEED = Number(process.env.BENCH_CHART_SPEED ?? 300);
const BARS_PER_SECOND = SPEED / 60;
/** The simulated market starts with this much 1m history, so 100k+ bars are there from the start. */
const HISTORY_MINUTES = Number(process.env.BENCH_CHART_HISTORY ?? 130_000);
const TARGET_BARS = Number(process.env.BENCH_CHART_TARGET ?? 100_000);
const FIRST_BARS = 5_000;
const LONG_RUN_UPDATES = Number(process.env.BENCH_CHART_UPDATES ?? 2_000);
/** Navigations of each page (app, bare page, floor page) for the first-render medians. */
const FIRST_ROUNDS = Number(process.env.BENCH_CHART_FIRST_ROUNDS ?? 3);
const WINDOW_MS = 8_000;
const FRAMES_WINDOW_MS = 4_000;
const SYMBOL = 'BTC/USDT';

const ms = (value: number) => `${value.toFixed(1)} ms`;
const frameSummary = (intervals: number[]) =>
  `median ${ms(percentile(intervals, 50))}, p95 ${ms(percentile(intervals, 95))}, max ${ms(Math.max(...intervals))} (${intervals.length} frames)`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function chartBox(page: Page) {
  const box = await page.getByTestId('chart').boundingBox();
  if (!box) throw new Error('the chart is not on screen');
  return box;
}

/** One drag across the price pane; positive `dx` moves the content right (towards older bars). */
async function drag(page: Page, dx: number): Promise<void> {
  const box = await chartBox(page);
  const y = box.y + box.height * 0.3;
  const from = dx > 0 ? box.x + 40 : box.x + box.width - 120;
  await page.mouse.move(from, y);
  await page.mouse.down();
  await page.mouse.move(from + dx, y, { steps: 12 });
  await page.mouse.up();
}

/** The app and the bare page over the same window of live updates (the bare page's figures: `bare`). */
async function liveWindow(page: Page, probe: ChartProbe, cdp: Awaited<ReturnType<typeof cdpFor>>, bare: BareChart) {
  const heap = await heapAfterGcMb(cdp);
  const [busy0, bare0] = await Promise.all([mainThreadMs(cdp), mainThreadMs(bare.cdp)]);
  const updates0 = probe.updates;
  const bareUpdates0 = bare.probe.updates;
  await sleep(WINDOW_MS);
  const [busy1, bare1] = await Promise.all([mainThreadMs(cdp), mainThreadMs(bare.cdp)]);
  // Frames in a window of their own: the recorder's rAF loop makes the page draw every vsync (3–4 ms of
  // main thread per update in the app), which neither page would pay without it.
  await startFrames(page);
  await sleep(FRAMES_WINDOW_MS);
  const frames = await stopFrames(page);
  const updates = Math.max(1, probe.updates - updates0);
  const bareUpdates = Math.max(1, bare.probe.updates - bareUpdates0);
  return {
    heap,
    perUpdate: (busy1.task - busy0.task) / updates,
    cpuPerUpdate: (busy1.cpu - busy0.cpu) / updates,
    bareCpuPerUpdate: (bare1.cpu - bare0.cpu) / bareUpdates,
    bareTaskPerUpdate: (bare1.task - bare0.task) / bareUpdates,
    updates,
    busyShare: (busy1.task - busy0.task) / WINDOW_MS,
    frames,
    bars: probe.bars,
    bareBars: bare.probe.bars,
  };
}

type Live = Awaited<ReturnType<typeof liveWindow>>;
const versus = (app: number, bare: number) => `app ${app.toFixed(2)} ms vs bare ${bare.toFixed(2)} ms — ratio ${(app / bare).toFixed(2)}`;
const liveLine = (label: string, live: Live) =>
  `  ${label.padEnd(28)} CPU ${versus(live.cpuPerUpdate, live.bareCpuPerUpdate)}; task ${versus(live.perUpdate, live.bareTaskPerUpdate)} (${live.bars} vs ${live.bareBars} bars held, ${live.updates} updates)`;

async function cdpFor(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return cdp;
}

/** The machine's load while measuring: wall times on a shared machine mean little without it. */
const load = () => `load average ${loadavg().map((value) => value.toFixed(2)).join(', ')} on ${cpus().length} cores`;

export async function run(): Promise<void> {
  const loadBefore = load();
  const app = await startServe({ args: ['--speed', String(SPEED), '--history-minutes', String(HISTORY_MINUTES)] });
  const browser = await launchBrowser();
  const probe = new ChartProbe(SYMBOL);
  let bare: BareChart | null = null;
  let stage = 'opening the workspace';
  try {
    const page = await openWithIndicators(browser, app, SYMBOL);
    const chart = page.getByRole('region', { name: `${SYMBOL} chart` });
    await chart.locator('[data-indicator="rsi"] b').first().waitFor();

    stage = 'opening the bare lightweight-charts page';
    bare = await BareChart.open(app, SYMBOL, await chartBox(page));

    // Reload with the probe attached, so it sees the first history request.
    await page.goto('about:blank');

    stage = 'timing first renders inside the pages (app, bare page, floor page)';
    // The recorder stays in the page (a few checks per WebSocket message; the bare page has it too).
    await page.addInitScript(FIRST_RENDER_RECORDER);
    const floorPage = await recordingPage(browser);
    const renders = await compareFirstRenders(page, app.url, bare, floorPage, FIRST_BARS, FIRST_ROUNDS);
    await floorPage.close();
    await page.goto('about:blank');

    stage = 'loading the first history';
    probe.attach(page);
    const navigated = performance.now();
    await page.goto(app.url);
    await chart.locator('[data-indicator="rsi"] b').first().waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const firstRender = performance.now() - navigated;
    const firstLoad = probe.loads[0];
    const cdp = await cdpFor(page);
    const bareFirstRender = await bare.load(FIRST_BARS);
    stage = 'asking for market.history over a plain WebSocket';
    const answers = await historyAnswerTimes(app, SYMBOL, FIRST_BARS, 15);

    stage = 'applying live updates to the first history';
    await sleep(1_000);
    const early = await liveWindow(page, probe, cdp, bare);

    stage = 'dragging back (scroll-back loading)';
    // Zoom all the way out, then drag back: every time the oldest bar comes near, older history loads.
    const box = await chartBox(page);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 400);
    await startFrames(page);
    let drags = 0;
    while (probe.bars < TARGET_BARS || probe.loads.length < 4) {
      if (++drags > 400) throw new Error(`scroll-back stopped at ${probe.bars} bars after 400 drags (loads: ${JSON.stringify(probe.loads)})`);
      const t = performance.now();
      await drag(page, box.width - 200);
      if (process.env.BENCH_TRACE) process.stdout.write(`drag ${drags}: ${(performance.now() - t).toFixed(0)} ms, bars ${probe.bars}, loads ${probe.loads.map((l) => `${l.limit}:${l.bars}`).join(' ')}\n`);
    }
    const scrollBackFrames = await stopFrames(page);
    const historyBars = probe.bars;

    stage = 'panning and zooming';
    // Pan across the loaded history towards the present, then zoom in and out over it.
    await startFrames(page);
    for (let i = 0; i < 30; i++) await drag(page, -(box.width - 200));
    const panFrames = await stopFrames(page);
    await startFrames(page);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -300);
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 300);
    }
    const zoomFrames = await stopFrames(page);

    stage = 'applying live updates';
    // Back to the live edge (double-click on the time axis resets it), then watch the market run.
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 8);
    stage = 'loading the bare page with as many bars as the app holds';
    await bare.load(probe.bars);
    await sleep(1_000);
    const held = await liveWindow(page, probe, cdp, bare);
    const longRunFrom = probe.updates;
    while (probe.updates - longRunFrom < LONG_RUN_UPDATES) await sleep(1_000);
    const longRun = probe.updates - longRunFrom;
    const late = await liveWindow(page, probe, cdp, bare);

    const lines = [
      `machine: ${loadBefore} at the start, ${load()} at the end`,
      `market: simulated with --history-minutes ${HISTORY_MINUTES} at --speed ${SPEED} (${BARS_PER_SECOND} new 1m bars/s); chart ${SYMBOL} 1m with EMA 20, Bollinger 20/2, RSI 14 pane`,
      `first render of the history (${firstLoad?.bars ?? '?'} bars, navigation → drawn as the bench process sees it): app ${ms(firstRender)} vs bare ${ms(bareFirstRender)} — ratio ${(firstRender / bareFirstRender).toFixed(2)} (app's history request → answer ${ms((firstLoad?.answeredAt ?? 0) - (firstLoad?.requestedAt ?? 0))}; goal ≤ 300 ms)`,
      ...describeRenders(renders, FIRST_BARS),
      `market.history of ${FIRST_BARS} 1m bars over a plain WebSocket while the market runs (${answers.length} calls): median ${ms(percentile(answers, 50))}, p95 ${ms(percentile(answers, 95))}, first ${ms(answers[0] ?? Number.NaN)} (goal ≤ 50 ms)`,
      ...probe.loads.slice(1, 4).map((load) => `scroll-back load of ${load.limit} requested: ${load.bars} bars answered in ${ms(load.answeredAt - load.requestedAt)}`),
      `bars on the chart after scroll-back: ${historyBars} (${drags} drags)`,
      `frames while dragging back (incl. the loads):   ${frameSummary(scrollBackFrames)}`,
      `frames while panning across ${historyBars}+ bars:  ${frameSummary(panFrames)}`,
      `frames while zooming in/out:                     ${frameSummary(zoomFrames)}`,
      `live: early (first history) vs ${held.bars} bars held vs late (after ${longRun} more live updates; the chart trimmed its oldest bars ${probe.trims}×):`,
      `  bars held by the chart:     ${early.bars} vs ${held.bars} vs ${late.bars}`,
      `  updates in ${WINDOW_MS / 1000} s window:     ${early.updates} vs ${held.updates} vs ${late.updates}`,
      `main thread per live update, app (whole workspace) vs the bare lightweight-charts page, same window (goal: app ≤ 2 ms, ratio ≤ 1.2):`,
      liveLine(`first history:`, early),
      liveLine(`after scroll-back:`, held),
      liveLine(`after the long run:`, late),
      `  main thread per update:     ${early.perUpdate.toFixed(3)} ms vs ${held.perUpdate.toFixed(3)} ms vs ${late.perUpdate.toFixed(3)} ms — held/early ${(held.perUpdate / early.perUpdate).toFixed(2)}, late/early ${(late.perUpdate / early.perUpdate).toFixed(2)} (goal ≤ 1.5)`,
      `  main thread busy:           ${(early.busyShare * 100).toFixed(0)}% vs ${(held.busyShare * 100).toFixed(0)}% vs ${(late.busyShare * 100).toFixed(0)}%`,
      `  frames (${FRAMES_WINDOW_MS / 1000} s after):        p95 ${ms(percentile(early.frames, 95))} vs ${ms(percentile(held.frames, 95))} vs ${ms(percentile(late.frames, 95))} (median ${ms(percentile(early.frames, 50))} vs ${ms(percentile(held.frames, 50))} vs ${ms(percentile(late.frames, 50))})`,
      `  JS heap after GC:           ${early.heap.toFixed(1)} MB vs ${held.heap.toFixed(1)} MB vs ${late.heap.toFixed(1)} MB — late/held ${(late.heap / held.heap).toFixed(2)}; per bar held ${((held.heap * 1024 * 1024) / held.bars).toFixed(0)} B vs ${((late.heap * 1024 * 1024) / late.bars).toFixed(0)} B`,
      `goals: frame p95 ≤ 50 ms while panning/zooming 100k bars; per-update cost late/early ≤ 1.5`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    // A page that stops answering is the measurement (the goal is missed), not a crash of `npm run bench`.
    const loads = probe.loads.map((l) => `${l.bars} bars in ${ms(l.answeredAt - l.requestedAt)}`).join(', ');
    process.stdout.write(
      `GOAL MISSED: the page stopped answering while ${stage} (${probe.bars} bars on the chart, ${probe.updates} live updates received; loads: ${loads || 'none'})\n` +
        `  ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`,
    );
  } finally {
    await closeSession(bare, browser, app);
  }
}

/**
 * What the chart benchmark watches from outside the page, without any hook in the renderer:
 * the WebSocket frames (history responses, live candle updates of the shown symbol), Chromium's
 * main-thread time and heap (CDP), and requestAnimationFrame intervals (while asked for).
 */
import type { Browser, CDPSession, Page, WebSocket } from 'playwright-core';
import { launchBrowser, startServe, type ServedApp } from '../e2e/harness.js';
import { openWithIndicators } from './chart-session.js';

interface Frame {
  type?: string;
  id?: number;
  name?: string;
  args?: { symbol?: string; timeframe?: string; limit?: number };
  result?: { candles?: { time?: number[] } };
  payload?: { updates?: { symbol: string; timeframe: string; candle: { time: number } }[] };
}

/** Mirrors what the chart shows (history, scroll-back, appended live bars, its trim) to count bars. */
const MAX_BARS = 200_000;
const TRIM_TO = 150_000;

/** One event of a Chromium trace (what the trace-reading diagnostics use of it). */
export interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string } };
}

export interface HistoryLoad {
  readonly limit: number;
  readonly bars: number;
  readonly requestedAt: number;
  readonly answeredAt: number;
}

export class ChartProbe {
  /** Live 1m updates of the shown symbol received so far (each one is one `apply` on the chart). */
  updates = 0;
  /** Bars the chart holds, by the same rules as Chart.tsx. */
  bars = 0;
  trims = 0;
  readonly loads: HistoryLoad[] = [];
  private firstTime = Infinity;
  private lastTime = -Infinity;
  private readonly pending = new Map<number, { limit: number; at: number }>();

  constructor(private readonly symbol: string) {}

  /** Forgets everything (call before a reload: the page starts over). */
  reset(): void {
    this.updates = 0;
    this.bars = 0;
    this.trims = 0;
    this.loads.length = 0;
    this.pending.clear();
    this.firstTime = Infinity;
    this.lastTime = -Infinity;
  }

  attach(page: Page): void {
    page.on('websocket', (socket: WebSocket) => {
      // The app's first socket asks for the history in its address (answered as request 0).
      const inAddress = new URL(socket.url()).searchParams.get('history');
      if (inAddress !== null) this.onSent(JSON.stringify({ type: 'request', id: 0, name: 'market.history', args: JSON.parse(inAddress) as unknown }));
      socket.on('framesent', ({ payload }) => this.onSent(payload));
      socket.on('framereceived', ({ payload }) => this.onReceived(payload));
    });
  }

  private onSent(payload: string | Buffer): void {
    for (const frame of frames(payload)) {
      if (frame.type === 'request' && frame.name === 'market.history' && frame.args?.symbol === this.symbol && frame.args.timeframe === '1m' && typeof frame.id === 'number') {
        this.pending.set(frame.id, { limit: frame.args.limit ?? 0, at: performance.now() });
      }
    }
  }

  private onReceived(payload: string | Buffer): void {
    for (const frame of frames(payload)) {
      if (frame.type === 'response' && typeof frame.id === 'number' && this.pending.has(frame.id)) {
        const request = this.pending.get(frame.id)!;
        this.pending.delete(frame.id);
        const times = frame.result?.candles?.time ?? [];
        if (request.limit > 2) {
          this.loads.push({ limit: request.limit, bars: times.length, requestedAt: request.at, answeredAt: performance.now() });
          // The first (5,000) load replaces; later, longer ones add only what is older than what is shown.
          if (this.loads.length === 1) {
            this.bars = times.length;
            this.firstTime = times[0] ?? Infinity;
            this.lastTime = times.at(-1) ?? -Infinity;
          } else {
            this.bars += times.filter((t) => t < this.firstTime).length;
            this.firstTime = Math.min(this.firstTime, times[0] ?? Infinity);
          }
        }
      } else if (frame.type === 'event' && frame.name === 'market.candles') {
        for (const update of frame.payload?.updates ?? []) {
          if (update.symbol !== this.symbol || update.timeframe !== '1m') continue;
          this.updates++;
          if (update.candle.time > this.lastTime && this.loads.length > 0) {
            this.lastTime = update.candle.time;
            this.bars++;
            if (this.bars > MAX_BARS) {
              this.bars = TRIM_TO;
              this.trims++;
            }
          }
        }
      }
    }
  }

}

function frames(payload: string | Buffer): Frame[] {
  try {
    const parsed = JSON.parse(payload.toString()) as Frame | Frame[];
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [];
  }
}

/**
 * Records requestAnimationFrame timestamps from `startFrames` to `stopFrames`, and only then: a rAF loop
 * makes the page produce a frame every vsync, which costs its main thread several ms per live update
 * (measured: 3–4 ms at ~9 updates a second), so no window that measures main-thread time runs it.
 * A string, not a function: tsx would wrap the inner arrow in a helper the page does not have.
 */
const START_RECORDER = `{
  const recorder = { on: true, t: [] };
  window.__frames = recorder;
  const tick = (ts) => { if (!recorder.on) return; recorder.t.push(ts); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}`;

export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(START_RECORDER);
}

export async function stopFrames(page: Page): Promise<number[]> {
  const times = await page.evaluate(() => {
    const recorder = (window as unknown as { __frames: { on: boolean; t: number[] } }).__frames;
    recorder.on = false;
    return recorder.t;
  });
  return times.slice(1).map((t, i) => t - times[i]!);
}

/**
 * The page's main thread so far, from Chromium's own counters (ms): `task`, the wall time of its tasks
 * (what the thread was busy with, including time the OS gave the core to someone else), and `cpu`,
 * the CPU time it used (steady on a machine shared with other work).
 */
export async function mainThreadMs(cdp: CDPSession): Promise<{ task: number; cpu: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: metric('TaskDuration'), cpu: metric('ThreadTime') };
}

/** JS heap in use after a full garbage collection (MB). */
export async function heapAfterGcMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The simulated market at 5 bars a second and the app on it with EMA 20, Bollinger 20/2 and RSI 14 on, drawn. */
export async function appWithIndicators(historyMinutes: number, probe?: ChartProbe): Promise<{ app: ServedApp; browser: Browser; page: Page }> {
  const app = await startServe({ args: ['--speed', '300', '--history-minutes', String(historyMinutes)] });
  const browser = await launchBrowser();
  const page = await openWithIndicators(browser, app, 'BTC/USDT');
  const chart = page.getByRole('region', { name: 'BTC/USDT chart' });
  if (probe) {
    // Reloaded with the probe attached, so it sees the history request and every live update.
    probe.attach(page);
    await page.goto('about:blank');
    await page.goto(app.url);
  }
  await chart.locator('[data-indicator="rsi"] b').first().waitFor();
  return { app, browser, page };
}

/**
 * Chromium's main-thread counters (CPU, script, layout, style) over `windowMs` of live market, per live
 * update the probe saw — what the in-page A/B diagnostics compare (chart-css-ab.ts, chart-build-ab.ts).
 */
export async function perUpdateOver(cdp: CDPSession, probe: ChartProbe, windowMs: number): Promise<{ cpu: number; line: string }> {
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
  const [before, updates] = [await metrics(), probe.updates];
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = await metrics();
  const count = Math.max(1, probe.updates - updates);
  const per = (metric: string) => ((after[metric] ?? 0) - (before[metric] ?? 0)) / count;
  const line = `CPU ${per('ThreadTime').toFixed(2)} ms, script ${per('ScriptDuration').toFixed(2)}, layout ${per('LayoutDuration').toFixed(2)}, style ${per('RecalcStyleDuration').toFixed(2)} per update (${count} updates)`;
  return { cpu: per('ThreadTime'), line };
}

/** Round-robin over `names` (`prepare` sets each up in the page), CPU per update of each, then the medians. */
export async function alternateVariants(names: readonly string[], rounds: number, prepare: (name: string) => Promise<void>, cdp: CDPSession, probe: ChartProbe, windowMs: number): Promise<void> {
  const cpu = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      await prepare(name);
      const { cpu: used, line } = await perUpdateOver(cdp, probe, windowMs);
      cpu.set(name, [...(cpu.get(name) ?? []), used]);
      process.stdout.write(`${name.padEnd(16)} ${line}\n`);
    }
  }
  for (const [name, values] of cpu) process.stdout.write(`${name.padEnd(16)} median CPU ${percentile(values, 50).toFixed(2)} ms per update (${values.map((v) => v.toFixed(2)).join(', ')})\n`);
}

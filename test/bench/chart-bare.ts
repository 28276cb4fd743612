/**
 * The chart benchmark's same-run baseline: a bare lightweight-charts page (chart-bare-page.ts) with the
 * app chart's series, served at the app's origin (so the host accepts its WebSocket) by a Playwright
 * route, in a Chromium of its own (its own renderer process, measured on its own), plus the
 * `market.history` answer time as a plain WebSocket client sees it.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { chromiumPath, type ServedApp } from '../e2e/harness.js';
import { ChartProbe } from './chart-probe.js';
import { FIRST_RENDER_RECORDER, timeFirstRender, type FirstRender } from './chart-first.js';

const PAGE_PATH = '/bench-bare-chart.html';
let script: Promise<string> | null = null;

/** The page's script, bundled once per run (lightweight-charts and core/indicators included). */
function bareScript(): Promise<string> {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./chart-bare-page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: process.env.BENCH_BARE_MINIFY !== '0',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return script;
}

export interface ChartSize {
  width: number;
  height: number;
}

export class BareChart {
  /** Counts the page's live updates and history loads from its WebSocket frames, as for the app. */
  readonly probe: ChartProbe;

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly cdp: CDPSession,
    private readonly app: ServedApp,
    private readonly symbol: string,
  ) {
    this.probe = new ChartProbe(symbol);
    this.probe.attach(page);
  }

  static async open(app: ServedApp, symbol: string, size: ChartSize): Promise<BareChart> {
    // Chromium's Local Network Access checks refuse a loopback WebSocket to a page a route fulfilled
    // (it was never fetched from the loopback host), so this browser runs without them.
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-features=LocalNetworkAccessChecks'],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const code = (await bareScript()).replaceAll('</script', '<\\/script');
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#131722}#chart{width:${Math.round(size.width)}px;height:${Math.round(size.height)}px}</style></head><body><div id="chart"></div><script>${code}</script></body></html>`;
    await page.route(`**${PAGE_PATH}*`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.addInitScript(FIRST_RENDER_RECORDER);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new BareChart(browser, page, cdp, app, symbol);
  }

  private url(limit: number): string {
    const query = new URLSearchParams({ token: this.app.token, symbol: this.symbol, limit: String(limit) });
    return `${this.app.origin}${PAGE_PATH}?${query.toString()}`;
  }

  /** Navigates to the bare page holding `limit` bars, timed from the navigation's start (chart-first.ts). */
  async firstRender(limit: number): Promise<FirstRender> {
    this.probe.reset();
    return timeFirstRender(this.page, this.url(limit));
  }

  /** Navigates to the bare page holding `limit` bars; resolves with navigation → history drawn (ms). */
  async load(limit: number): Promise<number> {
    this.probe.reset();
    const started = performance.now();
    await this.page.goto(this.url(limit));
    await this.page.waitForFunction(() => (window as unknown as { __bare?: { drawn: boolean } }).__bare?.drawn === true, undefined, { polling: 50, timeout: 120_000 });
    return performance.now() - started;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** `market.history` of `limit` 1m bars asked `calls` times over a plain WebSocket: answer times (ms), in order. */
export async function historyAnswerTimes(app: ServedApp, symbol: string, limit: number, calls: number): Promise<number[]> {
  const socket = new WebSocket(`ws://${new URL(app.origin).host}/api?token=${encodeURIComponent(app.token)}`, { origin: app.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const times: number[] = [];
  try {
    for (let id = 1; id <= calls; id++) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const onMessage = (data: Buffer) => {
          const parsed = JSON.parse(data.toString('utf8')) as { type?: string; id?: number } | { type?: string; id?: number }[];
          if ((Array.isArray(parsed) ? parsed : [parsed]).some((frame) => frame.type === 'response' && frame.id === id)) {
            socket.off('message', onMessage);
            resolve();
          }
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ type: 'request', id, name: 'market.history', args: { symbol, timeframe: '1m', limit } }));
      });
      times.push(performance.now() - started);
    }
  } finally {
    socket.close();
  }
  return times;
}

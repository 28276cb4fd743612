/**
 * Which parts of the workspace a live tick touches (a diagnostic beside `npm run bench chart`): a
 * MutationObserver in the running app counts DOM mutations per second by panel and kind, and Chromium's
 * trace counts layouts and their dirty objects. Run: `npx tsx test/bench/chart-mutations.ts`.
 */
import { forgetApp } from '../e2e/harness.js';
import { appWithIndicators } from './chart-probe.js';

const WINDOW_MS = Number(process.env.PROFILE_WINDOW_MS ?? 5_000);
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Installed in the page: tallies mutations by the nearest labelled panel and the kind of change. */
const OBSERVER = `
  window.__mutations = new Map();
  const panelOf = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    const panel = el?.closest('[aria-label], [data-testid], section, aside, header, footer');
    const name = panel ? (panel.getAttribute('aria-label') ?? panel.getAttribute('data-testid') ?? panel.tagName.toLowerCase() + '.' + panel.className) : '(document)';
    return name.slice(0, 40);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      const key = panelOf(r.target) + ' ' + r.type + (r.attributeName ? ':' + r.attributeName + ' on ' + r.target.nodeName.toLowerCase() + (r.target.id ? '#' + r.target.id : '') : '');
      window.__mutations.set(key, (window.__mutations.get(key) ?? 0) + 1);
    }
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
`;

async function main(): Promise<void> {
  const { app, browser, page } = await appWithIndicators(20_000);
  try {
    await sleep(2_000);
    await page.evaluate(OBSERVER);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await sleep(WINDOW_MS);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string; ph: string; args?: { beginData?: { dirtyObjects?: number; totalObjects?: number } } }[] };
    const counts = await page.evaluate(() => [...(window as unknown as { __mutations: Map<string, number> }).__mutations.entries()]);
    const seconds = WINDOW_MS / 1000;
    for (const [key, count] of counts.sort((a, b) => b[1] - a[1])) process.stdout.write(`${(count / seconds).toFixed(1).padStart(8)}/s  ${key}\n`);
    const layouts = trace.traceEvents.filter((e) => e.name === 'Layout' && e.ph === 'B' || e.name === 'Layout' && e.ph === 'X');
    const dirty = layouts.map((e) => e.args?.beginData?.dirtyObjects ?? 0);
    process.stdout.write(`layouts ${(layouts.length / seconds).toFixed(1)}/s, dirty objects per layout: median ${dirty.sort((a, b) => a - b)[Math.floor(dirty.length / 2)] ?? 0}, max ${Math.max(0, ...dirty)}\n`);
  } finally {
    await browser.close();
    await app.stop();
    await forgetApp(app).catch(() => undefined);
  }
}

void main();

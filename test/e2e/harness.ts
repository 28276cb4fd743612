import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import { Keychain } from '../../core/secrets/keychain.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium; the e2e suite fails (never skips) without one. */
export function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((path): path is string => typeof path === 'string' && existsSync(path));
  if (!found) {
    throw new Error('No Chromium found for the end-to-end tests. Install it: sudo apt-get install chromium (or set CHROMIUM_PATH).');
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface ServedApp {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  /** Test-only keychain service: e2e runs never touch a trader's real `halyard` entries. */
  readonly keychainService: string;
  readonly output: () => string;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
  readonly child: ChildProcess;
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'halyard-e2e-'));
}

/**
 * Starts `serve` as a trader would (same CLI), on a free port, and waits for the URL it prints.
 * The renderer must be built (`npm test` builds it first).
 */
export function testKeychainService(): string {
  return `halyard-e2e-${randomBytes(4).toString('hex')}`;
}

/** Removes the data dir and the test keychain service's database key. */
export async function forgetApp(app: Pick<ServedApp, 'dataDir' | 'keychainService'>): Promise<void> {
  await new Keychain(app.keychainService, { timeoutMs: 20_000 }).remove('db-key');
  await removeDir(app.dataDir);
}

export async function startServe(
  options: { dataDir?: string; keychainService?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<ServedApp> {
  if (!existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` before the e2e tests (npm test does).');
  }
  const dataDir = options.dataDir ?? (await tempDataDir());
  const keychainService = options.keychainService ?? testKeychainService();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'core/host/cli/serve.ts'), '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, HALYARD_KEYCHAIN_SERVICE: keychainService, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print a URL within 60 s. Output:\n${output}`)), 60_000);
    const onData = () => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing a URL. Output:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    keychainService,
    child,
    output: () => output,
    kill: (signal = 'SIGKILL') => child.kill(signal),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** The served core's API as a script sees it (its own WebSocket, with the token): to check what the page saved. */
export async function coreApi(app: Pick<ServedApp, 'origin' | 'token'>): Promise<ApiClient & { close(): void }> {
  const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/api?token=${app.token}`);
  await new Promise((opened, failed) => {
    ws.once('open', opened);
    ws.once('error', failed);
  });
  const client = createApiClient({
    send: (message) => ws.send(JSON.stringify(message)),
    onMessage(listener) {
      const handler = (data: Buffer) => listener(JSON.parse(data.toString('utf8')) as unknown);
      ws.on('message', handler);
      return () => ws.off('message', handler);
    },
  });
  return Object.assign(client, {
    close() {
      client.dispose();
      ws.close();
    },
  });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Opens the app (in a context of its own: nothing stored in the browser) and waits until it shows live data. */
export async function openApp(browser: Browser, app: ServedApp, beforeLoad?: (page: Page) => void): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  beforeLoad?.(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(app.url);
  await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
  return page;
}

export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** The served app and browser of one describe block, started before its tests and forgotten after. */
export interface SuiteApp {
  readonly app: ServedApp;
  readonly browser: Browser;
}

/** Registers beforeAll/afterAll hooks that serve the app, launch Chromium, and clean both up. */
export function serveForSuite(options: Parameters<typeof startServe>[0] = {}): SuiteApp {
  let app: ServedApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startServe(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) await forgetApp(app);
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test, not at collection time`);
    return value;
  };
  return {
    get app() {
      return started(app, 'the served app');
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}

/** Runs of `serve` one after another on one data dir and keychain (the next run is a restart), and one browser. */
export interface ServedRuns {
  /** Starts the next run with `args`, on the same database as the earlier ones. */
  start(args: readonly string[]): Promise<ServedApp>;
  /** Chromium, launched the first time it is asked for. */
  browser(): Promise<Browser>;
}

/** Registers an afterAll hook that closes the browser, stops every run and forgets their data and key. */
export function servedRunsForSuite(): ServedRuns {
  const apps: ServedApp[] = [];
  const keychainService = testKeychainService();
  let dataDir: string | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    for (const app of apps) await app.stop();
    if (apps[0]) await forgetApp(apps[0]);
  });
  return {
    async start(args) {
      dataDir ??= await tempDataDir();
      const app = await startServe({ dataDir, keychainService, args: [...args] });
      apps.push(app);
      return app;
    },
    async browser() {
      browser ??= await launchBrowser();
      return browser;
    },
  };
}

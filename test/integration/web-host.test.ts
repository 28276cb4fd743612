import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Terminal } from '../../core/app/terminal.js';
import { startWebHost, type WebHost } from '../../core/host/web-host.js';

describe('web host (npm run serve) over a real socket', () => {
  let terminal: Terminal;
  let host: WebHost;
  const logged: string[] = [];

  beforeAll(async () => {
    const staticDir = await mkdtemp(join(tmpdir(), 'halyard-static-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Halyard</title>');
    await mkdir(join(staticDir, 'assets'));
    await writeFile(join(staticDir, 'assets', 'index-C-DXk-C1.js'), 'export {};');
    await writeFile(join(staticDir, 'assets', 'notes.js'), 'export {};');
    terminal = await Terminal.create({ dataDir: staticDir, speed: 600, tickMs: 50 });
    host = await startWebHost({ handlers: terminal.handlers, events: terminal.events, staticDir, batchMs: 50, log: (line) => logged.push(line) });
  });

  afterAll(async () => {
    await host.close();
    await terminal.close();
  });

  const origin = () => new URL(host.url).origin;

  it('binds to loopback only and prints a tokenized URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await fetch(`${origin()}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const traversal = await fetch(`${origin()}/..%2f..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(traversal.status);
    const post = await fetch(`${origin()}/`, { method: 'POST' });
    expect(post.status).toBe(405);
    // A broken escape is the client's mistake: 400, not a server error.
    const malformed = await fetch(`${origin()}/%`);
    expect(malformed.status).toBe(400);
  });

  it('lets the browser keep the build\'s content-named scripts and styles; the page and the rest are asked for afresh', async () => {
    const cacheOf = async (path: string) => (await fetch(`${origin()}${path}`)).headers.get('cache-control');
    // A name carrying its content's hash never changes content: kept (and compiled once) across reloads.
    await expect(cacheOf('/assets/index-C-DXk-C1.js')).resolves.toBe('public, max-age=31536000, immutable');
    await expect(cacheOf('/')).resolves.toBe('no-store');
    await expect(cacheOf('/index.html')).resolves.toBe('no-store');
    await expect(cacheOf('/assets/notes.js')).resolves.toBe('no-store');
  });

  it('refuses WebSockets without the token, with a wrong token, or from a foreign origin', async () => {
    const attempt = (path: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${origin().replace('http', 'ws')}${path}`, { headers });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
        ws.on('error', () => resolve('error'));
      });
    await expect(attempt('/api')).resolves.toBe('http 401');
    await expect(attempt(`/api?token=${host.token}x`)).resolves.toBe('http 401');
    await expect(attempt(`/api?token=${host.token}`, { Origin: 'https://evil.example' })).resolves.toBe('http 401');
    await expect(attempt(`/elsewhere?token=${host.token}`)).resolves.toBe('http 401');
    await expect(attempt(`/api?token=${host.token}`, { Origin: origin() })).resolves.toBe('open');
    // Each refusal is logged with its true reason; repeats of one reason within 10 s are counted, not logged.
    await expect(attempt(`/api?token=${host.token}`, { Origin: 'https://evil.example' })).resolves.toBe('http 401');
    await expect(attempt('/api')).resolves.toBe('http 401');
    expect(logged).toEqual([
      expect.stringMatching(/^refused a WebSocket from 127\.0\.0\.1: missing token$/),
      expect.stringMatching(/: wrong token$/),
      expect.stringMatching(/: wrong Origin \(https:\/\/evil\.example\)$/),
      expect.stringMatching(/: not the API path \(\/elsewhere\)$/),
    ]);
  });

  it('tells a tab whether its token is this run\'s, so one from an earlier run can say so', async () => {
    expect((await fetch(`${origin()}/api/session?token=${host.token}`)).status).toBe(204);
    expect((await fetch(`${origin()}/api/session?token=an-earlier-runs-token`)).status).toBe(401);
    expect((await fetch(`${origin()}/api/session`)).status).toBe(401);
  });

  it('answers commands and streams batched market events to an authorized client', async () => {
    const ws = new WebSocket(`${origin().replace('http', 'ws')}/api?token=${host.token}`, { headers: { Origin: origin() } });
    const messages: { type: string; name?: string; id?: number; ok?: boolean; payload?: { updates?: unknown[] } }[] = [];
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    let rawUpdates = 0;
    const off = terminal.events.subscribe((name) => {
      if (name === 'market.candles') rawUpdates++;
    });
    const started = Date.now();
    ws.send(JSON.stringify({ type: 'request', id: 7, name: 'app.status', args: {} }));
    ws.send('{not json');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    off();
    const elapsed = Date.now() - started;
    ws.close();
    // A client that did not ask for batches (no `batch=1`) gets one envelope per message.
    expect(messages.some((m) => Array.isArray(m))).toBe(false);
    const responses = messages.filter((m) => m.type === 'response');
    expect(responses.find((m) => m.id === 7)?.ok).toBe(true);
    expect(responses.some((m) => m.ok === false)).toBe(true);
    const candleEvents = messages.filter((m) => m.type === 'event' && m.name === 'market.candles');
    expect(candleEvents.length).toBeGreaterThan(0);
    // Coalesced: at most one market message per 50 ms window, far fewer than the raw updates.
    expect(candleEvents.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1);
    expect(candleEvents.length).toBeLessThan(rawUpdates / 2);
    expect(candleEvents.some((m) => (m.payload?.updates?.length ?? 0) > 1)).toBe(true);
  });

  it('writes a tick\'s events as one message (a JSON array) to a client that asked for batches, answers alone', async () => {
    const ws = new WebSocket(`${origin().replace('http', 'ws')}/api?token=${host.token}&batch=1`, { headers: { Origin: origin() } });
    const received: unknown[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'request', id: 3, name: 'app.status', args: {} }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    ws.close();
    const batches = received.filter((message): message is { type: string; name: string }[] => Array.isArray(message));
    const single = received.filter((message) => !Array.isArray(message)) as { type: string; id?: number; name?: string }[];
    // The candles, status and watchlist of one flush leave together.
    expect(batches.some((batch) => batch.length > 1 && batch.some((m) => m.name === 'market.candles') && batch.some((m) => m.name === 'market.watchlist'))).toBe(true);
    expect(batches.flat().every((m) => m.type === 'event')).toBe(true);
    expect(single.find((m) => m.type === 'response')?.id).toBe(3);
    expect(single.every((m) => m.type === 'response' || m.type === 'event')).toBe(true);
  });

  it('answers a history asked for in the socket\'s address as request 0, before the page sends anything, and names bad arguments', async () => {
    interface Answer {
      type: string;
      id?: number;
      ok?: boolean;
      result?: { candles?: { time: number[]; close: number[] } };
      error?: { code: string; issues?: { path: string }[] };
    }
    const firstAnswer = (history: string) =>
      new Promise<Answer>((resolve, reject) => {
        const ws = new WebSocket(`${origin().replace('http', 'ws')}/api?token=${host.token}&history=${encodeURIComponent(history)}`, { headers: { Origin: origin() } });
        ws.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as Answer;
          if (message.type !== 'response') return;
          ws.close();
          resolve(message);
        });
        ws.on('error', reject);
      });
    const answer = await firstAnswer(JSON.stringify({ symbol: 'BTC/USDT', timeframe: '1m', limit: 50 }));
    expect(answer.id).toBe(0);
    expect(answer.ok).toBe(true);
    expect(answer.result?.candles?.time).toHaveLength(50);
    expect(answer.result?.candles?.close.every((close) => close > 0)).toBe(true);
    const refused = await firstAnswer(JSON.stringify({ symbol: 'BTC/USDT', timeframe: '7m', limit: 50 }));
    expect(refused).toMatchObject({ id: 0, ok: false, error: { code: 'bad_request' } });
    expect(refused.error?.issues?.map((issue) => issue.path)).toContain('timeframe');
    const garbled = await firstAnswer('{symbol');
    expect(garbled).toMatchObject({ id: 0, ok: false, error: { code: 'bad_request' } });
  });
});

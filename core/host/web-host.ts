import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../api/contract/index.js';
import { serveApi, type EventSource } from '../api/server.js';
import type { MessageTransport } from '../api/transport.js';
import { contentSecurityPolicy } from '../shell/csp.js';
import { STATIC_CONTENT_TYPES as MIME } from '../shell/static-types.js';
import { RefusalLog } from './refusal-log.js';
import { createSocketFrames } from './socket-frames.js';

// Kept importable from here for existing callers; the policy itself lives in csp.ts (shared with Electron).
export { contentSecurityPolicy };

export interface WebHostOptions {
  readonly handlers: Handlers;
  readonly events: EventSource;
  /** Built renderer (index.html and assets). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Per-run secret every WebSocket must present; random when omitted. */
  readonly token?: string;
  readonly batchMs?: number;
  readonly log?: (line: string) => void;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/**
 * The build names every script and style sheet under assets/ after a hash of its content, so a cached
 * copy is never stale: the browser keeps them (and Chromium the compiled code of the scripts, which a
 * reload then skips compiling). The page itself and everything else are asked for afresh every time.
 */
function cachePolicy(relative: string): string {
  return /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.(js|css)$/.test(relative) ? 'public, max-age=31536000, immutable' : 'no-store';
}

/**
 * Hosts the core for a browser: static renderer over HTTP and the API over a WebSocket, bound to
 * 127.0.0.1 only. A WebSocket must carry the per-run token and come from this origin; anything
 * else is refused before the upgrade.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  const log = options.log ?? (() => undefined);
  let origin = '';

  const server: Server = createServer((request, response) => {
    void serveStatic(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  const refusals = new RefusalLog(log);

  server.on('upgrade', (request, socket, head) => {
    const refusal = refusalReason(request);
    if (refusal !== null) {
      refusals.refused(refusal, request.socket.remoteAddress ?? '?');
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, firstRequest(request), batchesEvents(request)));
  });

  /** Why a WebSocket upgrade is refused, or null when it may connect. */
  function refusalReason(request: IncomingMessage): string | null {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', origin);
    } catch {
      return 'malformed URL';
    }
    if (url.pathname !== '/api') return `not the API path (${url.pathname.slice(0, 64)})`;
    // Browsers always send Origin; a page from another site must not drive the terminal.
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return `wrong Origin (${requestOrigin.slice(0, 100)})`;
    const given = url.searchParams.get('token');
    if (given === null || given === '') return 'missing token';
    return tokenMatches(given) ? null : 'wrong token';
  }

  function tokenMatches(value: string | null): boolean {
    const presented = Buffer.from(value ?? '');
    const expected = Buffer.from(token);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  /**
   * The page's first script asks for the chart's history in the socket's address (`history=<the
   * market.history arguments as JSON>`): the core answers it as request id 0 as soon as the socket is
   * accepted, without waiting for the page to be free to send it (its `open` event queues behind the
   * workspace's code). It is checked like any request: bad arguments get a `bad_request` answer naming them.
   */
  function firstRequest(request: IncomingMessage): unknown {
    const raw = new URL(request.url ?? '/', origin).searchParams.get('history');
    if (raw === null) return null;
    let args: unknown;
    try {
      args = JSON.parse(raw) as unknown;
    } catch {
      args = raw;
    }
    return { type: 'request', id: 0, name: 'market.history', args };
  }

  /** The page's transport reads a JSON array of envelopes as one tick (`batch=1` in the address); other clients get one envelope per message. */
  function batchesEvents(request: IncomingMessage): boolean {
    return new URL(request.url ?? '/', origin).searchParams.get('batch') === '1';
  }

  function connect(ws: WebSocket, first: unknown, batched: boolean): void {
    const receivers: ((message: unknown) => void)[] = [];
    const frames = createSocketFrames((text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    }, batched);
    const transport: MessageTransport = {
      send: (message) => frames.send(message),
      onMessage(listener) {
        const handler = (data: Buffer) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(data.toString('utf8'));
          } catch {
            parsed = { malformed: true };
          }
          listener(parsed);
        };
        receivers.push(listener);
        ws.on('message', handler);
        return () => ws.off('message', handler);
      },
    };
    const stop = serveApi(transport, options.handlers, options.events, {
      batchMs: options.batchMs ?? 50,
      onInternalError: (error, command) => log(`internal error in ${command}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    const end = () => {
      frames.close();
      stop();
    };
    ws.on('close', end);
    ws.on('error', end);
    if (first !== null) for (const receive of receivers) receive(first);
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', origin);
    } catch {
      // `/%` and other broken escapes: the request is wrong, not the server.
      response.writeHead(400, { 'content-type': 'text/plain' }).end('malformed URL');
      return;
    }
    if (url.pathname === '/api/session') {
      // A refused WebSocket tells the page nothing; this tells a tab whether its token is this run's
      // (204) or an earlier run's (401), so a stale tab can say so instead of reconnecting forever.
      response.writeHead(tokenMatches(url.searchParams.get('token')) ? 204 : 401, { 'cache-control': 'no-store' }).end();
      return;
    }
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('malformed URL');
      return;
    }
    const file = normalize(join(staticRoot, relative));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      response.writeHead(403).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // 'self': the page may ask /api/session whether its token is this run's.
      'content-security-policy': contentSecurityPolicy(`'self' ws://${LOOPBACK}:${port}`),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': cachePolicy(relative),
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${LOOPBACK}:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

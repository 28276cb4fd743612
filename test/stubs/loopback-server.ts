import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a stub answered, for tests to inspect. */
export interface StubRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  status: number | null;
}

export interface StubAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * An HTTP server on 127.0.0.1 for service stubs: records every request, answers through `handle`
 * (which may wait, as a long poll does), and closes its open sockets on `close`.
 */
export abstract class LoopbackServer {
  readonly requests: StubRequest[] = [];
  url = '';
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => void this.dispatch(req, res));

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.onClose();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected abstract handle(request: StubRequest): Promise<StubAnswer> | StubAnswer;

  /** Release anything `handle` is holding (pending long polls). */
  protected onClose(): void {}

  /** Headers every answer carries, read when it is written (a long poll's Date is when it ends). */
  protected answerHeaders(): Record<string, string> {
    return {};
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: StubRequest = { at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: null };
    this.requests.push(request);
    const answer = await this.handle(request);
    request.status = answer.status;
    if (res.destroyed) return;
    res.writeHead(answer.status, { ...this.answerHeaders(), ...answer.headers });
    res.end(answer.body ?? '');
  }
}

export function json(status: number, payload: unknown, headers: Record<string, string> = {}): StubAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A token bucket like the services keep per chat or per webhook: `capacity` requests at once,
 * refilled one per `refillMs`. `take` says how long to wait when it is empty.
 */
export class TokenBucket {
  private tokens: number;
  private updated = Date.now();

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
  ) {
    this.tokens = capacity;
  }

  /** 0 when a token was taken; otherwise the ms until one is free (nothing taken). */
  take(now = Date.now()): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updated) / this.refillMs);
    this.updated = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * this.refillMs);
  }

  get remaining(): number {
    return Math.floor(this.tokens);
  }
}

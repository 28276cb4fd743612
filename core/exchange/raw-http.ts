import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/**
 * One HTTP/1.1 request written straight onto an already-connected socket in the caller's turn, and its
 * answer read back. The emergency stop's cancels take this road (prepared-cancels.ts): an HTTP client
 * library hands a request to its socket only after a few turns of the event loop, and twenty cancels at
 * once wait for each other there. One request per connection (`connection: close`); no compression asked.
 */

export interface RawRequest {
  readonly method: string;
  /** Path and query, as the venue's signer built them. */
  readonly target: string;
  /** host[:port] */
  readonly host: string;
  /** Header names as the venue's signer gave them; values must not contain CR or LF. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Published as each request leaves (its bytes handed to the socket): `{ method, origin, at }`, `at` from performance.now(). */
export const REQUEST_WRITTEN = diagnostics.channel('halyard:exchange:request-written');

/** The request's bytes: request line, headers, body (throws on a header that would break the framing). */
export function encodeRequest(request: RawRequest): string {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `host: ${request.host}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`header ${name} cannot be sent as it is`);
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'connection' || lower === 'content-length' || lower === 'accept-encoding') continue;
    lines.push(`${name}: ${value}`);
  }
  lines.push('connection: close', 'accept-encoding: identity');
  if (request.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(request.body)}`);
  else if (request.method !== 'GET' && request.method !== 'DELETE') lines.push('content-length: 0');
  return `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;
}

/**
 * Writes a request's bytes (encodeRequest) on `socket` now — one write, one packet where it fits — and
 * resolves with the answer; the socket is closed afterwards. `label` names it for REQUEST_WRITTEN.
 */
export function exchangeOnSocket(socket: Socket, bytes: string, label: { readonly method: string; readonly origin: string }, timeoutMs: number): Promise<RawResponse> {
  socket.write(bytes);
  if (REQUEST_WRITTEN.hasSubscribers) REQUEST_WRITTEN.publish({ ...label, at: performance.now() });
  // Nothing can be read before this turn ends: the listeners go on after the write.
  return readResponse(socket, timeoutMs);
}

/** Thrown when the socket fails, closes early or the answer does not come in time. */
export class RawHttpError extends Error {
  override readonly name = 'RawHttpError';
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

function readResponse(socket: Socket, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser();
    const finish = (error: RawHttpError | null, response?: RawResponse) => {
      socket.off('data', onData).off('end', onEnd).off('error', onError).off('close', onEnd).off('timeout', onTimeout);
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    const onData = (chunk: Buffer) => {
      try {
        const done = parser.push(chunk);
        if (done) finish(null, done);
      } catch (error) {
        finish(new RawHttpError(`the venue's answer could not be read: ${error instanceof Error ? error.message : String(error)}`, false));
      }
    };
    const onEnd = () => {
      const done = parser.end();
      finish(done ? null : new RawHttpError('the venue closed the connection before answering', false), done ?? undefined);
    };
    const onError = (error: Error) => finish(new RawHttpError(`connection failed: ${error.message}`, false));
    const onTimeout = () => finish(new RawHttpError(`no answer within ${timeoutMs} ms`, true));
    socket.setTimeout(timeoutMs);
    socket.on('data', onData).on('end', onEnd).on('error', onError).on('close', onEnd).on('timeout', onTimeout);
    socket.resume();
  });
}

/** An HTTP/1.1 response: status line and headers, then a body by content-length, chunked, or up to the close. */
export class ResponseParser {
  private buffer: Buffer = Buffer.alloc(0);
  private head: Omit<RawResponse, 'body'> | null = null;
  private readonly chunks: Buffer[] = [];

  /** Feeds bytes; returns the response once it is complete. */
  push(chunk: Buffer): RawResponse | null {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.head === null && !this.readHead()) return null;
      const head = this.head!;
      if (head.status >= 100 && head.status < 200) {
        this.head = null; // an interim answer (100 Continue): the real one follows
        continue;
      }
      return this.readBody(head);
    }
  }

  /** The connection closed: a body delimited by the close is complete now. */
  end(): RawResponse | null {
    const head = this.head;
    if (head === null || head.headers['content-length'] !== undefined || /chunked/i.test(head.headers['transfer-encoding'] ?? '')) return null;
    return { ...head, body: this.buffer.toString('utf8') };
  }

  private readHead(): boolean {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const [statusLine = '', ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!status) throw new Error(`not an HTTP/1.1 status line: ${statusLine.slice(0, 60)}`);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`malformed header line: ${line.slice(0, 60)}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    this.head = { status: Number(status[1]), statusText: status[2] ?? '', headers };
    this.buffer = this.buffer.subarray(end + 4);
    return true;
  }

  private readBody(head: Omit<RawResponse, 'body'>): RawResponse | null {
    if (head.status === 204 || head.status === 304) return { ...head, body: '' };
    if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) return this.readChunks(head);
    const length = head.headers['content-length'];
    if (length === undefined) return null; // up to the close
    const size = Number(length);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad content-length ${length}`);
    return this.buffer.length >= size ? { ...head, body: this.buffer.subarray(0, size).toString('utf8') } : null;
  }

  private readChunks(head: Omit<RawResponse, 'body'>): RawResponse | null {
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n');
      if (lineEnd < 0) return null;
      const size = parseInt(this.buffer.subarray(0, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error('bad chunk size');
      if (size === 0) return { ...head, body: Buffer.concat(this.chunks).toString('utf8') };
      if (this.buffer.length < lineEnd + 2 + size + 2) return null;
      this.chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      this.buffer = this.buffer.subarray(lineEnd + 2 + size + 2);
    }
  }
}

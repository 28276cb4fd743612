import type { SendOutcome } from '../delivery-queue.js';

/** An HTTP answer as adapters need it: status, the headers they read, and the body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly header: (name: string) => string | null;
  readonly body: string;
}

export type HttpResult = { readonly ok: true; readonly answer: HttpAnswer } | { readonly ok: false; readonly detail: string };

/** A request that takes longer than this is a temporary failure (the queue retries it). */
export const REQUEST_TIMEOUT_MS = 15_000;
const MAX_BODY_CHARS = 64_000;

/**
 * One HTTP request with a timeout and the caller's abort signal. Failures come back as words that
 * never include the URL (a webhook URL or a bot token in a path is a secret): fetch's own messages
 * can quote the URL, so only the error code is kept.
 */
export async function request(
  url: URL,
  init: { readonly method: 'GET' | 'POST'; readonly headers?: Record<string, string>; readonly body?: string; readonly signal: AbortSignal; readonly timeoutMs?: number },
): Promise<HttpResult> {
  const signal = AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs ?? REQUEST_TIMEOUT_MS)]);
  try {
    const response = await fetch(url, { method: init.method, headers: init.headers ?? {}, signal, redirect: 'error', ...(init.body !== undefined ? { body: init.body } : {}) });
    const body = (await response.text()).slice(0, MAX_BODY_CHARS);
    return { ok: true, answer: { status: response.status, header: (name) => response.headers.get(name), body } };
  } catch (error) {
    return { ok: false, detail: networkProblem(error, init.signal.aborted) };
  }
}

/** Words for a failed request: timeout, refused, DNS, TLS…, never the request's URL. */
export function networkProblem(error: unknown, abortedByCaller: boolean): string {
  if (abortedByCaller) return 'cancelled: alerts were shut down';
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return 'no answer within the time limit';
  const cause = error instanceof Error && typeof error.cause === 'object' && error.cause !== null ? (error.cause as { code?: unknown }) : null;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting timed out';
    default:
      return code ? `network error (${code})` : 'network error';
  }
}

/** `Retry-After` as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The usual reading of a status: 429 waits, 408/5xx retry, other 4xx are final. */
export function outcomeForStatus(status: number, detail: string, waitMs: number | null): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 429) return { ok: false, kind: 'rate_limited', retryAfterMs: waitMs ?? 1_000, detail };
  if (status === 408 || status >= 500) return { ok: false, kind: 'temporary', detail, ...(waitMs !== null ? { retryAfterMs: waitMs } : {}) };
  return { ok: false, kind: 'permanent', detail };
}

/** True for http(s)://127.0.0.1, ::1 or localhost: the only non-service hosts alerts may be pointed at (tests). */
export function isLoopback(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

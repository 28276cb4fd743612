import { createHmac } from 'node:crypto';
import { encodeRequest } from './raw-http.js';

/**
 * A venue request built ahead of its send, with only what must be fresh made at send time: the timestamp
 * (or nonce) and the signature over it. Where the venue signs its query string with HMAC-SHA256 carrying a
 * `timestamp` parameter (Binance's SIGNED endpoints: "SIGNED (TRADE and USER_DATA) Endpoint security",
 * developers.binance.com/docs/binance-spot-api-docs/rest-api/endpoint-security-type), the bytes are a
 * template — request line and headers built once, the query's timestamp and signature filled in at send
 * time with Node's HMAC; this is only used when ccxt's own signature of the same query is reproduced
 * exactly. Any other venue's request is signed by ccxt's `sign` at send time.
 */

/** What ccxt's `sign` returns: the request as it would be sent. */
export interface SignedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers?: Record<string, unknown> | undefined;
  readonly body?: unknown;
}

export interface BuiltRequest {
  /** The request as sent (for ccxt's response handling). */
  readonly signed: SignedRequest;
  /** Its HTTP/1.1 bytes (raw-http.ts). */
  readonly bytes: string;
}

export interface FreshRequest {
  /** Where it goes (the connection to take). */
  readonly origin: URL;
  build(): BuiltRequest;
}

export interface FreshRequestParts {
  /** ccxt's `sign` for this request (a fresh timestamp or nonce each call). */
  readonly sign: () => SignedRequest;
  /** The headers ccxt's fetch would send with these signed ones. */
  readonly headersOf: (signed: SignedRequest['headers']) => Record<string, string>;
  /** The API secret (an HMAC key), when the account has one. */
  readonly secret: string | undefined;
  /** The client's timestamp source (strictly increasing per key). */
  readonly nonce: () => number;
}

/** Throws when ccxt cannot sign it (no credentials): then it cannot be prepared. */
export function freshRequest(parts: FreshRequestParts): FreshRequest {
  const first = parts.sign();
  const origin = new URL(first.url);
  return { origin, build: queryTemplate(first, origin, parts) ?? (() => encoded(parts.sign(), parts.headersOf)) };
}

function encoded(signed: SignedRequest, headersOf: FreshRequestParts['headersOf']): BuiltRequest {
  const url = new URL(signed.url);
  const headers = headersOf(signed.headers);
  const body = typeof signed.body === 'string' ? signed.body : undefined;
  return { signed: { ...signed, headers }, bytes: encodeRequest({ method: signed.method, target: `${url.pathname}${url.search}`, host: url.host, headers, ...(body !== undefined ? { body } : {}) }) };
}

/** Placeholder for the query inside the template's bytes (no venue sends a NUL). */
const QUERY = '\u0000';

function queryTemplate(first: SignedRequest, url: URL, parts: FreshRequestParts): (() => BuiltRequest) | null {
  const secret = parts.secret;
  if (!secret || (first.body !== undefined && first.body !== null && first.body !== '')) return null;
  const signedQuery = /^(.*)&signature=([0-9a-f]{64})$/.exec(url.search.slice(1));
  if (!signedQuery) return null;
  const [, unsigned = '', signature] = signedQuery;
  if (hmacHex(secret, unsigned) !== signature) return null;
  const stamp = /(^|&)timestamp=\d+(?=&|$)/.exec(unsigned);
  if (!stamp) return null;
  const before = unsigned.slice(0, stamp.index + stamp[1]!.length) + 'timestamp=';
  const after = unsigned.slice(stamp.index + stamp[0].length);
  const headers = parts.headersOf(first.headers);
  const [head = '', tail = ''] = encodeRequest({ method: first.method, target: `${url.pathname}?${QUERY}`, host: url.host, headers }).split(QUERY);
  const base = `${url.origin}${url.pathname}?`;
  return () => {
    const query = `${before}${parts.nonce()}${after}`;
    const full = `${query}&signature=${hmacHex(secret, query)}`;
    return { signed: { url: base + full, method: first.method, headers }, bytes: head + full + tail };
  };
}

function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

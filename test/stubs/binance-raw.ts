import { createHmac } from 'node:crypto';
import type { BinanceStub } from './binance-stub.js';

/**
 * Raw HTTP to the Binance stub, signed the documented way (HMAC-SHA256 of the query string, hex),
 * for the refusals ccxt would never let through (it rounds, fills in mandatory fields, …).
 */
export interface RawAnswer {
  readonly status: number;
  readonly body: { code?: number; msg?: string } & Record<string, unknown>;
  readonly retryAfter: string | null;
}

export async function binanceRaw(stub: BinanceStub, method: string, path: string, params: Record<string, string> = {}, options: { signed?: boolean; secret?: string; timestamp?: number } = {}): Promise<RawAnswer> {
  const query = new URLSearchParams(params);
  if (options.signed !== false) {
    if (!query.has('timestamp')) query.set('timestamp', String(options.timestamp ?? Date.now()));
    query.set('signature', createHmac('sha256', options.secret ?? stub.secret).update(query.toString()).digest('hex'));
  }
  const response = await fetch(`${stub.url}${path}?${query.toString()}`, { method, headers: { 'X-MBX-APIKEY': stub.apiKey } });
  return { status: response.status, body: (await response.json()) as RawAnswer['body'], retryAfter: response.headers.get('retry-after') };
}

import { createHmac } from 'node:crypto';
import { CcxtExchange, type CcxtExchangeOptions } from '../../core/exchange/ccxt-exchange.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import type { BybitStub } from './bybit-stub.js';

/** Real ccxt bybit (USDT perpetuals loaded) pointed at the loopback stub, with its own generous budget. */
export async function bybitVenue(stub: BybitStub, accountKey: string, extra: Partial<CcxtExchangeOptions> = {}): Promise<CcxtExchange> {
  const budgets = new RateBudgets();
  budgets.forAccount(accountKey, () => new RateBudget({ refillPerMs: 1, capacity: 200 }));
  const venue = new CcxtExchange({
    account: { exchange: 'bybit', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 5_000, marketTypes: ['linear'] },
    accountKey,
    budgets,
    readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });
  await venue.loadMarkets();
  return venue;
}

/** A raw signed v5 request (guide.mdx: HMAC-SHA256 of timestamp + key + recv_window + body or query). */
export async function bybitRaw(stub: BybitStub, method: 'GET' | 'POST', path: string, params: Record<string, unknown>, options: { timestamp?: number; secret?: string; recvWindow?: number } = {}) {
  const timestamp = String(options.timestamp ?? Date.now());
  const recvWindow = String(options.recvWindow ?? 5000);
  const query = method === 'GET' ? new URLSearchParams(params as Record<string, string>).toString() : '';
  const body = method === 'POST' ? JSON.stringify(params) : undefined;
  const sign = createHmac('sha256', options.secret ?? stub.secret).update(timestamp + stub.apiKey + recvWindow + (body ?? query)).digest('hex');
  const response = await fetch(`${stub.url}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { 'content-type': 'application/json', 'X-BAPI-API-KEY': stub.apiKey, 'X-BAPI-TIMESTAMP': timestamp, 'X-BAPI-RECV-WINDOW': recvWindow, 'X-BAPI-SIGN': sign },
    ...(body !== undefined ? { body } : {}),
  });
  return (await response.json()) as { retCode: number; retMsg: string; result: Record<string, unknown> };
}

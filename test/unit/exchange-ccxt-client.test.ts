import { describe, expect, it } from 'vitest';
import { createCcxtClient, DEFAULT_TIMEOUT_MS, rebaseUrls } from '../../core/exchange/ccxt-client.js';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { listExchanges } from '../../core/exchange/exchange-catalog.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';

const budget = () => new RateBudget({ refillPerMs: 1 });

describe('the ccxt client for an account', () => {
  it('is configured so that ccxt never resends a request by itself, with a 30 s default timeout', () => {
    const client = createCcxtClient({ exchange: 'binance' }, { budget: budget() });
    expect(client.options['maxRetriesOnFailure']).toBe(0);
    expect(client.timeout).toBe(DEFAULT_TIMEOUT_MS);
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(createCcxtClient({ exchange: 'kraken', timeoutMs: 5_000 }, { budget: budget() }).timeout).toBe(5_000);
  });

  it('switches to the venue testnet with setSandboxMode', () => {
    const live = createCcxtClient({ exchange: 'binance' }, { budget: budget() });
    const sandbox = createCcxtClient({ exchange: 'binance', sandbox: true }, { budget: budget() });
    expect((live.urls['api'] as Record<string, string>)['public']).toBe('https://api.binance.com/api/v3');
    expect((sandbox.urls['api'] as Record<string, string>)['public']).toBe('https://testnet.binance.vision/api/v3');
  });

  it('refuses a plain-http base URL to another machine, whoever asks (the CLI and the market source too)', () => {
    expect(() => createCcxtClient({ exchange: 'binance', baseUrl: 'http://10.0.0.5:8123' }, { budget: budget() })).toThrow(
      'baseUrl may use http:// only for a venue on this machine (127.0.0.1, localhost, [::1]); use https:// for 10.0.0.5',
    );
    expect(() => createCcxtClient({ exchange: 'binance', baseUrl: 'https://10.0.0.5:8123' }, { budget: budget() })).not.toThrow();
  });

  it('points every REST and websocket URL at a custom base URL, keeping the paths', () => {
    const client = createCcxtClient({ exchange: 'binance', baseUrl: 'http://127.0.0.1:8123' }, { budget: budget() });
    const api = client.urls['api'] as Record<string, unknown>;
    expect(api['public']).toBe('http://127.0.0.1:8123/api/v3');
    expect(api['private']).toBe('http://127.0.0.1:8123/api/v3');
    expect(api['fapiPublic']).toBe('http://127.0.0.1:8123/fapi/v1');
    expect((api['ws'] as Record<string, string>)['spot']).toBe('ws://127.0.0.1:8123/ws');
  });

  it('keeps a path prefix of the base URL and uses wss behind https', () => {
    const rebased = rebaseUrls({ rest: 'https://api.kraken.com/0', ws: { public: 'wss://ws.kraken.com/v2' } }, 'https://proxy.example/kraken/');
    expect(rebased).toEqual({ rest: 'https://proxy.example/kraken/0', ws: { public: 'wss://proxy.example/kraken/v2' } });
  });

  it('routes every request of every adapter of one account through one budget', () => {
    const budgets = new RateBudgets();
    const a = new CcxtExchange({ account: { exchange: 'binance', apiKey: 'k-123456', secret: 's' }, budgets });
    const b = new CcxtExchange({ account: { exchange: 'binance', apiKey: 'k-123456', secret: 's' }, budgets });
    const other = new CcxtExchange({ account: { exchange: 'binance', apiKey: 'k-999999', secret: 's' }, budgets });
    expect(a.budget).toBe(b.budget);
    expect(other.budget).not.toBe(a.budget);
  });

  it('refuses an exchange ccxt does not know', () => {
    expect(() => createCcxtClient({ exchange: 'nosuchexchange' }, { budget: budget() })).toThrow(/not an exchange ccxt supports/);
  });
});

describe('exchanges.list', () => {
  it('offers Binance, Kraken, Coinbase, Bybit and OKX first, then every other ccxt exchange', () => {
    const list = listExchanges();
    expect(list.slice(0, 5).map((e) => e.id)).toEqual(['binance', 'kraken', 'coinbase', 'bybit', 'okx']);
    expect(list.slice(0, 5).every((e) => e.featured && e.websocket)).toBe(true);
    const rest = list.slice(5).map((e) => e.id);
    expect(rest).toEqual([...rest].sort());
    expect(rest).toContain('bitstamp');
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
  });
});

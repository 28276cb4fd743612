import * as ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { isDuplicateClientIdError, mapCcxtError, parseRetryAfter } from '../../core/exchange/error-map.js';

describe('ccxt errors → ExchangeError kinds', () => {
  const cases: [Error, string, string][] = [
    [new ccxt.RateLimitExceeded('429'), 'rate_limited', 'rate_limited'],
    [new ccxt.DDoSProtection('418'), 'rate_limited', 'rate_limited'],
    [new ccxt.RequestTimeout('timed out'), 'temporary', 'unknown_outcome'],
    [new ccxt.ExchangeNotAvailable('503'), 'unavailable', 'unknown_outcome'],
    [new ccxt.NetworkError('ECONNRESET'), 'temporary', 'unknown_outcome'],
    [new ccxt.BadResponse('-1007 send status unknown'), 'temporary', 'unknown_outcome'],
    [new ccxt.InvalidNonce('-1021'), 'temporary', 'temporary'],
    [new ccxt.InsufficientFunds('balance'), 'insufficient_funds', 'insufficient_funds'],
    [new ccxt.OrderNotFound('-2013'), 'order_not_found', 'order_not_found'],
    [new ccxt.AuthenticationError('-1022'), 'auth', 'auth'],
    [new ccxt.PermissionDenied('no trading'), 'auth', 'auth'],
    [new ccxt.InvalidOrder('LOT_SIZE'), 'invalid_order', 'invalid_order'],
    [new ccxt.BadSymbol('XXX'), 'invalid_order', 'invalid_order'],
    // Kraken's refusal of a wrong API secret, which ccxt leaves a bare ExchangeError: refused before it was processed.
    [new ccxt.ExchangeError('kraken {"error":["EAPI:Invalid signature"]}'), 'auth', 'auth'],
    [new ccxt.ExchangeError('something the venue said'), 'temporary', 'unknown_outcome'],
    [new TypeError('bug'), 'temporary', 'unknown_outcome'],
  ];

  it.each(cases)('%s → read %s / write %s', (error, read, write) => {
    expect(mapCcxtError(error, 'read').kind).toBe(read);
    expect(mapCcxtError(error, 'write').kind).toBe(write);
  });

  it('carries Retry-After recorded on a rate-limit error, and keeps the message', () => {
    const error = Object.assign(new ccxt.RateLimitExceeded('binance 429 Too Many Requests'), { retryAfterMs: 3_000 });
    const mapped = mapCcxtError(error, 'read');
    expect(mapped).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_000, message: 'binance 429 Too Many Requests' });
    expect(mapped.retryable).toBe(true);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('names the stop price field when a venue refuses a stop the market has already reached (Binance -2010, Bybit 110092 / 110093), and no other field', () => {
    const reached = [
      'binance {"code":-2010,"msg":"Order would trigger immediately."}',
      'bybit {"retCode":110092,"retMsg":"expect Rising, but trigger_price[49000] <= current[50000]??LastPrice","result":{},"retExtInfo":{},"time":1}',
      'bybit {"retCode":110093,"retMsg":"expect Falling, but trigger_price[51000] >= current[50000]??LastPrice","result":{},"retExtInfo":{},"time":1}',
    ];
    for (const message of reached) expect(mapCcxtError(new ccxt.InvalidOrder(message), 'write')).toMatchObject({ kind: 'invalid_order', field: 'stopPrice', message: expect.stringContaining('the stop price has already been reached') });
    expect(mapCcxtError(new ccxt.InvalidOrder('bybit {"retCode":110094,"retMsg":"Order notional value below the lower limit"}'), 'write').field).toBeUndefined();
  });

  it('recognises a duplicate client order id rejection (the send landed earlier)', () => {
    expect(isDuplicateClientIdError(new ccxt.InvalidOrder('binance {"code":-2010,"msg":"Duplicate order sent."}'))).toBe(true);
    expect(isDuplicateClientIdError(new ccxt.DuplicateOrderId('dup'))).toBe(true);
    expect(isDuplicateClientIdError(new ccxt.InvalidOrder('Filter failure: LOT_SIZE'))).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcxtExchange, type PreparedOrder } from '../../core/exchange/ccxt-exchange.js';
import { isExchangeError } from '../../core/exchange/errors.js';
import { RateBudgets } from '../../core/exchange/rate-budget.js';
import type { RetryPolicy } from '../../core/exchange/retry.js';
import { toUnits } from '../stubs/binance-book.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

/** A clock that moves only when the adapter sleeps, so back-off is observed, never timed. */
function fakeClock() {
  let now = Date.parse('2024-06-01T00:00:00Z');
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), sleeps };
}

let stub: BinanceStub;
const venues: CcxtExchange[] = [];

beforeEach(async () => {
  stub = await startBinanceStub();
});

afterEach(async () => {
  for (const venue of venues.splice(0)) await venue.close();
  await stub.close();
});

interface ConnectOptions {
  secret?: string;
  timeoutMs?: number;
  budgets?: RateBudgets;
  clock?: ReturnType<typeof fakeClock>;
  beforeSend?: (o: PreparedOrder) => Promise<void>;
  readRetry?: RetryPolicy;
}

function connect(options: ConnectOptions = {}) {
  const clock = options.clock ?? fakeClock();
  const venue = new CcxtExchange({
    account: { exchange: 'binance', apiKey: stub.apiKey, secret: options.secret ?? stub.secret, baseUrl: stub.url, timeoutMs: options.timeoutMs ?? 5_000 },
    accountKey: 'binance:test-account',
    ...(options.budgets ? { budgets: options.budgets } : {}),
    ...(options.beforeSend ? { beforeSend: options.beforeSend } : {}),
    ...(options.readRetry ? { readRetry: options.readRetry } : {}),
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
  });
  venues.push(venue);
  return { venue, clock };
}

describe('ccxt binance against the loopback stub (real ccxt code)', () => {
  it('signs private requests with the API key header and an HMAC signature the venue accepts', async () => {
    const { venue } = connect();
    const balances = await venue.fetchBalances();
    expect(balances).toEqual(expect.arrayContaining([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }, { currency: 'BTC', free: 1, used: 0, total: 1 }]));
    const [account] = stub.requestsTo('GET', '/api/v3/account');
    expect(account).toMatchObject({ apiKey: stub.apiKey, signed: true, status: 200 });
    expect(account!.params['timestamp']).toMatch(/^\d+$/);
    // Public market data goes unsigned.
    expect(stub.requestsTo('GET', '/api/v3/exchangeInfo')[0]).toMatchObject({ signed: false, status: 200 });
  });

  it('is refused by the venue when the secret is wrong, and reports it as an auth error', async () => {
    const { venue } = connect({ secret: 'not-the-secret' });
    await expect(venue.fetchBalances()).rejects.toMatchObject({ kind: 'auth' });
    expect(stub.requestsTo('GET', '/api/v3/account')).toHaveLength(1);
    expect(stub.requestsTo('GET', '/api/v3/account')[0]!.status).toBe(400);
  });

  it('rounds amount and price to the market precision before sending', async () => {
    const journaled: PreparedOrder[] = [];
    const { venue } = connect({ beforeSend: async (o) => void journaled.push(o) });
    const order = await venue.placeOrder({
      clientOrderId: 'hy00000000precise1',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: 0.0012345,
      price: 40_000.126,
    });
    const [post] = stub.requestsTo('POST', '/api/v3/order');
    expect(post!.params).toMatchObject({ quantity: '0.00123', price: '40000.13', newClientOrderId: 'hy00000000precise1', type: 'LIMIT', side: 'BUY' });
    expect(order).toMatchObject({ clientOrderId: 'hy00000000precise1', amount: 0.00123, price: 40_000.13, status: 'open', filled: 0 });
    expect(journaled).toEqual([expect.objectContaining({ clientOrderId: 'hy00000000precise1', rounded: expect.objectContaining({ amount: 0.00123, price: 40_000.13 }) })]);
    expect(venue.market('BTC/USDT')).toMatchObject({ amountStep: 0.00001, priceStep: 0.01, minAmount: 0.0001, minCost: 5 });
  });

  it('rejects an order below the minimum notional before anything is sent, naming the rule and numbers', async () => {
    const { venue } = connect();
    const attempt = venue.placeOrder({ clientOrderId: 'hy0000000000small1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.0001, price: 40_000 });
    await expect(attempt).rejects.toMatchObject({ kind: 'invalid_order', message: 'BTC/USDT: notional 4 USDT (0.0001 BTC × 40000) is below the minimum 5 USDT' });
    await expect(venue.placeOrder({ clientOrderId: 'hy0000000000small2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.00001, price: 40_000 })).rejects.toThrow(
      'amount 0.00001 BTC is below the minimum 0.0001',
    );
    // A market order is checked against the last price: 0.0001 BTC × 50000 = 5 is fine, 0.00009 would not be.
    await expect(venue.placeOrder({ clientOrderId: 'hy0000000000small3', symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: 0.0016 })).rejects.toThrow(/notional 4\.8 USDT .* below the minimum 5 USDT/);
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(0);
  });

  it('backs off after a 429, honouring Retry-After, then succeeds', async () => {
    const { venue, clock } = connect();
    stub.fault({ method: 'GET', path: '/api/v3/account', kind: 'rate_limit', retryAfterSec: 3 });
    const balances = await venue.fetchBalances();
    expect(balances.length).toBeGreaterThan(0);
    expect(stub.requestsTo('GET', '/api/v3/account').map((r) => r.status)).toEqual([429, 200]);
    // The retry waited at least the 3 s the venue asked for (the account budget paused too).
    expect(clock.sleeps.some((ms) => ms >= 3_000)).toBe(true);
    expect(venue.budget.stats().pausedUntil).toBeGreaterThan(0);
  });

  it('pauses every user of the account after one of them is rate-limited', async () => {
    const budgets = new RateBudgets();
    const clock = fakeClock();
    // The strategy gives up at once, so any waiting the UI does comes from the shared budget.
    const strategy = connect({ budgets, clock, readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).venue;
    const ui = connect({ budgets, clock }).venue;
    await Promise.all([strategy.loadMarkets(), ui.loadMarkets()]);
    stub.fault({ method: 'GET', path: '/api/v3/account', kind: 'rate_limit', retryAfterSec: 10 });
    await expect(strategy.fetchBalances()).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 10_000 });
    const before = clock.now();
    await ui.fetchFills('BTC/USDT');
    expect(ui.budget).toBe(strategy.budget);
    expect(clock.now() - before).toBeGreaterThanOrEqual(10_000);
    expect(stub.requestsTo('GET', '/api/v3/myTrades').map((r) => r.status)).toEqual([200]);
  });

  it('reads every trade since a time, past the 1,000 that one myTrades page holds at most (reconciliation reads a week of fills)', async () => {
    const { venue } = connect();
    for (let i = 0; i < 1_100; i++) stub.book.place({ symbol: 'BTCUSDT', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: toUnits(0.001), price: 0, stopPrice: 0, clientOrderId: `week${i}` });
    const fills = await venue.fetchFills('BTC/USDT', stub.book.trades[0]!.time);
    expect(fills.map((f) => f.id)).toEqual(stub.book.trades.map((t) => String(t.id)));
    expect(stub.requestsTo('GET', '/api/v3/myTrades').map((r) => Object.keys(r.params).filter((k) => ['startTime', 'fromId', 'limit'].includes(k)).sort())).toEqual([['limit', 'startTime'], ['fromId', 'limit']]);
  });

  it('settles a timed-out order POST by looking it up by client id: exactly one order exists', async () => {
    const { venue } = connect({ timeoutMs: 400 });
    stub.fault({ method: 'POST', path: '/api/v3/order', kind: 'timeout' });
    const order = await venue.placeOrder({ clientOrderId: 'hy000000000timeout', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 });
    expect(order).toMatchObject({ clientOrderId: 'hy000000000timeout', status: 'open', amount: 0.01, price: 45_000 });
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
    expect(stub.requestsTo('GET', '/api/v3/order')[0]!.params['origClientOrderId']).toBe('hy000000000timeout');
    expect(stub.book.orders.filter((o) => o.clientOrderId === 'hy000000000timeout')).toHaveLength(1);
    expect(await venue.fetchOpenOrders('BTC/USDT')).toHaveLength(1);
  });

  it('keeps an order a 5xx answered as unknown when the lookups find nothing ("execution status is UNKNOWN"), without resending it', async () => {
    const { venue, clock } = connect();
    stub.fault({ method: 'POST', path: '/api/v3/order', kind: 'server_error', status: 503 });
    const attempt = venue.placeOrder({ clientOrderId: 'hy0000000000five03', symbol: 'BTC/USDT', side: 'sell', type: 'limit', amount: 0.01, price: 60_000 });
    await expect(attempt).rejects.toMatchObject({ kind: 'unknown_outcome' });
    await expect(attempt).rejects.toThrow(/has no order with that client id after 4 lookups; it may still appear/);
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
    expect(stub.requestsTo('GET', '/api/v3/order').length).toBeGreaterThanOrEqual(2);
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(stub.book.orders).toHaveLength(0);
  });

  it('never sends the same client order id twice, and sends nothing when the journal fails', async () => {
    const { venue } = connect();
    await venue.placeOrder({ clientOrderId: 'hy00000000000once1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 });
    await expect(venue.placeOrder({ clientOrderId: 'hy00000000000once1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 })).rejects.toMatchObject({
      kind: 'invalid_order',
    });
    const failing = connect({ beforeSend: async () => Promise.reject(new Error('disk full')) }).venue;
    await expect(failing.placeOrder({ clientOrderId: 'hy00000000000once2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 })).rejects.toThrow('disk full');
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
  });

  it('fills a market order and reports its fill with fee and client id', async () => {
    const { venue } = connect();
    const order = await venue.placeOrder({ clientOrderId: 'hy000000000market1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.002 });
    // Binance charges a buy's commission in the asset bought (0.1% of 0.002 BTC).
    expect(order).toMatchObject({ status: 'filled', filled: 0.002, averagePrice: 50_000, fee: 0.000002, feeCurrency: 'BTC' });
    const fills = await venue.fetchFills('BTC/USDT');
    expect(fills).toEqual([expect.objectContaining({ clientOrderId: 'hy000000000market1', price: 50_000, amount: 0.002, fee: 0.000002, feeCurrency: 'BTC', liquidity: 'taker' })]);
  });

  it('places a stop-limit as Binance STOP_LOSS_LIMIT with the trigger price', async () => {
    const { venue } = connect();
    const order = await venue.placeOrder({ clientOrderId: 'hy00000000000stop1', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 47_000, stopPrice: 47_500 });
    expect(stub.requestsTo('POST', '/api/v3/order')[0]!.params).toMatchObject({ type: 'STOP_LOSS_LIMIT', stopPrice: '47500', price: '47000' });
    expect(order).toMatchObject({ type: 'stop_limit', stopPrice: 47_500, price: 47_000 });
  });

  it('cancels by client id, and tells a filled order apart from a failed cancel', async () => {
    const { venue } = connect();
    await venue.placeOrder({ clientOrderId: 'hy0000000000cancel', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 });
    await expect(venue.cancelOrder('hy0000000000cancel', 'BTC/USDT')).resolves.toMatchObject({ outcome: 'canceled', exchangeOrderId: expect.any(String) });
    await venue.placeOrder({ clientOrderId: 'hy0000000000filled', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 });
    const resting = stub.book.orders.find((o) => o.clientOrderId === 'hy0000000000filled')!;
    stub.book.fill(resting, toUnits(45_000));
    await expect(venue.cancelOrder('hy0000000000filled', 'BTC/USDT')).resolves.toMatchObject({ outcome: 'already_filled' });
    await expect(venue.cancelOrder('hy000000000missing', 'BTC/USDT')).resolves.toMatchObject({ outcome: 'failed' });
  });

  it('cancels every open order, including ones it never placed, with one result per order', async () => {
    const { venue } = connect();
    await venue.placeOrder({ clientOrderId: 'hy0000000000tracked', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 });
    // Placed by someone else on the same account (another app, the website).
    stub.book.create(new URLSearchParams({ symbol: 'ETHUSDT', side: 'SELL', type: 'LIMIT', quantity: '0.5', price: '3500', newClientOrderId: 'web_order_1' }));
    stub.book.create(new URLSearchParams({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price: '70000', newClientOrderId: 'web_order_2' }));
    const results = await venue.cancelAllOrders();
    expect(results.map((r) => [r.clientOrderId, r.symbol, r.outcome]).sort()).toEqual([
      ['hy0000000000tracked', 'BTC/USDT', 'canceled'],
      ['web_order_1', 'ETH/USDT', 'canceled'],
      ['web_order_2', 'BTC/USDT', 'canceled'],
    ]);
    expect(stub.book.open()).toHaveLength(0);
    // Exchange-side cancel-all per symbol (DELETE /api/v3/openOrders), not one request per order.
    expect(stub.requestsTo('DELETE', '/api/v3/openOrders').map((r) => r.params['symbol']).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(stub.requestsTo('DELETE', '/api/v3/order')).toHaveLength(0);
  });

  it('falls back to cancelling order by order when the exchange-side cancel-all keeps failing', async () => {
    const { venue } = connect();
    await venue.placeOrder({ clientOrderId: 'hy000000000one0001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 45_000 });
    await venue.placeOrder({ clientOrderId: 'hy000000000one0002', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 44_000 });
    stub.fault({ method: 'DELETE', path: '/api/v3/openOrders', kind: 'server_error', status: 503, times: 100 });
    const results = await venue.cancelAllOrders(['BTC/USDT']);
    expect(results.map((r) => [r.clientOrderId, r.outcome]).sort()).toEqual([
      ['hy000000000one0001', 'canceled'],
      ['hy000000000one0002', 'canceled'],
    ]);
    expect(stub.requestsTo('DELETE', '/api/v3/order')).toHaveLength(2);
    expect(stub.book.open()).toHaveLength(0);
  });

  it('maps venue rejections to kinds a caller can act on', async () => {
    const { venue } = connect();
    const attempt = venue.placeOrder({ clientOrderId: 'hy0000000000broke1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 45_000 });
    await expect(attempt).rejects.toMatchObject({ kind: 'insufficient_funds' });
    const error = await attempt.catch((e: unknown) => e);
    expect(isExchangeError(error, 'insufficient_funds')).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CcxtAccountStream } from '../../core/exchange/ccxt-account-stream.js';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { ExchangeOrder, Fill } from '../../core/exchange/port.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import { keyPermissions } from '../../core/exchange/key-permissions.js';
import { BybitRateLimiter } from '../stubs/bybit-rules.js';
import { startBybitStub, type BybitStub } from '../stubs/bybit-stub.js';
import { bybitRaw, bybitVenue } from '../stubs/bybit-venue.js';

/**
 * The Bybit v5 stub (USDT perpetuals) through real ccxt, and over raw signed HTTP where ccxt would
 * not send the request: it refuses what Bybit refuses with Bybit's retCode and retMsg
 * (bybit-exchange docs/v5/error.mdx), and trades the way Halyard uses it.
 */
let stub: BybitStub;
let venue: CcxtExchange;

beforeEach(async () => {
  stub = await startBybitStub();
  venue = await bybitVenue(stub, 'bybit:stub-test');
});
afterEach(async () => {
  await venue.close();
  await stub.close();
});

const PERP = 'BTC/USDT:USDT';
const lastCreate = () => stub.requestsTo('POST', '/v5/order/create').at(-1)!;

describe('the Bybit v5 linear stub through ccxt', () => {
  it('lists USDT perpetuals as swap markets, opens a long and closes it with a reduce-only order that carries reduceOnly', async () => {
    expect(venue.market(PERP)).toMatchObject({ kind: 'swap', base: 'BTC', quote: 'USDT', amountStep: 0.001, priceStep: 0.1, minAmount: 0.001, minCost: 5 });
    const entry = await venue.placeOrder({ clientOrderId: 'hy-bybit-entry-1', symbol: PERP, side: 'buy', type: 'market', amount: 0.01 });
    expect(entry).toMatchObject({ clientOrderId: 'hy-bybit-entry-1', status: 'filled', filled: 0.01, averagePrice: 50_000 });
    expect(lastCreate()).toMatchObject({ retCode: 0, params: { category: 'linear', orderLinkId: 'hy-bybit-entry-1', qty: '0.01' } });
    expect(stub.book.position('BTCUSDT').size).toBe(1_000_000);

    const exit = await venue.placeOrder({ clientOrderId: 'hy-bybit-exit-1', symbol: PERP, side: 'sell', type: 'market', amount: 0.01, reduceOnly: true });
    expect(lastCreate().params).toMatchObject({ reduceOnly: true, orderLinkId: 'hy-bybit-exit-1' });
    expect(exit).toMatchObject({ status: 'filled', filled: 0.01 });
    expect(stub.book.position('BTCUSDT').size).toBe(0);
    const fills = await venue.fetchFills(PERP);
    expect(fills.map((f) => [f.clientOrderId, f.side, f.amount, f.feeCurrency])).toEqual(expect.arrayContaining([['hy-bybit-entry-1', 'buy', 0.01, 'USDT'], ['hy-bybit-exit-1', 'sell', 0.01, 'USDT']]));
  });

  it('refuses a reduce-only order with no position to reduce (110017), a duplicate orderLinkId (110072) and an order the balance cannot margin (110007)', async () => {
    await expect(venue.client.createOrder(PERP, 'market', 'sell', 0.01, undefined, { reduceOnly: true, clientOrderId: 'hy-ro-1' })).rejects.toThrow(/"retCode":110017,"retMsg":"orderQty will be truncated to zero"/);
    await venue.client.createOrder(PERP, 'limit', 'buy', 0.01, 40_000, { clientOrderId: 'hy-dup-1' });
    await expect(venue.client.createOrder(PERP, 'limit', 'buy', 0.01, 40_000, { clientOrderId: 'hy-dup-1' })).rejects.toThrow(/"retCode":110072,"retMsg":"OrderLinkedID is duplicate"/);
    // 10 BTC at 50,000 with 10× leverage needs 50,000 USDT of margin; the wallet holds 10,000.
    await expect(venue.placeOrder({ clientOrderId: 'hy-big-1', symbol: PERP, side: 'buy', type: 'market', amount: 10 })).rejects.toMatchObject({
      kind: 'insufficient_funds',
      message: expect.stringContaining('"retCode":110007,"retMsg":"Available balance is insufficient"'),
    });
    expect(stub.book.orders.map((o) => o.orderLinkId)).toEqual(['hy-dup-1']);
  });

  it('refuses parameters the endpoint does not document, a positionIdx of hedge mode and TP/SL on a reduce-only order (10001)', async () => {
    await expect(venue.client.createOrder(PERP, 'market', 'buy', 0.01, undefined, { clientOrderId: 'hy-x-1', leverage: 5 })).rejects.toThrow(/"retCode":10001,"retMsg":"Request parameter error: unknown parameter 'leverage'"/);
    await expect(venue.client.createOrder(PERP, 'market', 'buy', 0.01, undefined, { clientOrderId: 'hy-x-2', positionIdx: 1 })).rejects.toThrow(/"retCode":10001,"retMsg":"Request parameter error: position idx not match position mode"/);
    const tpOnReduce = await bybitRaw(stub, 'POST', '/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.01', reduceOnly: true, stopLoss: '45000' });
    expect(tpOnReduce).toMatchObject({ retCode: 10001, retMsg: 'Request parameter error: when reduceOnly is true, take profit/stop loss cannot be set' });
    const qtyOffStep = await bybitRaw(stub, 'POST', '/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.0105' });
    expect(qtyOffStep.retCode).toBe(10001);
    expect(stub.book.orders).toHaveLength(0);
  });

  it('checks the key, the signature and the time window (10003, 10004, 10002), and throttles per endpoint (10006)', async () => {
    expect(await bybitRaw(stub, 'GET', '/v5/account/wallet-balance', { accountType: 'UNIFIED' }, { secret: 'wrong' })).toMatchObject({ retCode: 10004, retMsg: 'Error sign, please check your signature generation algorithm.' });
    expect(await bybitRaw(stub, 'GET', '/v5/account/wallet-balance', { accountType: 'UNIFIED' }, { timestamp: Date.now() - 10_000 })).toMatchObject({ retCode: 10002, retMsg: 'The request time exceeds the time window range.' });
    const unknownKey = await fetch(`${stub.url}/v5/account/info`, { headers: { 'X-BAPI-API-KEY': 'nope', 'X-BAPI-TIMESTAMP': String(Date.now()), 'X-BAPI-SIGN': 'x' } }).then((r) => r.json());
    expect(unknownKey).toMatchObject({ retCode: 10003 });
    // GET /v5/user/query-api allows 10 requests per second per UID.
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await bybitRaw(stub, 'GET', '/v5/user/query-api', {})).retCode);
    expect(codes.slice(0, 9).every((c) => c === 0)).toBe(true);
    expect(codes).toContain(10006);
    // The refusal carries the limit headers too, X-Bapi-Limit-Reset-Timestamp saying when a request may go again.
    let at = 10_000;
    const limiter = new BybitRateLimiter(() => at);
    limiter.take('/v5/order/create', 2);
    at += 300;
    limiter.take('/v5/order/create', 2);
    expect(() => limiter.take('/v5/order/create', 2)).toThrow(expect.objectContaining({ retCode: 10006, headers: { 'X-Bapi-Limit': '2', 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': '11000' } }));
  });

  it('answers the IP over its limit with 403 "access too frequent" and bans it for 10 minutes; the account holds off all 10 minutes, not a few seconds', async () => {
    let now = Date.parse('2024-06-01T00:00:00Z');
    const sleeps: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
    const budgets = new RateBudgets();
    budgets.forAccount('bybit:ip-limit', () => new RateBudget({ refillPerMs: 1, capacity: 200, ...clock }));
    const held = await bybitVenue(stub, 'bybit:ip-limit', { ...clock, budgets, readRetry: { attempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 } });
    try {
      stub.ipLimit.perWindow = stub.requests.length; // the next request is one too many in this 5-second window
      const refused = await held.fetchBalances().then(() => null, (error: unknown) => error);
      expect(refused).toMatchObject({ kind: 'rate_limited', retryAfterMs: 600_000 });
      expect(stub.requests.slice(-2).map((r) => r.status)).toEqual([403, 403]); // the retry came only after the 10 minutes
      expect(sleeps).toContain(600_000);
      expect(held.budget.stats().pausedUntil).toBeGreaterThanOrEqual(now);
    } finally {
      await held.close();
    }
  });

  it('reads every execution since a time, page after page by nextPageCursor (execution/list: at most 100 a page)', async () => {
    const since = Date.now() - 1_000;
    for (let i = 0; i < 120; i++) stub.book.create({ category: 'linear', symbol: 'BTCUSDT', side: i % 2 === 0 ? 'Buy' : 'Sell', orderType: 'Market', qty: '0.001', orderLinkId: `elsewhere-${i}` });
    const fills = await venue.fetchFills(PERP, since);
    expect(fills.map((f) => f.id).sort()).toEqual(stub.book.executions.map((e) => e.execId).sort());
    expect(stub.requestsTo('GET', '/v5/execution/list').map((r) => r.params['cursor'] ?? null)).toEqual([null, '100']);
  });

  it('places a stop-limit as a conditional order with the trigger direction, refuses a trigger on the wrong side (110093), and works it when the price gets there', async () => {
    await venue.placeOrder({ clientOrderId: 'hy-long-1', symbol: PERP, side: 'buy', type: 'market', amount: 0.01 });
    await expect(venue.client.createOrder(PERP, 'limit', 'sell', 0.01, 50_900, { triggerPrice: 51_000, triggerDirection: 'descending', reduceOnly: true, clientOrderId: 'hy-wrong-1' })).rejects.toThrow(
      /"retCode":110093,"retMsg":"expect Falling, but trigger_price\[51000\] >= current\[50000\]\?\?LastPrice"/,
    );
    const stop = await venue.placeOrder({ clientOrderId: 'hy-stop-1', symbol: PERP, side: 'sell', type: 'stop_limit', amount: 0.01, price: 48_900, stopPrice: 49_000, reduceOnly: true });
    expect(lastCreate().params).toMatchObject({ triggerPrice: '49000', triggerDirection: 2, price: '48900', reduceOnly: true });
    expect(stop).toMatchObject({ status: 'open', stopPrice: 49_000 });
    stub.book.setPrice('BTCUSDT', 49_100);
    expect(await venue.fetchOrderByClientId('hy-stop-1', PERP)).toMatchObject({ status: 'open', filled: 0 });
    stub.book.setPrice('BTCUSDT', 48_950); // falls through 49,000: the sell limit at 48,900 is marketable at once
    expect(await venue.fetchOrderByClientId('hy-stop-1', PERP)).toMatchObject({ status: 'filled', filled: 0.01, averagePrice: 48_950 });
    expect(stub.book.position('BTCUSDT').size).toBe(0);
  });

  it('keeps take-profit / stop-loss set on the opening order on the position, and closes it when the stop is reached', async () => {
    await venue.client.createOrder(PERP, 'market', 'buy', 0.02, undefined, { clientOrderId: 'hy-tpsl-1', stopLoss: { triggerPrice: 48_000 }, takeProfit: { triggerPrice: 55_000 } });
    expect(lastCreate().params).toMatchObject({ stopLoss: '48000', takeProfit: '55000' });
    const [position] = (await venue.client.fetchPositions([PERP])) as { contracts?: number; stopLossPrice?: number; takeProfitPrice?: number }[];
    expect(position).toMatchObject({ contracts: 0.02, stopLossPrice: 48_000, takeProfitPrice: 55_000 });
    stub.book.setPrice('BTCUSDT', 47_990);
    expect(stub.book.position('BTCUSDT')).toMatchObject({ size: 0, stopLoss: 0 });
    expect(stub.book.orders.at(-1)).toMatchObject({ stopOrderType: 'StopLoss', orderStatus: 'Filled', reduceOnly: true });
  });

  it('reports what the key may do (GET /v5/user/query-api): withdrawals when Wallet lists Withdraw', async () => {
    expect(await keyPermissions(venue)).toMatchObject({ withdrawals: false, trading: true });
    stub.withdrawalsEnabled = true;
    expect(await keyPermissions(venue)).toMatchObject({ withdrawals: true });
  });
});

describe('the Bybit order history', () => {
  it('lists 7 days (from startTime, or back from now) and an unfilled cancelled order for 24 hours only (order-list.mdx)', async () => {
    const day = 86_400_000;
    let shift = 0;
    const aged = await startBybitStub({ now: () => Date.now() + shift });
    try {
      const order = (linkId: string, price: string) => aged.book.create({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price, orderLinkId: linkId });
      const filledAt = (daysAgo: number, linkId: string) => {
        shift = -daysAgo * day;
        order(linkId, '49000');
        aged.book.setPrice('BTCUSDT', 49_000);
        aged.book.setPrice('BTCUSDT', 50_000);
      };
      filledAt(8, 'hy-filled-8d');
      filledAt(2, 'hy-filled-2d');
      shift = -2 * day;
      aged.book.cancel(order('hy-cancelled-2d', '45000'));
      shift = 0;
      const listed = async (params: Record<string, string>) => {
        const answer = await bybitRaw(aged, 'GET', '/v5/order/history', { category: 'linear', settleCoin: 'USDT', ...params });
        return (answer.result['list'] as { orderLinkId: string }[]).map((o) => o.orderLinkId);
      };
      expect(await listed({})).toEqual(['hy-filled-2d']);
      expect(await listed({ startTime: String(Date.now() - 8.5 * day) })).toEqual(['hy-filled-2d', 'hy-filled-8d']);
      expect(await bybitRaw(aged, 'GET', '/v5/order/history', { category: 'linear', settleCoin: 'USDT', startTime: String(Date.now() - 9 * day), endTime: String(Date.now()) })).toMatchObject({ retCode: 10001 });
    } finally {
      await aged.close();
    }
  });
});

describe('an order that rested at Bybit for more than 7 days', () => {
  it('arrives filled with its execution: /v5/execution/list covers only 7 days from a startTime, so the order is asked for by its id', async () => {
    const week = 7 * 86_400_000;
    let shift = 0;
    const aged = await startBybitStub({ now: () => Date.now() + shift });
    const agedVenue = await bybitVenue(aged, 'bybit:aged');
    const stream = new CcxtAccountStream({ exchange: agedVenue, pollMs: 30, reconnectMs: 60_000 });
    const updates: { order: ExchangeOrder; fills: readonly Fill[] }[] = [];
    agedVenue.onOrderUpdate((update) => updates.push(update));
    try {
      shift = -(week + 86_400_000); // the order was placed 8 days ago (at the venue, before this session)
      const resting = aged.book.create({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '45000', orderLinkId: 'hy-bybit-aged-1' });
      shift = 0;
      stream.start();
      await vi.waitFor(() => expect(updates.some((u) => u.order.clientOrderId === 'hy-bybit-aged-1')).toBe(true), { timeout: 15_000, interval: 20 });
      aged.book.setPrice('BTCUSDT', 45_000);
      const execution = aged.book.executions.at(-1)!;
      expect(execution.order).toBe(resting);
      const filled = await vi.waitFor(() => updates.find((u) => u.order.clientOrderId === 'hy-bybit-aged-1' && u.order.status === 'filled') ?? expect.fail('not filled yet'), { timeout: 15_000, interval: 20 });
      expect(filled.fills).toEqual([expect.objectContaining({ id: execution.execId, clientOrderId: 'hy-bybit-aged-1', amount: 0.01, price: 45_000 })]);
    } finally {
      await stream.stop();
      await agedVenue.close();
      await aged.close();
    }
  });
});

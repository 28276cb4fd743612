import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { keyPermissions } from '../../core/exchange/key-permissions.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';

/**
 * The Kraken spot stub through real ccxt (and raw signed POSTs where ccxt rounds or fills in a
 * field first): it refuses what Kraken refuses with Kraken's error strings (docs.kraken.com
 * "Spot Error Messages"), and Halyard's orders reach it with only documented parameters.
 */
let stub: KrakenStub;
let venue: CcxtExchange;

beforeEach(async () => {
  stub = await startKrakenStub();
  const budgets = new RateBudgets();
  budgets.forAccount('kraken:stub-test', () => new RateBudget({ refillPerMs: 1, capacity: 100 }));
  venue = new CcxtExchange({ account: { exchange: 'kraken', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 5_000 }, accountKey: 'kraken:stub-test', budgets, readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  await venue.loadMarkets();
});
afterEach(async () => {
  await venue.close();
  await stub.close();
});

/** A signed private POST (API-Sign = base64 HMAC-SHA512(secret, path + SHA256(nonce + body))), nonces from the client's own sequence. */
async function krakenRaw(path: string, params: Record<string, string>, nonce = Number(venue.client.nonce())) {
  const body = new URLSearchParams({ nonce: String(nonce), ...params }).toString();
  const hash = createHash('sha256').update(String(nonce) + body).digest();
  const sign = createHmac('sha512', Buffer.from(stub.secret, 'base64')).update(Buffer.concat([Buffer.from(path), hash])).digest('base64');
  const response = await fetch(`${stub.url}${path}`, { method: 'POST', headers: { 'API-Key': stub.apiKey, 'API-Sign': sign, 'content-type': 'application/x-www-form-urlencoded' }, body });
  return (await response.json()) as { error: string[]; result?: Record<string, unknown> };
}

const addOrders = () => stub.requestsTo('/0/private/AddOrder');

describe('the strict Kraken spot stub', () => {
  it('takes Halyard’s market buy and stop-loss-limit exit with documented parameters only (cl_ord_id, no reduce_only on spot)', async () => {
    const buy = await venue.placeOrder({ clientOrderId: 'hy00000krakenbuy01', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    expect(buy).toMatchObject({ status: 'filled', filled: 0.01, averagePrice: 50_000, fee: 1.3, feeCurrency: 'USDT' });
    const stop = await venue.placeOrder({ clientOrderId: 'hy00000krakenstp01', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 44_000, stopPrice: 45_000, reduceOnly: true });
    expect(addOrders()[1]!.params).toEqual({ nonce: expect.any(String), pair: 'XBTUSDT', type: 'sell', ordertype: 'stop-loss-limit', volume: '0.01', price: '45000', price2: '44000', cl_ord_id: 'hy00000krakenstp01' });
    expect(stop).toMatchObject({ status: 'open', stopPrice: 45_000, price: 44_000 });
    stub.book.setPrice('XBTUSDT', 46_000);
    expect(stub.book.open()).toHaveLength(1);
    stub.book.setPrice('XBTUSDT', 44_900); // below the trigger; the sell limit at 44,000 is marketable
    expect(await venue.fetchOrderByClientId('hy00000krakenstp01', 'BTC/USDT')).toMatchObject({ status: 'filled', filled: 0.01 });
  });

  it('takes a stop the market has already reached and triggers it at once, as Kraken documents ("it will execute immediately")', async () => {
    // Last price 50,000. A sell stop-loss-limit triggered above the market: its limit under the market takes at once.
    const taken = await krakenRaw('/0/private/AddOrder', { pair: 'XBTUSDT', type: 'sell', ordertype: 'stop-loss-limit', volume: '0.01', price: '51000', price2: '49000' });
    expect(taken.error).toEqual([]);
    const filled = stub.book.orders.at(-1)!;
    expect([filled.status, filled.triggered, filled.volExec]).toEqual(['closed', true, 1_000_000]);
    // Its limit above the market: triggered, it works as a limit sell at 50,500 (Halyard's own refusal is not the venue's).
    expect((await krakenRaw('/0/private/AddOrder', { pair: 'XBTUSDT', type: 'sell', ordertype: 'stop-loss-limit', volume: '0.01', price: '51000', price2: '50500' })).error).toEqual([]);
    const working = stub.book.orders.at(-1)!;
    expect([working.status, working.triggered, working.volExec]).toEqual(['open', true, 0]);
    stub.book.setPrice('XBTUSDT', 50_600);
    expect(working.status).toBe('closed');
    // Halyard sends no such stop: it is refused beside the stop price before AddOrder.
    const sent = addOrders().length;
    const refused = await venue.placeOrder({ clientOrderId: 'hy00000krakenstp02', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 49_000, stopPrice: 51_000 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'invalid_order', field: 'stopPrice', message: expect.stringMatching(/^Order would trigger immediately: the stop price 51000 is at or above the last price 50600 — a sell stop must be below the market/) });
    expect(addOrders()).toHaveLength(sent);
  });

  it('refuses orders below the minimums, without funds, off the tick, with an open cl_ord_id, or with an undocumented parameter', async () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: unknown) => String(error));
    expect(await refusal(venue.client.createOrder('BTC/USDT', 'limit', 'buy', 0.00005, 40_000))).toContain('EOrder:Order minimum not met');
    expect(await refusal(venue.client.createOrder('BTC/USDT', 'limit', 'buy', 1, 40_000))).toContain('EOrder:Insufficient funds');
    expect(await refusal(venue.client.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 40_000, { foo: 'bar' }))).toContain('EGeneral:Invalid arguments:foo');
    expect((await krakenRaw('/0/private/AddOrder', { pair: 'XBTUSDT', type: 'buy', ordertype: 'limit', volume: '0.01', price: '40000.05' })).error).toEqual(['EOrder:Tick size check failed']);
    expect((await krakenRaw('/0/private/AddOrder', { pair: 'XBTUSDT', type: 'buy', ordertype: 'limit', volume: '0.000100001', price: '40000' })).error).toEqual(['EGeneral:Invalid arguments:volume']);
    expect((await krakenRaw('/0/private/AddOrder', { pair: 'ETHUSDT', type: 'buy', ordertype: 'limit', volume: '0.002', price: '100' })).error).toEqual(['EOrder:Cost minimum not met']);
    expect((await krakenRaw('/0/private/AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' })).error).toEqual(['EQuery:Unknown asset pair']);
    await venue.client.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 40_000, { clientOrderId: 'hy00000krakendup01' });
    expect(await refusal(venue.client.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 40_000, { clientOrderId: 'hy00000krakendup01' }))).toContain('EOrder:Duplicate order');
    expect(stub.book.orders).toHaveLength(1);
  });

  it('checks key, signature and an always increasing nonce', async () => {
    const nonce = Number(venue.client.nonce());
    expect((await krakenRaw('/0/private/Balance', {}, nonce)).error).toEqual([]);
    expect((await krakenRaw('/0/private/Balance', {}, nonce)).error).toEqual(['EAPI:Invalid nonce']);
    expect((await krakenRaw('/0/private/Balance', {}, nonce - 1)).error).toEqual(['EAPI:Invalid nonce']);
    const forged = await fetch(`${stub.url}/0/private/Balance`, { method: 'POST', headers: { 'API-Key': stub.apiKey, 'API-Sign': 'AAAA' }, body: `nonce=${Number(venue.client.nonce())}` }).then((r) => r.json());
    expect(forged).toEqual({ error: ['EAPI:Invalid signature'] });
    const stranger = await fetch(`${stub.url}/0/private/Balance`, { method: 'POST', headers: { 'API-Key': 'someone-else', 'API-Sign': 'AAAA' }, body: `nonce=${Number(venue.client.nonce())}` }).then((r) => r.json());
    expect(stranger).toEqual({ error: ['EAPI:Invalid key'] });
  });

  it('has no lookup by cl_ord_id in QueryOrders: an order is found by client id in the open and closed orders', async () => {
    expect((await krakenRaw('/0/private/QueryOrders', { txid: 'OAAAAA-BBBBB-CCCCCC', cl_ord_id: 'hy00000krakenqry01' })).error).toEqual(['EGeneral:Invalid arguments:cl_ord_id']);
    await venue.client.createOrder('BTC/USDT', 'market', 'buy', 0.002, undefined, { clientOrderId: 'hy00000krakenqry01' });
    const before = stub.requests.length;
    expect(await venue.fetchOrderByClientId('hy00000krakenqry01', 'BTC/USDT')).toMatchObject({ status: 'filled', filled: 0.002 });
    expect(stub.requests.slice(before).map((r) => r.path)).toEqual(['/0/private/OpenOrders', '/0/private/ClosedOrders']);
  });

  it('finds an order by client id behind more than a page of newer closed orders (ClosedOrders returns 50 at a time, the most recent first)', async () => {
    await venue.client.createOrder('BTC/USDT', 'market', 'buy', 0.002, undefined, { clientOrderId: 'hy00000krakenold01' });
    // 50 orders close after ours (a busy day on other pairs and this one): ours is on the second page of ClosedOrders.
    for (let i = 0; i < 50; i++) stub.book.add({ pair: i % 2 === 0 ? 'XBTUSDT' : 'ETHUSDT', type: 'buy', ordertype: 'market', volume: i % 2 === 0 ? '0.0001' : '0.002' });
    expect(await venue.fetchOrderByClientId('hy00000krakenold01', 'BTC/USDT')).toMatchObject({ clientOrderId: 'hy00000krakenold01', status: 'filled', filled: 0.002 });
    expect(stub.requestsTo('/0/private/ClosedOrders').at(-1)!.params).toMatchObject({ cl_ord_id: 'hy00000krakenold01' });
  });

  it('reads every trade since a time, page after page (TradesHistory returns 50 at a time, the most recent first)', async () => {
    const since = Date.now() - 1_000;
    for (let i = 0; i < 70; i++) stub.book.add({ pair: i % 3 === 0 ? 'ETHUSDT' : 'XBTUSDT', type: 'buy', ordertype: 'market', volume: i % 3 === 0 ? '0.002' : '0.0001' });
    const fills = await venue.fetchFills('BTC/USDT', since);
    expect(fills.map((f) => f.id).sort()).toEqual(stub.book.trades.filter((t) => t.order.pair.id === 'XBTUSDT').map((t) => t.id).sort());
  });

  it('on a venue that lists no closed orders, finds a market order filled at once, whose answer was lost, by its trades', async () => {
    const budgets = new RateBudgets();
    budgets.forAccount('kraken:no-closed', () => new RateBudget({ refillPerMs: 1, capacity: 100 }));
    const blind = new CcxtExchange({ account: { exchange: 'kraken', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 300 }, accountKey: 'kraken:no-closed', budgets, readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    try {
      await blind.loadMarkets();
      // The same venue without its closed-orders listing (ccxt capability off): only open orders and trades are left to look in.
      blind.client.has['fetchClosedOrders'] = false;
      // Someone else's trade on the same side, of another amount, must not be taken for ours.
      await venue.client.createOrder('BTC/USDT', 'market', 'buy', 0.003);
      stub.fault({ path: '/0/private/AddOrder', kind: 'timeout' });
      const found = await blind.placeOrder({ clientOrderId: 'hy00000krakentrd01', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.002 });
      const ours = stub.book.orders.find((o) => o.clOrdId === 'hy00000krakentrd01')!;
      expect(found).toMatchObject({ clientOrderId: 'hy00000krakentrd01', exchangeOrderId: ours.txid, status: 'filled', filled: 0.002, averagePrice: 50_000 });
      expect(stub.requestsTo('/0/private/ClosedOrders')).toEqual([]);
      expect(stub.requestsTo('/0/private/TradesHistory').length).toBeGreaterThan(0);
      expect(stub.requestsTo('/0/private/AddOrder').filter((r) => r.params['cl_ord_id'] === 'hy00000krakentrd01')).toHaveLength(1);
    } finally {
      await blind.close();
    }
  });

  it('counts REST calls and refuses past the tier’s maximum with EAPI:Rate limit exceeded', async () => {
    stub.counter.max = 4;
    stub.counter.decayPerSecond = 0.001;
    const errors: string[] = [];
    for (let i = 0; i < 6; i++) errors.push((await krakenRaw('/0/private/OpenOrders', {})).error[0] ?? 'ok');
    expect(errors.slice(-2)).toEqual(['EAPI:Rate limit exceeded', 'EAPI:Rate limit exceeded']);
    // Cancel-all is a counted call like any other; AddOrder and CancelOrder are limited by the matching engine instead.
    expect((await krakenRaw('/0/private/CancelAll', {})).error).toEqual(['EAPI:Rate limit exceeded']);
    stub.book.setBalance('USDT', 1_000_000);
    const placed = await krakenRaw('/0/private/AddOrder', { pair: 'XBTUSDT', type: 'buy', ordertype: 'limit', volume: '0.01', price: '40000' });
    expect(placed.error).toEqual([]);
    expect((await krakenRaw('/0/private/CancelOrder', { txid: (placed.result?.['txid'] as string[])[0]! })).error).toEqual([]);
  });

  it('limits orders and cancels per pair in the trading engine (EOrder:Rate limit exceeded), not on the REST counter', async () => {
    stub.book.setBalance('USDT', 1_000_000);
    const place = (pair: string, price: string) => krakenRaw('/0/private/AddOrder', { pair, type: 'buy', ordertype: 'limit', volume: '0.01', price });
    const errors: string[] = [];
    // Starter tier: +1 per order, +8 for a cancel of an order younger than 5 s; the threshold is 60.
    for (let i = 0; i < 8 && !errors.includes('EOrder:Rate limit exceeded'); i++) {
      const placed = await place('XBTUSDT', '40000');
      errors.push(placed.error[0] ?? 'ok');
      const txid = (placed.result?.['txid'] as string[] | undefined)?.[0];
      if (txid) errors.push((await krakenRaw('/0/private/CancelOrder', { txid })).error[0] ?? 'ok');
    }
    expect(errors).toContain('EOrder:Rate limit exceeded');
    expect(errors.filter((e) => e !== 'ok' && e !== 'EOrder:Rate limit exceeded')).toEqual([]);
    expect(stub.trading.value('XBTUSDT')).toBeGreaterThan(50);
    // Per pair: ETH trades on; and none of it was charged to the REST call counter (max 15).
    expect((await place('ETHUSDT', '2000')).error).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await krakenRaw('/0/private/OpenOrders', {})).error).toEqual([]);
  });

  it('cannot tell what a Kraken key may do: permissions are unknown', async () => {
    expect(await keyPermissions(venue)).toEqual({ withdrawals: 'unknown', trading: 'unknown', source: null });
  });
});

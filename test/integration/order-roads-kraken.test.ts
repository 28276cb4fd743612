import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KRAKEN_PRIVATE } from '../stubs/kraken-rules.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import { armedRoad, emergencyStopRoad, type Road } from './order-roads-helpers.js';

/**
 * The manual order roads on an armed Kraken spot account, the way a trader goes: the public API of a
 * real Terminal (real keychain, encrypted store) against the strict Kraken stub. Each road checks what
 * the trader sees (orders, positions, fills, the stop report, reconciliation) and what Kraken received:
 * only parameters its AddOrder / CancelOrder document, and never `reduce_only` on spot.
 */
const ACCOUNT = 'kraken:roads';
const SYMBOL = 'BTC/USDT';
// A closed position starts the symbol's re-entry cooldown: the later roads trade ETH.
const ETH = 'ETH/USDT';
/** Kraken's Starter tier allows one counted call per 3 s once the burst is spent, and the live account's own polling shares it. */
const ROAD_MS = 180_000;
let stub: KrakenStub;
let road: Road;
let api: Road['api'];

beforeAll(async () => {
  stub = await startKrakenStub();
  // An all-cash account: the risk gate's per-symbol exposure leaves room for the test's buys.
  stub.book.setBalance('XXBT', 0);
  stub.book.setBalance('XETH', 0);
  road = await armedRoad({ venue: { exchange: 'kraken', label: 'roads', apiKey: stub.apiKey, secret: stub.secret, url: stub.url }, timeoutMs: 120_000, permissions: 'unknown' });
  api = road.api;
}, 30_000);

afterAll(async () => {
  await road?.close();
  await stub.close();
});

const poll = { timeout: 60_000, interval: 100 };
const addOrders = () => stub.requestsTo('/0/private/AddOrder');
const addOrderOf = (clientOrderId: string) => addOrders().filter((r) => r.params['cl_ord_id'] === clientOrderId);

/** Every private request Halyard sent carried only the parameters Kraken documents for that call, and Kraken refused none. */
function expectOnlyDocumentedRequests(): void {
  // ccxt.pro first asks for a websocket token (a documented call); the stub serves no websockets, so it answers Unknown method and the stream polls REST.
  for (const request of stub.requests.filter((r) => r.path.startsWith('/0/private/') && r.path !== '/0/private/GetWebSocketsToken')) {
    const endpoint = KRAKEN_PRIVATE[request.path.slice('/0/private/'.length)];
    expect(endpoint, request.path).toBeDefined();
    for (const name of Object.keys(request.params)) expect(['nonce', ...endpoint!.params], `${request.path} ${name}`).toContain(name);
    expect(request.error, `${request.path} ${JSON.stringify(request.params)}`).toBeNull();
  }
  expect(addOrders().filter((r) => 'reduce_only' in r.params)).toEqual([]);
}

describe('the order roads on an armed Kraken spot account', () => {
  it('the ticket: a resting limit buy, then its cancel', async () => {
    const order = await api.call('orders.place', { account: ACCOUNT, symbol: SYMBOL, side: 'buy', type: 'limit', amount: '0.01', price: '40000' });
    expect(order).toMatchObject({ account: ACCOUNT, status: 'open', source: 'manual', price: 40_000, amount: 0.01 });
    expect(addOrderOf(order.clientOrderId).map((r) => r.params)).toEqual([
      { nonce: expect.any(String), pair: 'XBTUSDT', type: 'buy', ordertype: 'limit', volume: '0.01', price: '40000', cl_ord_id: order.clientOrderId },
    ]);
    expect(stub.book.open().map((o) => o.clOrdId)).toEqual([order.clientOrderId]);
    expect((await api.call('orders.list', { status: 'open' })).map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);

    const canceled = await api.call('orders.cancel', { clientOrderId: order.clientOrderId });
    expect(canceled).toMatchObject({ clientOrderId: order.clientOrderId, status: 'canceled' });
    expect(stub.book.open()).toEqual([]);
    const cancels = stub.requestsTo('/0/private/CancelOrder');
    expect(cancels.map((r) => r.error)).toEqual([null]);
    expect(cancels[0]!.params['txid'] ?? cancels[0]!.params['cl_ord_id']).toBe(cancels[0]!.params['txid'] ? order.exchangeOrderId : order.clientOrderId);
    expect(await api.call('orders.list', { status: 'open' })).toEqual([]);
    expectOnlyDocumentedRequests();
  }, ROAD_MS);

  it('the ticket\'s options as Kraken spot takes them: no FOK; a post-only buy that would take and an IOC with nothing to take are closed by Kraken, and shown closed', async () => {
    // AddOrder's timeinforce is GTC, IOC or GTD (docs.kraken.com/api/docs/rest-api/add-order): FOK is not offered.
    expect(await api.call('orders.ticketRules', { account: ACCOUNT, symbol: SYMBOL })).toMatchObject({ postOnly: true, timeInForce: ['GTC', 'IOC'] });
    const fok = await api.call('orders.place', { account: ACCOUNT, symbol: SYMBOL, side: 'buy', type: 'limit', amount: '0.01', price: '40000', timeInForce: 'FOK' }).then(() => null, (error: unknown) => error as Error & { issues?: unknown });
    expect(fok?.message).toMatch(/FOK/);
    expect(addOrders().filter((r) => r.params['timeinforce'] === 'FOK')).toEqual([]);

    const taking = await api.call('orders.place', { account: ACCOUNT, symbol: SYMBOL, side: 'buy', type: 'limit', amount: '0.01', price: '60000', postOnly: true });
    expect(addOrderOf(taking.clientOrderId)[0]!.params['oflags']).toBe('post');
    const ioc = await api.call('orders.place', { account: ACCOUNT, symbol: SYMBOL, side: 'buy', type: 'limit', amount: '0.01', price: '40000', timeInForce: 'IOC' });
    expect(addOrderOf(ioc.clientOrderId)[0]!.params['timeinforce']).toBe('IOC');
    for (const order of [taking, ioc]) {
      await vi.waitFor(async () => expect(await road.orderRow(order.clientOrderId)).toMatchObject({ status: 'canceled', filled: 0 }), poll);
      expect(await road.fillsOf(order.clientOrderId)).toEqual([]);
    }
    expect(stub.book.open()).toEqual([]);
    expectOnlyDocumentedRequests();
  }, ROAD_MS);

  it('a market buy shows as a position with its fill; closing it from its row sells it at market without reduce_only', async () => {
    const buy = await api.call('orders.place', { account: ACCOUNT, symbol: SYMBOL, side: 'buy', type: 'market', amount: '0.01' });
    expect(addOrderOf(buy.clientOrderId).map((r) => r.params)).toEqual([{ nonce: expect.any(String), pair: 'XBTUSDT', type: 'buy', ordertype: 'market', volume: '0.01', cl_ord_id: buy.clientOrderId }]);
    await vi.waitFor(async () => expect(await road.orderRow(buy.clientOrderId)).toMatchObject({ status: 'filled', filled: 0.01, averagePrice: 50_000 }), poll);
    // 0.26 % taker fee on 500 USDT, charged by Kraken in the quote currency.
    await vi.waitFor(async () => expect(await road.fillsOf(buy.clientOrderId)).toEqual([expect.objectContaining({ side: 'buy', price: 50_000, amount: 0.01, fee: 1.3, feeCurrency: 'USDT', feeInQuote: 1.3 })]), poll);
    const row = await vi.waitFor(async () => {
      const found = await road.manualRow(SYMBOL);
      expect(found).toMatchObject({ quantity: 0.01, averageEntry: 50_000 });
      return found!;
    }, poll);

    const close = await api.call('positions.close', { id: row.id });
    expect(close).toMatchObject({ side: 'sell', type: 'market', amount: 0.01 });
    expect(addOrderOf(close.clientOrderId).map((r) => r.params)).toEqual([{ nonce: expect.any(String), pair: 'XBTUSDT', type: 'sell', ordertype: 'market', volume: '0.01', cl_ord_id: close.clientOrderId }]);
    await vi.waitFor(async () => expect(await road.orderRow(close.clientOrderId)).toMatchObject({ status: 'filled', filled: 0.01 }), poll);
    await vi.waitFor(async () => expect(await road.fillsOf(close.clientOrderId)).toEqual([expect.objectContaining({ side: 'sell', amount: 0.01, price: 50_000, exitReason: 'manual' })]), poll);
    await vi.waitFor(async () => expect(await road.manualRow(SYMBOL)).toBeUndefined(), poll);
    expect(stub.book.balance('XXBT').balance).toBe(0);
    // The account's balances as the trader reads them (from the stream's next poll) no longer hold the coins.
    await vi.waitFor(async () => expect((await api.call('balances.list', { account: ACCOUNT })).find((b) => b.currency === 'BTC')?.total ?? 0).toBe(0), poll);
    expectOnlyDocumentedRequests();
  }, ROAD_MS);

  it('the emergency stop cancels a resting order at Kraken; after re-arm the ticket trades again', async () => {
    await emergencyStopRoad(road, { symbol: ETH, amount: '0.01', price: '2500' }, () => stub.book.open().map((o) => o.clOrdId));
    expectOnlyDocumentedRequests();
  }, ROAD_MS);

  it('flatten: the emergency stop with Flatten sells the held position at market and verifies it with Kraken', async () => {
    const buy = await api.call('orders.place', { account: ACCOUNT, symbol: ETH, side: 'buy', type: 'market', amount: '0.05' });
    await vi.waitFor(async () => expect(await road.manualRow(ETH)).toMatchObject({ quantity: 0.05 }), poll);

    const stopped = await api.call('risk.emergencyStop', { source: 'button', flatten: true });
    const flatten = stopped.stop?.flatten;
    expect(flatten).toMatchObject({ verified: true, positions: [expect.objectContaining({ account: ACCOUNT, owner: 'manual', symbol: ETH, quantity: 0.05, outcome: 'closed', remaining: 0 })] });
    const sell = flatten!.positions[0]!.clientOrderId!;
    expect(addOrderOf(sell).map((r) => r.params)).toEqual([{ nonce: expect.any(String), pair: 'ETHUSDT', type: 'sell', ordertype: 'market', volume: '0.05', cl_ord_id: sell }]);
    expect(await road.orderRow(sell)).toMatchObject({ status: 'filled', filled: 0.05 });
    expect(await road.fillsOf(sell)).toEqual([expect.objectContaining({ side: 'sell', amount: 0.05, exitReason: 'emergency_stop' })]);
    expect(await road.manualRow(ETH)).toBeUndefined();
    expect(stub.book.balance('XETH').balance).toBe(0);
    expect(buy.clientOrderId).not.toBe(sell);
    await api.call('risk.rearm', { confirm: true });
    expectOnlyDocumentedRequests();
  }, ROAD_MS);

  it('reconciliation agrees with Kraken: the only difference is an order placed at Kraken outside Halyard, which the trader cancels', async () => {
    // The trader places a buy on Kraken's website: Halyard's journal never saw it (and it has no cl_ord_id).
    const foreign = stub.book.add({ pair: 'XBTUSDT', type: 'buy', ordertype: 'limit', volume: '0.01', price: '39000' });
    const listingsBefore = stub.requestsTo('/0/private/TradesHistory').length;
    const report = await api.call('risk.reconcile', {});
    // TradesHistory lists every pair's trades (docs.kraken.com/api/docs/rest-api/get-trade-history): its one page is
    // read once for both markets Halyard traded (BTC/USDT, ETH/USDT), not once per market on Kraken's call counter.
    expect(stub.requestsTo('/0/private/TradesHistory').length - listingsBefore).toBe(1);
    expect(report.accounts).toContainEqual({ account: ACCOUNT, ok: true, error: null, marketsChecked: [SYMBOL, ETH], everyMarket: true });
    // Everything Halyard placed agrees with Kraken: no missing orders or untracked fills, and no position left after the earlier roads.
    expect(report.differences).toEqual([expect.objectContaining({ account: ACCOUNT, kind: 'untracked_order', symbol: SYMBOL, clientOrderId: null, exchangeOrderId: foreign.txid })]);
    expect(report.positions.filter((p) => p.account === ACCOUNT)).toEqual([]);
    const difference = report.differences[0]!;
    expect(difference.actions).toContain('cancel');
    // Cancelled by Kraken's order id: there is no client id to look it up by.
    expect(await api.call('risk.resolve', { id: difference.id, action: 'cancel' })).toEqual([]);
    expect(foreign.status).toBe('canceled');
    expect(stub.requestsTo('/0/private/CancelOrder').at(-1)!.params).toEqual({ nonce: expect.any(String), txid: foreign.txid });
    expectOnlyDocumentedRequests();
  }, ROAD_MS);
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BYBIT_ENDPOINTS } from '../stubs/bybit-rules.js';
import { startBybitStub, type BybitStub } from '../stubs/bybit-stub.js';
import { armedRoad, emergencyStopRoad, type Road } from './order-roads-helpers.js';

/**
 * The manual order roads on an armed Bybit account trading USDT perpetuals (v5, category=linear), the
 * way a trader goes: the public API of a real Terminal (real keychain, encrypted store) against the
 * strict Bybit stub. Each road checks what the trader sees (orders, positions, fills, the stop report,
 * reconciliation) and what Bybit received: only parameters its endpoints document, and `reduceOnly`
 * on every exit (a derivatives venue, where a plain sell would open a short).
 */
const ACCOUNT = 'bybit:roads';
const PERP = 'BTC/USDT:USDT';
// A closed position starts the symbol's re-entry cooldown: the later roads trade ETH.
const ETH_PERP = 'ETH/USDT:USDT';
let stub: BybitStub;
let road: Road;
let api: Road['api'];

beforeAll(async () => {
  stub = await startBybitStub();
  road = await armedRoad({ venue: { exchange: 'bybit', label: 'roads', apiKey: stub.apiKey, secret: stub.secret, url: stub.url }, timeoutMs: 30_000, permissions: 'checked' });
  api = road.api;
}, 30_000);

afterAll(async () => {
  await road?.close();
  await stub.close();
});

const poll = { timeout: 20_000, interval: 50 };
const creates = () => stub.requestsTo('POST', '/v5/order/create');
const createOf = (clientOrderId: string) => creates().filter((r) => r.params['orderLinkId'] === clientOrderId);

/** Every request Halyard sent carried only the parameters Bybit documents for that endpoint, and Bybit refused none. */
function expectOnlyDocumentedRequests(): void {
  for (const request of stub.requests) {
    const endpoint = BYBIT_ENDPOINTS[`${request.method} ${request.path}`];
    expect(endpoint, `${request.method} ${request.path}`).toBeDefined();
    for (const name of Object.keys(request.params)) expect(endpoint!.params, `${request.path} ${name}`).toContain(name);
    expect(request.retCode, `${request.path} ${JSON.stringify(request.params)}: ${request.retMsg}`).toBe(0);
  }
}

describe('the order roads on an armed Bybit USDT-perpetual account', () => {
  it('claims no dead-man timer: Bybit\'s disconnect-cancel works only off a private websocket subscribed to "dcp", per product, once enabled by Bybit', async () => {
    // docs/v5/order/dcp: "Your private websocket connection must subscribe "dcp" topic in order to trigger DCP"; the REST call only sets the window.
    expect((await api.call('app.status', {})).liveAccounts).toEqual([expect.objectContaining({ account: ACCOUNT, deadMan: { supported: false, armed: false, timeoutMs: null, problem: null } })]);
    expect(stub.dcpCalls).toEqual([]);
  });

  it('the ticket: a resting limit buy, then its cancel', async () => {
    const order = await api.call('orders.place', { account: ACCOUNT, symbol: PERP, side: 'buy', type: 'limit', amount: '0.01', price: '40000' });
    expect(order).toMatchObject({ account: ACCOUNT, status: 'open', source: 'manual', price: 40_000, amount: 0.01 });
    expect(createOf(order.clientOrderId).map((r) => r.params)).toEqual([
      expect.objectContaining({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: order.clientOrderId }),
    ]);
    expect(createOf(order.clientOrderId)[0]!.params['reduceOnly']).toBeUndefined();
    expect(stub.book.open().map((o) => o.orderLinkId)).toEqual([order.clientOrderId]);
    expect((await api.call('orders.list', { status: 'open' })).map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);

    const canceled = await api.call('orders.cancel', { clientOrderId: order.clientOrderId });
    expect(canceled).toMatchObject({ clientOrderId: order.clientOrderId, status: 'canceled' });
    expect(stub.book.open()).toEqual([]);
    expect(stub.requestsTo('POST', '/v5/order/cancel').map((r) => [r.retCode, r.params['category'], r.params['symbol']])).toEqual([[0, 'linear', 'BTCUSDT']]);
    expect(await api.call('orders.list', { status: 'open' })).toEqual([]);
    expectOnlyDocumentedRequests();
  });

  it('a PostOnly buy that would take, and IOC and FOK limits with nothing to take, are closed by Bybit at once and shown closed, unfilled', async () => {
    const place = (extra: { postOnly?: boolean; timeInForce?: 'IOC' | 'FOK' }, price: string) => api.call('orders.place', { account: ACCOUNT, symbol: PERP, side: 'buy', type: 'limit', amount: '0.01', price, ...extra });
    const taking = await place({ postOnly: true }, '60000');
    const ioc = await place({ timeInForce: 'IOC' }, '40000');
    const fok = await place({ timeInForce: 'FOK' }, '40000');
    expect([taking, ioc, fok].map((o) => createOf(o.clientOrderId)[0]!.params['timeInForce'])).toEqual(['PostOnly', 'IOC', 'FOK']);
    for (const order of [taking, ioc, fok]) {
      expect(order.status, order.timeInForce).not.toBe('open');
      await vi.waitFor(async () => expect(await road.orderRow(order.clientOrderId)).toMatchObject({ status: expect.stringMatching(/^(canceled|expired)$/), filled: 0 }), poll);
      expect(await road.fillsOf(order.clientOrderId)).toEqual([]);
    }
    expect(stub.book.open()).toEqual([]);
    expect((await api.call('orders.list', { status: 'open' })).filter((o) => o.account === ACCOUNT)).toEqual([]);
    expectOnlyDocumentedRequests();
  });

  it('a market buy opens a long with its fill; closing it from its row sends a reduce-only market sell', async () => {
    const buy = await api.call('orders.place', { account: ACCOUNT, symbol: PERP, side: 'buy', type: 'market', amount: '0.01' });
    expect(createOf(buy.clientOrderId).map((r) => r.params)).toEqual([expect.objectContaining({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: buy.clientOrderId })]);
    await vi.waitFor(async () => expect(await road.orderRow(buy.clientOrderId)).toMatchObject({ status: 'filled', filled: 0.01, averagePrice: 50_000 }), poll);
    // 0.055 % taker fee on 500 USDT, settled in USDT.
    await vi.waitFor(async () => expect(await road.fillsOf(buy.clientOrderId)).toEqual([expect.objectContaining({ side: 'buy', price: 50_000, amount: 0.01, fee: 0.275, feeCurrency: 'USDT', feeInQuote: 0.275 })]), poll);
    const row = await vi.waitFor(async () => {
      const found = await road.manualRow(PERP);
      expect(found).toMatchObject({ quantity: 0.01, averageEntry: 50_000 });
      return found!;
    }, poll);
    expect(stub.book.position('BTCUSDT').size).toBe(1_000_000);

    const close = await api.call('positions.close', { id: row.id });
    expect(close).toMatchObject({ side: 'sell', type: 'market', amount: 0.01 });
    expect(createOf(close.clientOrderId).map((r) => r.params)).toEqual([expect.objectContaining({ category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.01', reduceOnly: true, orderLinkId: close.clientOrderId })]);
    await vi.waitFor(async () => expect(await road.orderRow(close.clientOrderId)).toMatchObject({ status: 'filled', filled: 0.01 }), poll);
    await vi.waitFor(async () => expect(await road.fillsOf(close.clientOrderId)).toEqual([expect.objectContaining({ side: 'sell', amount: 0.01, price: 50_000, exitReason: 'manual' })]), poll);
    await vi.waitFor(async () => expect(await road.manualRow(PERP)).toBeUndefined(), poll);
    expect(stub.book.position('BTCUSDT').size).toBe(0);
    expectOnlyDocumentedRequests();
  });

  it('the emergency stop cancels a resting order at Bybit; after re-arm the ticket trades again', async () => {
    await emergencyStopRoad(road, { symbol: ETH_PERP, amount: '0.1', price: '2500' }, () => stub.book.open().map((o) => o.orderLinkId));
    expectOnlyDocumentedRequests();
  });

  it('flatten: the emergency stop with Flatten closes the long with a reduce-only market sell and verifies it with Bybit', async () => {
    await api.call('orders.place', { account: ACCOUNT, symbol: ETH_PERP, side: 'buy', type: 'market', amount: '0.2' });
    await vi.waitFor(async () => expect(await road.manualRow(ETH_PERP)).toMatchObject({ quantity: 0.2 }), poll);

    const stopped = await api.call('risk.emergencyStop', { source: 'button', flatten: true });
    const flatten = stopped.stop?.flatten;
    expect(flatten).toMatchObject({ verified: true, positions: [expect.objectContaining({ account: ACCOUNT, owner: 'manual', symbol: ETH_PERP, quantity: 0.2, outcome: 'closed', remaining: 0 })] });
    const sell = flatten!.positions[0]!.clientOrderId!;
    expect(createOf(sell).map((r) => r.params)).toEqual([expect.objectContaining({ category: 'linear', symbol: 'ETHUSDT', side: 'Sell', orderType: 'Market', qty: '0.2', reduceOnly: true, orderLinkId: sell })]);
    expect(await road.orderRow(sell)).toMatchObject({ status: 'filled', filled: 0.2 });
    expect(await road.fillsOf(sell)).toEqual([expect.objectContaining({ side: 'sell', amount: 0.2, exitReason: 'emergency_stop' })]);
    expect(await road.manualRow(ETH_PERP)).toBeUndefined();
    expect(stub.book.position('ETHUSDT').size).toBe(0);
    await api.call('risk.rearm', { confirm: true });
    expectOnlyDocumentedRequests();
  });

  it('reconciliation agrees with Bybit, and names an order placed at Bybit outside Halyard', async () => {
    const clean = await api.call('risk.reconcile', {});
    expect(clean.accounts).toContainEqual(expect.objectContaining({ account: ACCOUNT, ok: true, error: null }));
    expect(clean.differences).toEqual([]);
    expect(clean.positions.filter((p) => p.account === ACCOUNT)).toEqual([]);

    // The trader places a buy on Bybit's website: Halyard's journal never saw it.
    const foreign = stub.book.create({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '39000' });
    const report = await api.call('risk.reconcile', {});
    expect(report.differences).toEqual([expect.objectContaining({ account: ACCOUNT, kind: 'untracked_order', symbol: PERP, exchangeOrderId: foreign.orderId })]);
    const difference = report.differences[0]!;
    expect(difference.actions).toContain('cancel');
    await api.call('risk.resolve', { id: difference.id, action: 'cancel' });
    expect(stub.book.open()).toEqual([]);
    expect(stub.requestsTo('POST', '/v5/order/cancel').at(-1)!.params).toMatchObject({ category: 'linear', symbol: 'BTCUSDT', orderId: foreign.orderId });
    expect((await api.call('risk.reconcile', {})).differences).toEqual([]);
    expectOnlyDocumentedRequests();
  });
});

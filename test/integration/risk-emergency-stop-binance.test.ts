import diagnostics from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { REQUEST_WRITTEN } from '../../core/exchange/raw-http.js';
import { EmergencyStop } from '../../core/risk/emergency-stop.js';
import { HaltSwitch, HaltedError, InMemoryHaltStateRepository } from '../../core/risk/halt.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import type { HalyardStore } from '../../core/store/store.js';
import { toUnits } from '../stubs/binance-book.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

/**
 * The emergency stop through the real ccxt binance class against the loopback stub. The adapter is
 * told not to retry reads itself, so a failed cancel reaches the emergency stop, which retries it.
 */
let stub: BinanceStub;
let store: HalyardStore;
let venue: CcxtExchange;

beforeEach(async () => {
  stub = await startBinanceStub();
  store = openMemoryStore();
  venue = new CcxtExchange({
    account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 5_000 },
    accountKey: 'binance:risk-test',
    readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
});

afterEach(async () => {
  await venue.close();
  await stub.close();
  store.close();
});

async function world() {
  const halt = new HaltSwitch(new InMemoryHaltStateRepository());
  const journal = new OrderJournal(store.orders, store.fills);
  const exchange = JournaledExchange.wrap({ inner: venue, journal, halted: () => halt.halted, venue: 'binance:main' });
  // Three resting buy levels under the market on each stub symbol: 6 open orders.
  const levels = [
    ['BTC/USDT', 40_000],
    ['BTC/USDT', 39_000],
    ['BTC/USDT', 38_000],
    ['ETH/USDT', 2_000],
    ['ETH/USDT', 1_900],
    ['ETH/USDT', 1_800],
  ] as const;
  for (const [index, [symbol, price]] of levels.entries()) {
    await exchange.placeOrder({ clientOrderId: `hyrisk0000000000${index}`, symbol, side: 'buy', type: 'limit', amount: symbol === 'BTC/USDT' ? 0.001 : 0.01, price });
  }
  expect(stub.book.open()).toHaveLength(6);
  const account = { id: 'binance:main', label: 'Binance main', mode: 'live' as const, port: exchange, working: () => journal.live('binance:main') };
  const stop = new EmergencyStop({ halt, accounts: () => [account], audit: store.audit, retry: { attempts: 3, delayMs: 10 } });
  return { halt, exchange, stop };
}

describe('emergency stop against the Binance stub through ccxt', () => {
  it("cancels every order the journal knows at once, by the venue's order id, and leaves zero open orders", async () => {
    const { stop, exchange } = await world();
    const report = await stop.trigger('api', 'test stop').done;
    expect(stub.book.open()).toEqual([]);
    // One cancel per known order, by orderId (known from the journal: no lookup, no listing first), all accepted.
    const deletes = stub.requestsTo('DELETE', '/api/v3/order');
    expect(deletes.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(deletes.every((r) => r.params['orderId'] !== undefined && r.params['origClientOrderId'] === undefined)).toBe(true);
    expect(stub.requestsTo('GET', '/api/v3/order')).toEqual([]);
    // One listing after the cancels: it showed nothing open, so it was the verification too.
    expect(stub.requestsTo('GET', '/api/v3/openOrders')).toHaveLength(1);
    expect(report.accounts).toEqual([{ account: 'binance:main', label: 'Binance main', method: 'per_order', error: null }]);
    expect(report.orders.map((o) => o.outcome)).toEqual(Array(6).fill('canceled'));
    expect(report.remainingOpen).toBe(0);
    expect(store.orders.live()).toEqual([]);
    await expect(exchange.placeOrder({ clientOrderId: 'hyrisk-after-stop', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 40_000 })).rejects.toBeInstanceOf(HaltedError);
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(6);
  });

  it('cancels an order Halyard never placed by its exchange order id, and retries the one cancel that fails', async () => {
    const { stop } = await world();
    // Placed at the venue by the trader (a client id of the venue's own making, which the journal never saw).
    const foreign = stub.book.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: toUnits(37_000), stopPrice: 0, quantity: toUnits(0.001), clientOrderId: 'web_8f2c41d0a9' });
    stub.fault({ method: 'DELETE', path: '/api/v3/order', kind: 'server_error', times: 1 });
    const report = await stop.trigger('button', 'Emergency Stop pressed').done;

    expect(stub.book.open()).toEqual([]);
    const deletes = stub.requestsTo('DELETE', '/api/v3/order');
    // Seven orders, eight requests: the first one failed with a 503 and was sent again.
    expect(deletes.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 503]);
    const failedFirst = deletes.find((r) => r.status === 503)!.params['orderId'];
    expect(deletes.filter((r) => r.params['orderId'] === failedFirst).map((r) => r.status)).toEqual([503, 200]);
    expect(deletes.some((r) => r.params['orderId'] === String(foreign.orderId) && r.status === 200)).toBe(true);
    expect(report.orders).toHaveLength(7);
    expect(report.orders.every((o) => o.outcome === 'canceled' && o.error === null)).toBe(true);
    const retried = report.orders.filter((o) => o.attempts === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.exchangeOrderId).toBe(failedFirst);
    expect(report.remainingOpen).toBe(0);
    // The listing found the foreign order, so the venue was asked again to verify.
    expect(stub.requestsTo('GET', '/api/v3/openOrders')).toHaveLength(2);
    expect(store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'cancel_results', detail: { canceled: 7, failed: 0, remainingOpen: 0 } });
  });

  it("on an armed account's connections opened ahead, writes every cancel before the button returns; one the venue fails goes again", async () => {
    const { stop } = await world();
    const stopWarm = venue.keepConnectionsWarm(() => 8);
    await venue.fetchOpenOrders(); // the account's first connect: the pool learns the venue's origin
    await expect.poll(() => venue.connections.idleCount(), { timeout: 5_000 }).toBe(8);
    const written: string[] = [];
    const onWritten = (message: unknown) => written.push((message as { method: string }).method);
    diagnostics.subscribe(REQUEST_WRITTEN.name, onWritten);
    stub.fault({ method: 'DELETE', path: '/api/v3/order', kind: 'server_error', times: 1 });
    try {
      const { done } = stop.trigger('button', 'Emergency Stop pressed');
      // Signed (fresh timestamps) and on the wire in the button's own turn, before anything is awaited.
      expect(written).toEqual(Array(6).fill('DELETE'));
      const report = await done;
      expect(stub.book.open()).toEqual([]);
      const deletes = stub.requestsTo('DELETE', '/api/v3/order');
      // The venue accepted what was written (signature, timestamp, parameters), but for the one it failed, sent again.
      expect(deletes.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 503]);
      expect(deletes.every((r) => r.signed && r.params['orderId'] !== undefined && r.params['origClientOrderId'] === undefined)).toBe(true);
      expect(report.orders.map((o) => o.outcome)).toEqual(Array(6).fill('canceled'));
      expect(report.orders.filter((o) => o.attempts === 2)).toHaveLength(1);
      expect(report.remainingOpen).toBe(0);
      expect(store.orders.live()).toEqual([]);
    } finally {
      diagnostics.unsubscribe(REQUEST_WRITTEN.name, onWritten);
      stopWarm();
    }
  });

  it('reports cancels that keep failing, and the trader\'s retry clears them', async () => {
    const { stop } = await world();
    // Every cancel the stop sends fails: 6 at once, 2 × 6 retries, 6 in the verification pass.
    stub.fault({ method: 'DELETE', path: '/api/v3/order', kind: 'server_error', times: 24 });
    const report = await stop.trigger('api', 'test').done;
    expect(report.orders.map((o) => [o.outcome, o.attempts])).toEqual(Array(6).fill(['failed', 4]));
    expect(report.orders[0]!.error).toMatch(/Internal error|unable to process/i);
    expect(report.remainingOpen).toBe(6);
    expect(stub.book.open()).toHaveLength(6);
    expect(stub.requestsTo('DELETE', '/api/v3/order').every((r) => r.status === 503)).toBe(true);

    // The venue recovers; "retry" in the risk panel cancels what is left.
    const retried = await stop.retryFailed();
    expect(retried!.orders.map((o) => o.outcome)).toEqual(Array(6).fill('canceled'));
    expect(retried!.remainingOpen).toBe(0);
    expect(stub.book.open()).toEqual([]);
  });
});

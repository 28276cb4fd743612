import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../core/exchange/port.js';
import { OrderJournal } from '../../core/orders/journal.js';
import type { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { UNKNOWN_GIVE_UP_MS, UnknownOutcomes } from '../../core/orders/unknown-outcomes.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { journaledStubPort } from '../helpers/journaled-stub-port.js';
import { removeDir, tempDir } from './store-helpers.js';

/**
 * An order whose placement outcome is unknown settles by itself: the periodic re-check looks it up at the
 * venue by client id (no restart, no manual reconcile). Written late by the venue, it becomes open; never
 * written, it stays unknown while the re-checks are young, then is closed as never placed, saying so.
 * Nothing is resent. Strict Binance stub, real ccxt and encrypted SQLite; the clock is the test's.
 */
const dir = tempDir('halyard-unknown-recheck-');
const db = openEncryptedDatabase(join(dir, 'halyard.db'), DatabaseKey.generate());
migrate(db, loadMigrations());
const store = new HalyardStore(db, { persistent: true, file: join(dir, 'halyard.db') });

let now = Date.now();
const time = { now: () => now, sleep: async (ms: number) => void (now += ms) };
let stub: BinanceStub;
let port: JournaledExchange;
let journal: OrderJournal;
let rechecks: UnknownOutcomes;
let n = 0;
const order = (): OrderRequest => ({ clientOrderId: `hyrecheck${String(++n).padStart(8, '0')}`, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 });
const sends = () => stub.requestsTo('POST', '/api/v3/order').length;

beforeAll(async () => {
  stub = await startBinanceStub({ delayClock: time.now });
  ({ journal, port } = journaledStubPort({ account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url }, accountKey: 'binance', venue: 'binance:main', time, store }));
  rechecks = new UnknownOutcomes({ journal, accounts: () => [{ id: 'binance:main', label: 'Binance main', mode: 'live', port }], now: time.now });
  await port.loadMarkets();
});
afterAll(async () => {
  await port.close();
  await stub.close();
  store.close();
  removeDir(dir);
});

describe('orders of unknown outcome are re-checked with the venue', () => {
  it('one the venue writes late becomes open at the next re-check, with nothing resent', async () => {
    const request = order();
    stub.fault({ method: 'POST', path: '/api/v3/order', kind: 'timeout_late', delayMs: 10_000 });
    const before = sends();
    await expect(port.placeOrder(request)).rejects.toMatchObject({ kind: 'unknown_outcome' });
    expect(journal.get(request.clientOrderId)?.status).toBe('unknown');

    await rechecks.checkNow();
    expect(journal.get(request.clientOrderId)?.status).toBe('unknown');
    now += 10_000;
    stub.runDue();
    await rechecks.checkNow();
    expect(journal.get(request.clientOrderId)).toMatchObject({ status: 'open', exchangeOrderId: expect.any(String) });
    expect(sends() - before).toBe(1);
  });

  it('one the venue never writes is closed as never placed once it has been missing long enough, saying so', async () => {
    const request = order();
    stub.fault({ method: 'POST', path: '/api/v3/order', kind: 'drop' });
    await expect(port.placeOrder(request)).rejects.toMatchObject({ kind: 'unknown_outcome' });
    await rechecks.checkNow();
    now += UNKNOWN_GIVE_UP_MS / 2;
    await rechecks.checkNow();
    expect(journal.get(request.clientOrderId)?.status).toBe('unknown');
    now += UNKNOWN_GIVE_UP_MS / 2;
    await rechecks.checkNow();
    expect(journal.get(request.clientOrderId)?.status).toBe('rejected');
    expect(store.orders.transitions(request.clientOrderId).at(-1)).toMatchObject({ to: 'rejected', note: 'not found at Binance main in 5 min of re-checks: it was never placed' });
    expect(stub.book.orders.filter((o) => o.clientOrderId === request.clientOrderId)).toEqual([]);
  });
});

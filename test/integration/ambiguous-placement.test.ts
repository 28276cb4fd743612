import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../core/exchange/port.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { Reconciler } from '../../core/risk/reconcile.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import { startBinanceStub } from '../stubs/binance-stub.js';
import { startBybitStub } from '../stubs/bybit-stub.js';
import { startKrakenStub } from '../stubs/kraken-stub.js';
import { journaledStubPort } from '../helpers/journaled-stub-port.js';
import { removeDir, tempDir } from './store-helpers.js';

/**
 * An order whose placement answer never comes stays `unknown` until the venue answers or
 * reconciliation decides, and the venue's later word is honoured; nothing is ever resent. On each
 * strict stub: the venue writes the order but the answer is lost; writes it 10 s later (on a clock
 * the test moves, no real wait); or never writes it. Afterwards exactly one order (or none) exists
 * and the journal (real encrypted SQLite) agrees with the venue.
 */
const dir = tempDir('halyard-ambiguous-');
const store = new HalyardStore(migrated(), { persistent: true, file: join(dir, 'halyard.db') });
afterAll(() => {
  store.close();
  removeDir(dir);
});

function migrated() {
  const db = openEncryptedDatabase(join(dir, 'halyard.db'), DatabaseKey.generate());
  migrate(db, loadMigrations());
  return db;
}

/** A clock that moves when the adapter backs off or the test says so; it starts at the real time the venues sign with. */
function clock() {
  let now = Date.now();
  return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
}

interface Case {
  readonly name: string;
  readonly order: (clientOrderId: string) => OrderRequest;
  readonly start: (delayClock: () => number) => Promise<{
    exchange: string;
    apiKey: string;
    secret: string;
    url: string;
    fault(kind: 'timeout' | 'timeout_late' | 'drop', delayMs?: number): void;
    runDue(): void;
    /** The venue's orders with this client id, as journal statuses. */
    statuses(clientOrderId: string): string[];
    sends(): number;
    close(): Promise<void>;
  }>;
}

const CASES: readonly Case[] = [
  {
    name: 'Binance spot (lookup by client id)',
    order: (id) => ({ clientOrderId: id, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 }),
    start: async (delayClock) => {
      const stub = await startBinanceStub({ delayClock });
      const status = { NEW: 'open', PARTIALLY_FILLED: 'partially_filled', FILLED: 'filled', CANCELED: 'canceled', EXPIRED: 'expired', REJECTED: 'rejected' } as const;
      return {
        exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, url: stub.url,
        fault: (kind, delayMs) => stub.fault({ method: 'POST', path: '/api/v3/order', kind, ...(delayMs ? { delayMs } : {}) }),
        runDue: () => stub.runDue(),
        statuses: (id) => stub.book.orders.filter((o) => o.clientOrderId === id).map((o) => status[o.status]),
        sends: () => stub.requestsTo('POST', '/api/v3/order').length,
        close: () => stub.close(),
      };
    },
  },
  {
    name: 'Bybit USDT perpetual (lookup by orderLinkId)',
    order: (id) => ({ clientOrderId: id, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 }),
    start: async (delayClock) => {
      const stub = await startBybitStub({ delayClock });
      const status: Record<string, string> = { New: 'open', PartiallyFilled: 'partially_filled', Filled: 'filled', Cancelled: 'canceled' };
      return {
        exchange: 'bybit', apiKey: stub.apiKey, secret: stub.secret, url: stub.url,
        fault: (kind, delayMs) => stub.fault({ path: '/v5/order/create', kind, ...(delayMs ? { delayMs } : {}) }),
        runDue: () => stub.runDue(),
        statuses: (id) => stub.book.orders.filter((o) => o.orderLinkId === id).map((o) => status[o.orderStatus] ?? o.orderStatus),
        sends: () => stub.requestsTo('POST', '/v5/order/create').length,
        close: () => stub.close(),
      };
    },
  },
  {
    name: 'Kraken spot (no lookup by cl_ord_id: a market order filled at once, found among closed orders)',
    order: (id) => ({ clientOrderId: id, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.002 }),
    start: async (delayClock) => {
      const stub = await startKrakenStub({ delayClock });
      // The test's budget does not space calls 3 s apart like ccxt's kraken limit does in production;
      // the call counter itself is proven in kraken-stub.test.ts.
      stub.counter.max = 1_000;
      const status: Record<string, string> = { open: 'open', closed: 'filled', canceled: 'canceled', expired: 'expired' };
      return {
        exchange: 'kraken', apiKey: stub.apiKey, secret: stub.secret, url: stub.url,
        fault: (kind, delayMs) => stub.fault({ path: '/0/private/AddOrder', kind, ...(delayMs ? { delayMs } : {}) }),
        runDue: () => stub.runDue(),
        statuses: (id) => stub.book.orders.filter((o) => o.clOrdId === id).map((o) => status[o.status] ?? o.status),
        sends: () => stub.requestsTo('/0/private/AddOrder').length,
        close: () => stub.close(),
      };
    },
  },
];

describe.each(CASES)('an ambiguous placement on $name', ({ order, start, name }) => {
  const time = clock();
  let venue: Awaited<ReturnType<Case['start']>>;
  let journal: OrderJournal;
  let port: JournaledExchange;
  let reconciler: Reconciler;
  const account = name.split(' ')[0]!.toLowerCase();
  let n = 0;
  const nextId = () => `hy${account.slice(0, 3)}amb${String(++n).padStart(10, '0')}`.slice(0, 18);

  beforeAll(async () => {
    venue = await start(time.now);
    ({ journal, port } = journaledStubPort({
      account: { exchange: venue.exchange, apiKey: venue.apiKey, secret: venue.secret, baseUrl: venue.url, ...(venue.exchange === 'bybit' ? { marketTypes: ['linear'] as const } : {}) },
      accountKey: account,
      venue: account,
      time,
      store,
    }));
    reconciler = new Reconciler({ journal, accounts: () => [{ id: account, label: name, port }], now: time.now });
    await port.loadMarkets();
  });
  afterAll(async () => {
    await port.close();
    await venue.close();
  });

  it('written but the answer lost: the lookup finds it, the journal has its state, nothing is resent', async () => {
    const id = nextId();
    venue.fault('timeout');
    const sendsBefore = venue.sends();
    const placed = await port.placeOrder(order(id));
    expect(venue.statuses(id)).toHaveLength(1);
    expect(placed.status).toBe(venue.statuses(id)[0]);
    expect(journal.get(id)?.status).toBe(venue.statuses(id)[0]);
    expect(venue.sends() - sendsBefore).toBe(1);
  });

  it('written 10 s later: unknown, then closed as never placed by reconciliation, then reopened with the venue’s state', async () => {
    const id = nextId();
    venue.fault('timeout_late', 10_000);
    const sendsBefore = venue.sends();
    await expect(port.placeOrder(order(id))).rejects.toMatchObject({ kind: 'unknown_outcome', message: expect.stringContaining('do not resend') });
    expect(journal.get(id)?.status).toBe('unknown');
    await reconciler.reconcile('manual');
    expect(journal.get(id)?.status).toBe('rejected');
    expect(venue.statuses(id)).toEqual([]);

    time.advance(10_000);
    venue.runDue(); // the backend finally acts on the request
    expect(venue.statuses(id)).toHaveLength(1);
    const report = await reconciler.reconcile('manual');
    expect(report.accounts).toMatchObject([{ account, ok: true, error: null }]);
    expect(journal.get(id)).toMatchObject({ status: venue.statuses(id)[0], exchangeOrderId: expect.any(String) });
    expect(store.orders.transitions(id).map((t) => t.to)).toEqual(['pending', 'unknown', 'rejected', 'unknown', venue.statuses(id)[0]]);
    expect(venue.sends() - sendsBefore).toBe(1);
  });

  it('never written: unknown until reconciliation decides, and then no order exists', async () => {
    const id = nextId();
    venue.fault('drop');
    const sendsBefore = venue.sends();
    await expect(port.placeOrder(order(id))).rejects.toMatchObject({ kind: 'unknown_outcome' });
    expect(journal.get(id)?.status).toBe('unknown');
    await reconciler.reconcile('manual');
    time.advance(60_000);
    venue.runDue();
    await reconciler.reconcile('manual');
    expect(journal.get(id)?.status).toBe('rejected');
    expect(venue.statuses(id)).toEqual([]);
    expect(venue.sends() - sendsBefore).toBe(1);
  });
});

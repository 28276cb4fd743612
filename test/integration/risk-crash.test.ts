import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import { SeededRandom } from '../../core/market/random.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { Reconciler } from '../../core/risk/reconcile.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import type { StubOrder } from '../stubs/binance-book.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { removeDir, tempDir } from './store-helpers.js';

/**
 * Crash safety of order placement: a child places orders on the Binance stub through the journal and
 * is SIGKILLed at a random moment (before a send, mid-request, before the answer is journaled). After
 * each kill, a fresh adapter reconciles the journal with the venue; then every intent has exactly one
 * exchange order (or none, and the journal says it was never placed), and the journal matches the venue.
 */
const CHILD = join(import.meta.dirname, 'risk-crash.child.ts');
const RUNS = 20;
const ORDERS_PER_RUN = 12;
const dir = tempDir('halyard-risk-crash-');
const file = join(dir, 'halyard.db');
const key = DatabaseKey.generate();
let stub: BinanceStub;

beforeAll(async () => {
  stub = await startBinanceStub();
  stub.book.setBalance('USDT', 10_000_000);
  // The app's database exists before the first crash: children racing to create one new file is not what is tested.
  const db = openEncryptedDatabase(file, key);
  migrate(db, loadMigrations());
  db.close();
});
afterAll(async () => {
  await stub.close();
  removeDir(dir);
});

interface WarmChild {
  readonly ready: Promise<void>;
  /** Starts placing orders and SIGKILLs the child `delayMs` later; resolves with the ids it reported as sent. */
  goAndKill(delayMs: number): Promise<string[]>;
}

/** Starts a child ahead of time (importing ccxt and loading markets takes seconds); it waits for `go`. */
function warmChild(prefix: string): WarmChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, stub.url, stub.apiKey, stub.secret, file, key.keychainText(), prefix, String(ORDERS_PER_RUN)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const sent: string[] = [];
  let buffer = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const exited = new Promise<string[]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(sent) : reject(new Error(`child exited on its own (code ${code}): ${stderr}`))));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') markReady();
      if (line.startsWith('sent ')) sent.push(line.slice(5));
    }
  });
  return {
    ready: Promise.race([ready, exited.then(() => Promise.reject(new Error(`child died before it was ready: ${stderr}`)))]),
    goAndKill(delayMs) {
      child.stdin.write('go\n');
      setTimeout(() => child.kill('SIGKILL'), delayMs);
      return exited;
    },
  };
}

const STATUS_OF: Record<StubOrder['status'], string> = { NEW: 'open', PARTIALLY_FILLED: 'partially_filled', FILLED: 'filled', CANCELED: 'canceled', EXPIRED: 'expired', REJECTED: 'rejected' };

describe('SIGKILL during order placement against the Binance stub', () => {
  it(`leaves exactly one exchange order per intent and a journal that matches the venue, over ${RUNS} kills`, { timeout: 420_000 }, async () => {
    const seed = Date.now() % 1_000_000;
    const random = new SeededRandom(seed);
    const outcomes = { placed: 0, neverPlaced: 0, reportedSent: 0 };
    // Two children warm up ahead while the current one runs and is reconciled.
    const pool = [warmChild('crash0x'), warmChild('crash1x')];
    for (let run = 0; run < RUNS; run++) {
      const prefix = `crash${run}x`;
      const child = pool.shift()!;
      if (run + 2 < RUNS) pool.push(warmChild(`crash${run + 2}x`));
      await child.ready;
      // 0–250 ms after `go`: kills land before the first send, between sends, mid-request and after the last.
      const sent = await child.goAndKill(Math.floor(random.next() * 250));

      // Restart: a new process would open the same file and a new adapter (empty in-memory maps).
      const db = openEncryptedDatabase(file, key);
      migrate(db, loadMigrations());
      const store = new HalyardStore(db, { persistent: true, file });
      const budgets = new RateBudgets();
      budgets.forAccount('binance:reconcile', () => new RateBudget({ refillPerMs: 10, capacity: 1_000 }));
      const venue = new CcxtExchange({ account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 5_000 }, accountKey: 'binance:reconcile', budgets });
      try {
        const journal = new OrderJournal(store.orders, store.fills);
        const reconciler = new Reconciler({ journal, accounts: () => [{ id: 'binance:main', label: 'Binance', port: venue }] });
        const report = await reconciler.reconcile('start');
        expect(report.accounts, `seed ${seed} run ${run}`).toMatchObject([{ account: 'binance:main', ok: true, error: null }]);
        // Every order at the venue was journaled before it was sent: nothing untracked, nothing missing.
        expect(report.differences, `seed ${seed} run ${run}`).toEqual([]);

        const intents = store.orders.recent({ limit: 1_000 }).filter((o) => o.clientOrderId.startsWith(prefix));
        const atVenue = stub.book.orders.filter((o) => o.clientOrderId.startsWith(prefix));
        for (const intent of intents) {
          const matches = atVenue.filter((o) => o.clientOrderId === intent.clientOrderId);
          expect(matches.length, `seed ${seed} run ${run} ${intent.clientOrderId}`).toBeLessThanOrEqual(1);
          const [order] = matches;
          if (order) {
            outcomes.placed++;
            expect({ status: intent.status, exchangeOrderId: intent.exchangeOrderId }, `seed ${seed} ${intent.clientOrderId}`).toEqual({ status: STATUS_OF[order.status], exchangeOrderId: String(order.orderId) });
            if (order.status === 'FILLED') expect(store.fills.forOrder(intent.clientOrderId).length).toBeGreaterThan(0);
          } else {
            outcomes.neverPlaced++;
            expect(intent.status, `seed ${seed} ${intent.clientOrderId}`).toBe('rejected');
          }
        }
        // Nothing at the venue without an intent, and everything the child saw as sent exists at the venue.
        expect(atVenue.map((o) => o.clientOrderId).sort()).toEqual(intents.filter((i) => i.status !== 'rejected').map((i) => i.clientOrderId).sort());
        for (const id of sent) expect(atVenue.some((o) => o.clientOrderId === id), `seed ${seed} ${id}`).toBe(true);
        outcomes.reportedSent += sent.length;
        expect(store.orders.live().filter((o) => o.status === 'pending' || o.status === 'unknown')).toEqual([]);
      } finally {
        await venue.close();
        store.close();
      }
    }
    // The kills must have landed at different points for this test to mean anything.
    expect(outcomes.placed, `seed ${seed}`).toBeGreaterThan(0);
    console.log(`crash test seed ${seed}: ${outcomes.placed} orders placed, ${outcomes.neverPlaced} intents never placed, ${outcomes.reportedSent} reported sent before the kill`);
  });
});

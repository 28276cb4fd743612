/**
 * Emergency stop latency against the strict loopback Binance stub through the real ccxt adapter: time from
 * the trigger to the LAST cancel request Halyard wrote to the venue's socket (the emergency stop's own
 * writes publish `halyard:exchange:request-written`; requests through ccxt's undici are seen on undici's
 * `sendHeaders` diagnostics channel), and to the last one the stub saw arrive — the stub runs in
 * this process, so its own handling of the earlier cancels delays when it sees the later ones; the sent
 * figure is Halyard's. For 20 open orders over 5 symbols, with the account's real rate budget (Binance
 * weights). The first mode is the trader's button: `risk.emergencyStop` through the API of a real Terminal
 * (encrypted store, OS keychain — the bench re-runs itself under test/with-keyring.sh) with the account armed
 * as a trader arms it and its 20 orders placed from the ticket. Compared in the same run with the method
 * before (list the venue's open orders, then cancel-all / per order, every request through the budget's
 * queue, on fresh connections) and with one awaited cancel after another. Each figure is the median of
 * several rounds. Goal: ≤ 5 ms.
 */
import { spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { REQUEST_WRITTEN } from '../../core/exchange/raw-http.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { HaltSwitch } from '../../core/risk/halt.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import { STUB_SYMBOLS } from '../stubs/binance-fixtures.js';
import { startBinanceStub } from '../stubs/binance-stub.js';
import { terminalRounds } from './emergency-stop-terminal.js';

const ORDERS = 20;
const ROUNDS = 7;

type Mode = 'before: list, then cancel-all through the queue' | 'baseline: sequential per-order cancels';
const BUTTON = "the trader's button: risk.emergencyStop in a Terminal";

export interface Round {
  readonly toHalted: number;
  /** Trigger → the last cancel request written to the socket. */
  readonly toLastSent: number;
  /** Trigger → the last cancel request the in-process stub saw arrive. */
  readonly toLastCancel: number;
  readonly cancels: number;
}

/** When each DELETE left for the venue: written by the emergency stop itself, or by undici (which publishes every request's headers as they are written). */
export const sent: number[] = [];
diagnostics.subscribe('undici:client:sendHeaders', (message: unknown) => {
  if ((message as { request: { method: string } }).request.method === 'DELETE') sent.push(performance.now());
});
diagnostics.subscribe(REQUEST_WRITTEN.name, (message: unknown) => {
  if ((message as { method: string }).method === 'DELETE') sent.push((message as { at: number }).at);
});

async function round(mode: Mode): Promise<Round> {
  const stub = await startBinanceStub();
  const received: number[] = [];
  // Stamp each cancel as it arrives at the stub, before the stub handles it (loopback: arrived ≈ written).
  stub.onArrival((method) => {
    if (method === 'DELETE') received.push(performance.now());
  });
  const venue = new CcxtExchange({ account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 10_000 }, accountKey: `bench:${mode}:${Math.random()}` });
  const store = openMemoryStore();
  try {
    await venue.loadMarkets();
    const journal = new OrderJournal(store.orders, store.fills);
    const halt = new HaltSwitch(store.halt);
    const port = JournaledExchange.wrap({ inner: venue, journal, halted: () => halt.halted, venue: 'binance:bench' });
    const symbols = STUB_SYMBOLS.slice(0, 5).map((s) => `${s.base}/${s.quote}`);
    stub.book.setBalance('USDT', 1_000_000);
    for (let i = 0; i < ORDERS; i++) {
      const symbol = symbols[i % symbols.length]!;
      const last = stub.book.price(symbol.replace('/', ''));
      const request = { clientOrderId: `hybench${i}x${Date.now() % 100000}`, symbol, side: 'buy' as const, type: 'limit' as const, amount: Number(venue.roundAmount(symbol, 20 / (last * 0.8))), price: venue.roundPrice(symbol, last * 0.8 - i) };
      await port.submit(request, { strategy: 'bench', reason: 'bench grid' }, false);
    }
    if (stub.book.open().length !== ORDERS) throw new Error(`expected ${ORDERS} open orders, have ${stub.book.open().length}`);
    // Let the budget refill after the set-up so every mode starts from the same state.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    received.length = 0;
    sent.length = 0;
    const start = performance.now();
    let toHalted = 0;
    if (mode === 'baseline: sequential per-order cancels') {
      halt.halt('bench', 'bench');
      toHalted = performance.now() - start;
      for (const order of await venue.fetchOpenOrders()) await venue.cancelOrder(order.clientOrderId, order.symbol);
    } else {
      halt.halt('bench', 'bench');
      toHalted = performance.now() - start;
      await venue.cancelAllOrders();
    }
    if (stub.book.open().length !== 0) throw new Error(`${mode}: ${stub.book.open().length} orders still open`);
    return { toHalted, toLastSent: Math.max(...sent) - start, toLastCancel: Math.max(...received) - start, cancels: received.length };
  } finally {
    store.close();
    await venue.close();
    await stub.close();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<void> {
  // The Terminal keeps its keys in the OS keychain: run under a private unlocked one.
  if (process.env['HALYARD_BENCH_KEYRING'] !== '1') return underKeyring();
  const symbols = Math.min(5, STUB_SYMBOLS.length);
  process.stdout.write(`${ORDERS} open orders over ${symbols} symbol(s) of the stub; median of ${ROUNDS} rounds; goal: last cancel request sent ≤ 5 ms after the trigger\n`);
  const modes: Mode[] = ['before: list, then cancel-all through the queue', 'baseline: sequential per-order cancels'];
  const results = new Map<string, Round[]>([[BUTTON, await terminalRounds({ orders: ORDERS, symbols, rounds: ROUNDS, sent })]]);
  for (let i = 0; i < ROUNDS; i++) for (const mode of modes) results.set(mode, [...(results.get(mode) ?? []), await round(mode)]);
  const before = median(results.get('before: list, then cancel-all through the queue')!.map((r) => r.toLastSent));
  for (const [mode, rounds] of results) {
    const lastSent = median(rounds.map((r) => r.toLastSent));
    process.stdout.write(
      `${mode.padEnd(54)} ${Number.isNaN(rounds[0]!.toHalted) ? 'HALTED in the handler' : `HALTED after ${median(rounds.map((r) => r.toHalted)).toFixed(3)} ms`}; last cancel request sent after ${lastSent.toFixed(2)} ms, ` +
        `seen by the stub after ${median(rounds.map((r) => r.toLastCancel)).toFixed(2)} ms (${median(rounds.map((r) => r.cancels))} cancel requests; ${(before / lastSent).toFixed(1)}× the speed of the method before)\n`,
    );
  }
  process.stdout.write(`each round of the button: ${results.get(BUTTON)!.map((r) => r.toLastSent.toFixed(2)).join(', ')} ms\n`);
}

function underKeyring(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('test/with-keyring.sh', ['npx', 'tsx', 'test/bench/run.ts', 'emergency-stop'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HALYARD_BENCH_KEYRING: '1' } });
    // The child prints its own heading again.
    child.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk.toString('utf8').replace(/^\s*=== emergency-stop ===\n/m, '')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`emergency-stop bench under the keyring exited with ${code}`))));
  });
}

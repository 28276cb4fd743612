/**
 * Emergency stop latency against the strict loopback Binance stub through the real ccxt adapter: time from
 * the trigger to the LAST cancel request the venue received, for 20 open orders over 5 symbols, with the
 * account's real rate budget (Binance weights). Compared in the same run with the method before
 * (list the venue's open orders, then cancel-all / per order, every request through the budget's queue)
 * and with one awaited cancel after another. Each figure is the median of several rounds. Goal: ≤ 5 ms.
 */
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { EmergencyStop } from '../../core/risk/emergency-stop.js';
import { HaltSwitch } from '../../core/risk/halt.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import { STUB_SYMBOLS } from '../stubs/binance-fixtures.js';
import { startBinanceStub } from '../stubs/binance-stub.js';

const ORDERS = 20;
const ROUNDS = 7;

type Mode = 'emergency stop (journal first, cancel lane)' | 'before: list, then cancel-all through the queue' | 'baseline: sequential per-order cancels';

interface Round {
  readonly toHalted: number;
  readonly toLastCancel: number;
  readonly cancels: number;
}

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
    const start = performance.now();
    let toHalted = 0;
    if (mode === 'baseline: sequential per-order cancels') {
      halt.halt('bench', 'bench');
      toHalted = performance.now() - start;
      for (const order of await venue.fetchOpenOrders()) await venue.cancelOrder(order.clientOrderId, order.symbol);
    } else if (mode === 'before: list, then cancel-all through the queue') {
      halt.halt('bench', 'bench');
      toHalted = performance.now() - start;
      await venue.cancelAllOrders();
    } else {
      const stop = new EmergencyStop({ halt, accounts: () => [{ id: 'binance:bench', label: 'Binance', mode: 'live', port, working: () => journal.live('binance:bench') }] });
      const { done } = stop.trigger('bench', 'bench');
      toHalted = performance.now() - start;
      const report = await done;
      if (report.remainingOpen !== 0) throw new Error(`${report.remainingOpen} orders left open`);
    }
    if (stub.book.open().length !== 0) throw new Error(`${mode}: ${stub.book.open().length} orders still open`);
    return { toHalted, toLastCancel: Math.max(...received) - start, cancels: received.length };
  } finally {
    store.close();
    await venue.close();
    await stub.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<void> {
  const symbols = Math.min(5, STUB_SYMBOLS.length);
  process.stdout.write(`${ORDERS} open orders over ${symbols} symbol(s) of the stub; median of ${ROUNDS} rounds; goal: last cancel request ≤ 5 ms after the trigger\n`);
  const modes: Mode[] = ['emergency stop (journal first, cancel lane)', 'before: list, then cancel-all through the queue', 'baseline: sequential per-order cancels'];
  const results = new Map<Mode, Round[]>();
  for (let i = 0; i < ROUNDS; i++) for (const mode of modes) results.set(mode, [...(results.get(mode) ?? []), await round(mode)]);
  const before = median(results.get('before: list, then cancel-all through the queue')!.map((r) => r.toLastCancel));
  for (const mode of modes) {
    const rounds = results.get(mode)!;
    const last = median(rounds.map((r) => r.toLastCancel));
    process.stdout.write(
      `${mode.padEnd(48)} HALTED after ${median(rounds.map((r) => r.toHalted)).toFixed(3)} ms; last cancel request after ${last.toFixed(2)} ms ` +
        `(${median(rounds.map((r) => r.cancels))} cancel requests; ${(before / last).toFixed(1)}× the speed of the method before)\n`,
    );
  }
}

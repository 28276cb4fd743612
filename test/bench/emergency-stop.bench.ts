/**
 * Emergency stop latency against the loopback Binance stub through the real ccxt adapter: time from the
 * trigger to the LAST cancel request the venue received, for 20 open orders spread over the stub's
 * symbols (5 when the stub lists 5). Compared in the same run with the naive way — one awaited cancel
 * after another — and with per-order cancels in parallel. Each figure is the median of several rounds;
 * the rate budget is the adapter's real one (Binance weights), so budget waits are part of the figure.
 */
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import type { ExchangePort } from '../../core/exchange/port.js';
import { EmergencyStop } from '../../core/risk/emergency-stop.js';
import { HaltSwitch } from '../../core/risk/halt.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import { STUB_SYMBOLS } from '../stubs/binance-fixtures.js';
import { startBinanceStub } from '../stubs/binance-stub.js';

const ORDERS = 20;
const ROUNDS = 5;

type Mode = 'emergency stop (cancel-all)' | 'emergency stop (per order, parallel)' | 'baseline: sequential per-order cancels';

interface Round {
  readonly toHalted: number;
  readonly toLastCancel: number;
  readonly cancels: number;
}

async function round(mode: Mode): Promise<Round> {
  const stub = await startBinanceStub();
  const received: number[] = [];
  const requests = stub.requests;
  // Stamp each request as the stub receives it (loopback: received ≈ written).
  requests.push = (...items) => {
    for (const item of items) if (item.method === 'DELETE') received.push(performance.now());
    return Array.prototype.push.apply(requests, items);
  };
  const venue = new CcxtExchange({ account: { exchange: 'binance', apiKey: stub.apiKey, secret: stub.secret, baseUrl: stub.url, timeoutMs: 10_000 }, accountKey: `bench:${mode}:${Math.random()}` });
  try {
    await venue.loadMarkets();
    const symbols = STUB_SYMBOLS.slice(0, 5).map((s) => `${s.base}/${s.quote}`);
    stub.book.setBalance('USDT', 1_000_000);
    for (let i = 0; i < ORDERS; i++) {
      const symbol = symbols[i % symbols.length]!;
      const last = stub.book.price(symbol.replace('/', ''));
      await venue.placeOrder({ clientOrderId: `hybench${i}x${Date.now() % 100000}`, symbol, side: 'buy', type: 'limit', amount: Number(venue.roundAmount(symbol, 20 / (last * 0.8))), price: venue.roundPrice(symbol, last * 0.8 - i) });
    }
    if (stub.book.open().length !== ORDERS) throw new Error(`expected ${ORDERS} open orders, have ${stub.book.open().length}`);
    // Let the budget refill after the set-up so every mode starts from the same state.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    received.length = 0;
    const store = openMemoryStore();
    const halt = new HaltSwitch(store.halt);
    const start = performance.now();
    let toHalted = 0;
    if (mode === 'baseline: sequential per-order cancels') {
      halt.halt('bench', 'bench');
      toHalted = performance.now() - start;
      for (const order of await venue.fetchOpenOrders()) await venue.cancelOrder(order.clientOrderId, order.symbol);
    } else {
      const port: ExchangePort =
        mode === 'emergency stop (cancel-all)'
          ? venue
          : Object.assign(Object.create(venue) as ExchangePort, { capabilities: { ...venue.capabilities, cancelAll: false } });
      const stop = new EmergencyStop({ halt, accounts: () => [{ id: 'binance', label: 'Binance', mode: 'live', port }] });
      const { done } = stop.trigger('bench', 'bench');
      toHalted = performance.now() - start;
      const report = await done;
      if (report.remainingOpen !== 0) throw new Error(`${report.remainingOpen} orders left open`);
    }
    if (stub.book.open().length !== 0) throw new Error(`${mode}: ${stub.book.open().length} orders still open`);
    store.close();
    return { toHalted, toLastCancel: Math.max(...received) - start, cancels: received.length };
  } finally {
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
  process.stdout.write(`${ORDERS} open orders over ${symbols} symbol(s) of the stub${symbols < 5 ? ' (the stub lists fewer than 5)' : ''}; median of ${ROUNDS} rounds\n`);
  const modes: Mode[] = ['emergency stop (cancel-all)', 'emergency stop (per order, parallel)', 'baseline: sequential per-order cancels'];
  const results = new Map<Mode, Round[]>();
  for (let i = 0; i < ROUNDS; i++) for (const mode of modes) results.set(mode, [...(results.get(mode) ?? []), await round(mode)]);
  const baseline = median(results.get('baseline: sequential per-order cancels')!.map((r) => r.toLastCancel));
  for (const mode of modes) {
    const rounds = results.get(mode)!;
    const last = median(rounds.map((r) => r.toLastCancel));
    process.stdout.write(
      `${mode.padEnd(40)} HALTED persisted after ${median(rounds.map((r) => r.toHalted)).toFixed(3)} ms; last cancel request after ${last.toFixed(1)} ms ` +
        `(${median(rounds.map((r) => r.cancels))} cancel requests; ${(baseline / last).toFixed(2)}× faster than the baseline)\n`,
    );
  }
}

/**
 * Child process for the crash-safety test: writes a stream of order state transitions (and fills) to
 * the encrypted store and prints `<client order id> <transition seq> <status>` on stdout right after
 * each commit. Stdout to a pipe is synchronous on Linux, so a printed line means the commit returned.
 * Usage: node --import tsx crash-writer.child.ts <keychain service> <data dir> <order id prefix>
 */
import type { OrderStatus } from '../../core/exchange/port.js';
import { Keychain } from '../../core/secrets/keychain.js';
import { openEncryptedStore } from '../../core/store/open-store.js';

const [service, dataDir, prefix] = process.argv.slice(2) as [string, string, string];
const opening = await openEncryptedStore({ dataDir, keychain: new Keychain(service, { timeoutMs: 20_000 }) });
if (!opening.ok) {
  process.stderr.write(`${opening.reason}: ${opening.message}\n`);
  process.exit(2);
}
const { store } = opening;
const report = (id: string, seq: number, status: OrderStatus) => process.stdout.write(`${id} ${seq} ${status}\n`);
process.stdout.write('ready\n');

let at = Date.now();
for (let n = 0; ; n++) {
  const id = `${prefix}-${n}`;
  store.orders.insert({ clientOrderId: id, venue: 'paper', symbol: 'BTC/USDT', side: n % 2 ? 'sell' : 'buy', type: 'limit', price: 50_000 + n, amount: 1, strategy: 'crash-test', reason: 'stream', at: at++ });
  report(id, 1, 'pending');
  store.orders.transition(id, { status: 'open', exchangeOrderId: `EX-${id}`, at: at++ });
  report(id, 2, 'open');
  // Interleave market data (committed without the per-commit fsync) with the journal writes.
  store.candles.upsert({ exchange: 'paper', symbol: 'BTC/USDT', timeframe: '1m' }, [{ time: n * 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: n }]);
  store.transaction(() => {
    store.fills.record('paper', { id: `F-${id}-1`, clientOrderId: id, exchangeOrderId: `EX-${id}`, symbol: 'BTC/USDT', side: 'buy', price: 50_000, amount: 0.4, fee: 0.1, feeCurrency: 'USDT', liquidity: 'maker', time: at });
    store.orders.transition(id, { status: 'partially_filled', filled: 0.4, averagePrice: 50_000, at: at++ });
  });
  report(id, 3, 'partially_filled');
  const final: OrderStatus = n % 3 === 0 ? 'canceled' : 'filled';
  store.orders.transition(id, { status: final, filled: final === 'filled' ? 1 : 0.4, at: at++ });
  report(id, 4, final);
}

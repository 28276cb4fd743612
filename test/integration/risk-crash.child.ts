/**
 * Child process for the crash test: places limit orders on the Binance stub through the real ccxt
 * adapter and the order journal (real encrypted store file), several in flight at once, until the
 * parent SIGKILLs it. Prints `ready` once connected, waits for `go` on stdin (so the parent can start it
 * ahead of time), then prints `sent <client order id>` as each send returns.
 * Usage: node --import tsx risk-crash.child.ts <stub url> <api key> <secret> <db file> <key hex> <id prefix> <count>
 */
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { ExchangeError } from '../../core/exchange/errors.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import { OrderJournal } from '../../core/orders/journal.js';
import { JournaledExchange } from '../../core/orders/journaled-exchange.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';

const [url, apiKey, secret, file, keyHex, prefix, countText] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const db = openEncryptedDatabase(file, DatabaseKey.fromKeychainText(keyHex)!);
migrate(db, loadMigrations());
const store = new HalyardStore(db, { persistent: true, file });
// The loopback stub has no request weights: a generous budget keeps the test short (the budget itself is tested elsewhere).
const budgets = new RateBudgets();
budgets.forAccount('binance:crash', () => new RateBudget({ refillPerMs: 10, capacity: 1_000 }));
const venue = new CcxtExchange({ account: { exchange: 'binance', apiKey, secret, baseUrl: url, timeoutMs: 5_000 }, accountKey: 'binance:crash', budgets });
const exchange = JournaledExchange.wrap({ inner: venue, journal: new OrderJournal(store.orders, store.fills), halted: () => false, venue: 'binance:main' });
await exchange.loadMarkets();
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const count = Number(countText);
const inFlight = 3;
let next = 0;
async function worker(): Promise<void> {
  while (next < count) {
    const i = next++;
    const btc = i % 2 === 0;
    // Every fourth order is marketable (a buy above the last price): it fills at once, with trades.
    const marketable = i % 4 === 3;
    const price = btc ? (marketable ? 50_100 : 40_000 - i) : marketable ? 3_010 : 2_000 - i;
    const id = `${prefix}${i}`;
    try {
      await exchange.placeOrder({ clientOrderId: id, symbol: btc ? 'BTC/USDT' : 'ETH/USDT', side: 'buy', type: 'limit', amount: btc ? 0.001 : 0.01, price });
    } catch (error) {
      // Runs that follow each other quickly can reach Binance's 100 new orders per 10 s (-1015, as the stub
      // enforces it): a terminal sends nothing more until the window passes; this child stops sending.
      if (!(error instanceof ExchangeError && error.kind === 'rate_limited')) throw error;
      process.stdout.write(`limited ${id}\n`);
      next = count;
      return;
    }
    process.stdout.write(`sent ${id}\n`);
  }
}
await Promise.all(Array.from({ length: inFlight }, () => worker()));
process.stdout.write('done\n');
// Stay alive until killed, like a running terminal.
setInterval(() => undefined, 1_000);

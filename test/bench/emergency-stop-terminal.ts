/**
 * The emergency-stop bench's first mode: the trader's button. A real Terminal (encrypted store, OS
 * keychain) arms a Binance account on the strict loopback stub the way a trader does, places the orders
 * from the ticket (`orders.place`), and each round presses `risk.emergencyStop` through the API, then
 * re-arms. Timed from the call to the last cancel request Halyard wrote to its socket (the stop's own writes,
 * `halyard:exchange:request-written`; undici's `sendHeaders` for anything sent through ccxt's client).
 */
import { createApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { removeDir, tempDir, testKeychain } from '../integration/store-helpers.js';
import { STUB_SYMBOLS } from '../stubs/binance-fixtures.js';
import { startBinanceStub } from '../stubs/binance-stub.js';
import type { Round } from './emergency-stop.bench.js';

const LABEL = 'Bench';

export async function terminalRounds(options: { readonly orders: number; readonly symbols: number; readonly rounds: number; readonly sent: number[] }): Promise<Round[]> {
  const stub = await startBinanceStub();
  const arrived: number[] = [];
  stub.onArrival((method) => {
    if (method === 'DELETE') arrived.push(performance.now());
  });
  stub.book.setBalance('USDT', 1_000_000);
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-bench-es-');
  const terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
  const [serverEnd, clientEnd] = createInMemoryPair();
  const stopServing = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const api = createApiClient(clientEnd, { timeoutMs: 60_000 });
  const account = `binance:${LABEL}`;
  try {
    const added = await api.call('accounts.add', { exchange: 'binance', label: LABEL, apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
    await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
    await api.call('accounts.arm', { id: added.id, confirmLabel: LABEL });
    const symbols = STUB_SYMBOLS.slice(0, options.symbols).map((s) => `${s.base}/${s.quote}`);
    const rounds: Round[] = [];
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < options.orders; i++) {
        const symbol = symbols[i % symbols.length]!;
        const price = stub.book.price(symbol.replace('/', '')) * 0.8;
        const amount = String(Number((25 / price).toPrecision(2)));
        await api.call('orders.place', { account, symbol, side: 'buy', type: 'limit', amount, price: String(Number(price.toPrecision(4))) });
      }
      if (stub.book.open().length !== options.orders) throw new Error(`expected ${options.orders} open orders, have ${stub.book.open().length}`);
      // The rate budget refills and the account's idle connections follow its working orders (checked every 2 s).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      options.sent.length = 0;
      arrived.length = 0;
      const start = performance.now();
      const stopped = await api.call('risk.emergencyStop', { source: 'button' });
      if (!stopped.halted || stopped.stop?.remainingOpen !== 0 || stub.book.open().length !== 0) throw new Error(`the stop left ${stub.book.open().length} orders open`);
      rounds.push({ toHalted: Number.NaN, toLastSent: Math.max(...options.sent) - start, toLastCancel: Math.max(...arrived) - start, cancels: arrived.length });
      await api.call('risk.rearm', { confirm: true });
    }
    return rounds;
  } finally {
    stopServing();
    api.dispose();
    await terminal.close();
    await keychain.cleanup([account]);
    removeDir(dataDir);
    await stub.close();
  }
}

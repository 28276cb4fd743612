import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { removeDir, tempDir, testKeychain } from '../integration/store-helpers.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { apiTerminal } from './api-terminal.js';
import { armedOnStub, BarPump } from './venue-bars.js';

type RunningTerminal = Awaited<ReturnType<typeof apiTerminal>>;

export interface BinanceDeskOptions {
  /** Prefix of the data directory's name. */
  readonly prefix: string;
  /** Assets the account starts without (default BTC). */
  readonly empty?: readonly string[];
  /** The trader's strategy files (name → source), written to `<dataDir>/strategies`. */
  readonly strategies?: Readonly<Record<string, string>>;
  /** Keychain entries the tests create (default the Binance account `binance:main`). */
  readonly accounts?: readonly string[];
  /** More of the venue's set-up, after the balances (a websocket switched off, …). */
  readonly prepare?: (stub: BinanceStub) => void;
}

/**
 * What the live tests on Binance share: the strict loopback stub with commissions paid in BNB (so base and
 * quote move by exactly the traded amounts: round quantities), a BarPump feeding its 1m bars, the trader's
 * strategy files in a fresh data directory, and a Terminal on it (real keychain and encrypted store: run under
 * test/with-keyring.sh). Call it at the top of a `describe`: the stub starts before its tests, and the
 * terminal, the pump, the stub, the keychain entries and the directory go after them.
 */
export function binanceDesk(options: BinanceDeskOptions) {
  const keychain = testKeychain();
  const dataDir = tempDir(options.prefix);
  let stub: BinanceStub | null = null;
  let pump: BarPump | null = null;
  let running: RunningTerminal | null = null;

  beforeAll(async () => {
    stub = await startBinanceStub();
    stub.book.setBalance('BNB', 10);
    stub.book.feesInBnb = true;
    for (const asset of options.empty ?? ['BTC']) stub.book.setBalance(asset, 0);
    options.prepare?.(stub);
    pump = new BarPump(stub);
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    for (const [name, source] of Object.entries(options.strategies ?? {})) writeFileSync(join(dataDir, 'strategies', `${name}.js`), source);
  });
  const closeTerminal = async () => {
    await running?.close();
    running = null;
  };
  afterAll(async () => {
    pump?.stop();
    await closeTerminal();
    await stub?.close();
    await keychain.cleanup([...(options.accounts ?? ['binance:main'])]);
    removeDir(dataDir);
  });

  return {
    dataDir,
    keychain,
    get stub(): BinanceStub {
      if (!stub) throw new Error('the Binance stub starts in beforeAll');
      return stub;
    },
    get pump(): BarPump {
      if (!pump) throw new Error('the bar pump starts in beforeAll');
      return pump;
    },
    /** The Terminal the test opened (closed after the tests). */
    get current(): RunningTerminal {
      if (!running) throw new Error('no terminal is open');
      return running;
    },
    /** Closes the open Terminal now (before another venue's stub goes away); after the tests it is closed anyway. */
    closeTerminal,
    /** Opens a Terminal on the data directory (fast simulated time; the venue's own feed drives live configurations). */
    async open(): Promise<RunningTerminal> {
      running = await apiTerminal({ dataDir, keychainService: keychain.service, speed: 600, tickMs: 50 }, {});
      return running;
    },
    /** Opens a Terminal with the account `binance:main` armed and the bars pumping, once BTC/USDT trades at the stub's 50,000. */
    async openArmed(): Promise<RunningTerminal> {
      const opened = await this.open();
      await armedOnStub(opened.api, this.stub);
      this.pump.start();
      await vi.waitFor(async () => expect((await opened.api.call('market.watchlist', {})).find((r) => r.symbol === 'BTC/USDT')?.last).toBe(50_000), { timeout: 60_000, interval: 100 });
      return opened;
    },
  };
}

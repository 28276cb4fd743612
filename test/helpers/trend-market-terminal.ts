import { afterAll, afterEach, expect } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { removeDir, tempDir, testKeychain } from '../integration/store-helpers.js';
import { apiTerminal } from './api-terminal.js';
import { writeTrendMarket } from './trend-market.js';

/**
 * For the orchestrator's test files: `start()` gives a real Terminal on the real encrypted store and keychain
 * (run under test/with-keyring.sh) replaying `writeTrendMarket`'s rising market (8,000 bars) at 3,000×, in a
 * new data dir; it is closed after its test, the keychain entries and data dirs after the file's tests.
 */
export function trendMarketTerminals(dataDirPrefix: string): { start(): Promise<ApiClient> } {
  const keychain = testKeychain();
  const dirs: string[] = [];
  let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

  afterEach(async () => {
    await current?.close();
    current = null;
  });
  afterAll(async () => {
    await keychain.cleanup();
    for (const dir of dirs) removeDir(dir);
  });

  return {
    async start() {
      const dataDir = tempDir(dataDirPrefix);
      dirs.push(dataDir);
      const csv = writeTrendMarket(dataDir, 8_000);
      // Enabling a strategy file starts its sandbox thread and a retrain starts a training thread: 2–5 s of CPU each when
      // run from source (tsx, QuickJS), with the event loop free meanwhile. Under a load of 6–14 on two cores that took
      // over 30 s, so one call gets two minutes here; the test's own timeout still bounds the whole.
      current = await apiTerminal({ dataDir, keychainService: keychain.service, market: { kind: 'replay', file: csv }, speed: 3_000, tickMs: 20 }, {}, { callTimeoutMs: 120_000 });
      expect(current.terminal.storage.store.location.persistent).toBe(true);
      return current.api;
    },
  };
}

import { afterAll, afterEach } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { Terminal } from '../../core/app/terminal.js';
import { removeDir, tempDir, testKeychain } from '../integration/store-helpers.js';
import { apiTerminal } from './api-terminal.js';

/**
 * A test file's terminals on one data dir, the real encrypted store and the real keychain (run under
 * test/with-keyring.sh), at the market's own pace: `connect()` starts one behind the real API server and
 * client. Each is closed after its test; the keychain entries named and the data dir go after the file's tests.
 */
export function keychainTerminal(dataDirPrefix: string, keychainEntries: readonly string[]) {
  const keychain = testKeychain();
  const dataDir = tempDir(dataDirPrefix);
  let running: Awaited<ReturnType<typeof apiTerminal>> | null = null;

  afterEach(async () => {
    await running?.close();
    running = null;
  });
  afterAll(async () => {
    await keychain.cleanup([...keychainEntries]);
    removeDir(dataDir);
  });

  return {
    /** The test keychain, to read what the terminal stored there. */
    keychain,
    async connect(): Promise<ApiClient> {
      running = await apiTerminal({ dataDir, keychainService: keychain.service, speed: 1, tickMs: 1_000 }, {});
      return running.api;
    },
    /** The running Terminal, for what the API does not show (its audit log). */
    get terminal(): Terminal {
      if (!running) throw new Error('no terminal is running');
      return running.terminal;
    },
  };
}

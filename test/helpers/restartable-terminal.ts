import { afterAll, afterEach, expect } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { TerminalConfigInput } from '../../core/app/config.js';
import type { Terminal } from '../../core/app/terminal.js';
import { removeDir, tempDir, testKeychain } from '../integration/store-helpers.js';
import { apiTerminal, until } from './api-terminal.js';

/**
 * Terminals on the real encrypted store (real keychain: run the test under test/with-keyring.sh) that a
 * test stops and starts again on the same data dir, as a trader restarts the app. Call it once, at the
 * top of a test file: it stops the running terminal after each test, and removes the keychain entries
 * and the data dirs after the file's tests.
 */
export function restartableTerminal() {
  const keychain = testKeychain();
  const dirs: string[] = [];
  let running: Awaited<ReturnType<typeof apiTerminal>> | null = null;

  async function stop(): Promise<void> {
    await running?.close();
    running = null;
  }

  afterEach(stop);
  afterAll(async () => {
    await keychain.cleanup();
    for (const dir of dirs) removeDir(dir);
  });

  return {
    /** A new, empty data dir (removed after the file's tests). */
    dataDir(prefix: string): string {
      const dir = tempDir(prefix);
      dirs.push(dir);
      return dir;
    },

    /** Starts a Terminal on `config.dataDir`; resolves once its start-up reconciliation is done. */
    async start(config: Partial<TerminalConfigInput> & { readonly dataDir: string }): Promise<ApiClient> {
      running = await apiTerminal({ ...config, keychainService: keychain.service }, {});
      expect(running.terminal.storage.store.location.persistent).toBe(true);
      const api = running.api;
      await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
      return api;
    },

    stop,

    /** The running Terminal, for what the API does not show. */
    get terminal(): Terminal {
      if (!running) throw new Error('no terminal is running');
      return running.terminal;
    },
  };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { TerminalConfigInput } from '../../core/app/config.js';
import { removeDir, tempDir, testKeychain } from '../integration/store-helpers.js';
import { apiTerminal } from './api-terminal.js';

/**
 * For a describe block: one real Terminal on the real encrypted store and keychain (run under
 * test/with-keyring.sh) whose data dir holds the trader's strategy files `files` (name → source) in
 * `strategies/`, started before the block's tests and closed, its keychain entries and data dir removed, after them.
 */
export function strategyFileTerminal(dataDirPrefix: string, files: Readonly<Record<string, string>>, config: Partial<TerminalConfigInput> = {}) {
  const keychain = testKeychain();
  const dataDir = tempDir(dataDirPrefix);
  let running: Awaited<ReturnType<typeof apiTerminal>> | null = null;

  beforeAll(async () => {
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dataDir, 'strategies', name), source);
    // Enabling a file starts its sandbox thread: seconds of CPU when run from source, so a call gets a minute.
    running = await apiTerminal({ dataDir, keychainService: keychain.service, ...config }, {}, { callTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    await running?.close();
    running = null;
    await keychain.cleanup();
    removeDir(dataDir);
  });

  return {
    /** The data dir; its strategy files are in `strategies/`. */
    dataDir,
    /** The running Terminal's API client. */
    get api(): ApiClient {
      if (!running) throw new Error('the terminal is not running (used outside the block’s tests?)');
      return running.api;
    },
  };
}

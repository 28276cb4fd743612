import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * A trader's file that has not answered with a score yet: its first 15 bars (more than its 11-bar warm-up)
 * fail before it decides anything; from then on it scores 42. 15 errors stay under the 20-in-a-row stop.
 */
const LATE = `
import { z } from 'zod';
let calls = 0;
export default {
  apiVersion: 1,
  name: 'late',
  description: 'answers from its 16th bar on',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 10,
  create: () => ({
    onCandle: () => {
      calls += 1;
      if (calls <= 15) throw new Error('still loading');
      return [];
    },
    readiness: () => 42,
  }),
};
`;

/**
 * A file's readiness before it has answered is unknown (null, shown "—"), as a built-in's whose readiness()
 * throws: not 0, which would claim "not ready" on the file's behalf. Public API of a real Terminal (real
 * encrypted store and keychain: run under test/with-keyring.sh), its market at 60× (a bar a second).
 */
describe('a strategy file that has not answered yet', { timeout: 120_000 }, () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-late-');
  let api: ApiClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'late.ts'), LATE);
    ({ api, close } = await apiTerminal({ dataDir, keychainService: keychain.service, speed: 60 }, {}, { callTimeoutMs: 60_000 }));
  });
  afterAll(async () => {
    await close();
    await keychain.cleanup();
    removeDir(dataDir);
  });

  it('shows no readiness until its first score, then that score', async () => {
    await api.call('strategies.save', { name: 'late-run', strategy: 'late', symbols: ['BTC/USDT'], enabled: true, create: true });
    const row = () => api.call('strategies.configs', {}).then((list) => list.find((config) => config.name === 'late-run')!);
    const started = await until(row, (config) => config.state === 'running', 'the run to be live', 60_000);
    expect(started.lastError?.message).toMatch(/^strategy late on BTC\/USDT failed in onCandle: still loading/);
    expect(started.readiness).toEqual({ 'BTC/USDT': null });
    const answered = await until(row, (config) => config.readiness['BTC/USDT'] !== null, 'its first score', 60_000);
    expect([answered.state, answered.readiness]).toEqual(['running', { 'BTC/USDT': 42 }]);
    await api.call('strategies.setEnabled', { name: 'late-run', enabled: false });
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { apiTerminal } from '../helpers/api-terminal.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/** A trader's strategy file in plain JavaScript (valid as .ts, .js and .mjs alike). */
function strategyFile(name: string): string {
  return `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: '${name}',
  description: 'written as ${name}',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: () => ({ onCandle: () => [], readiness: () => 0 }),
};
`;
}

/**
 * Which files in <data-dir>/strategies are strategy files, through the public API of a real Terminal
 * (run under test/with-keyring.sh): `.ts`, `.js` and `.mjs`, as the README says; nothing else is listed,
 * and a misnamed one is told the endings it may have.
 */
describe('strategy file endings, the way a trader drops files into the strategies folder', { timeout: 60_000 }, () => {
  const keychain = testKeychain();
  const dataDir = tempDir('halyard-file-endings-');
  let api: ApiClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const folder = join(dataDir, 'strategies');
    mkdirSync(folder, { recursive: true });
    for (const file of ['as-ts.ts', 'as-js.js', 'as-mjs.mjs', 'as-cjs.cjs', 'as-mts.mts', 'types.d.ts']) writeFileSync(join(folder, file), strategyFile(file.slice(0, file.indexOf('.'))));
    writeFileSync(join(folder, 'Bad_Name.mjs'), strategyFile('bad-name'));
    ({ api, close } = await apiTerminal({ dataDir, keychainService: keychain.service }, {}));
  });

  afterAll(async () => {
    await close();
    await keychain.cleanup();
    removeDir(dataDir);
  });

  it('lists .ts, .js and .mjs files and runs them alike; .cjs, .mts and .d.ts are not strategy files', async () => {
    const { strategies, failures } = await api.call('strategies.list', {});
    expect(strategies.filter((s) => !s.builtin).map((s) => s.name)).toEqual(['as-js', 'as-mjs', 'as-ts']);
    for (const name of ['as-ts', 'as-js', 'as-mjs']) await expect(api.call('strategies.describe', { name })).resolves.toMatchObject({ name, described: true, description: `written as ${name}` });
    expect(failures.map((f) => f.error)).toEqual(['Bad_Name.mjs: a strategy file is named after its strategy: 2–40 lowercase letters, digits or dashes, then .ts, .js or .mjs']);
  });
});

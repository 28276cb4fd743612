import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AppStatus } from '../../core/api/contract/app.js';
import { envWithoutSecretService, filesContaining, removeDir, runTsChild, tempDir, testKeychain } from './store-helpers.js';

const keychains: ReturnType<typeof testKeychain>[] = [];
function keychain() {
  const created = testKeychain();
  keychains.push(created);
  return created;
}
afterEach(async () => {
  for (const created of keychains.splice(0)) await created.cleanup(['binance:main', 'kraken:ünïcode label']);
});

describe('the OS keychain (real Secret Service)', () => {
  it('stores, reads, replaces and deletes a secret', async () => {
    const k = keychain();
    expect(await k.read('binance:main')).toEqual({ ok: true, value: null });
    expect(await k.write('binance:main', 's3cret-1')).toEqual({ ok: true, value: undefined });
    expect(await k.read('binance:main')).toEqual({ ok: true, value: 's3cret-1' });
    await k.write('binance:main', 's3cret-2');
    expect(await k.read('binance:main')).toEqual({ ok: true, value: 's3cret-2' });
    expect(await k.remove('binance:main')).toEqual({ ok: true, value: true });
    expect(await k.read('binance:main')).toEqual({ ok: true, value: null });
    expect(await k.remove('binance:main')).toEqual({ ok: true, value: false });
  });

  it('keeps entries of different services and accounts apart, including non-ASCII text', async () => {
    const a = keychain();
    const b = keychain();
    await a.write('kraken:ünïcode label', '{"apiSecret":"päss wörd ✓"}');
    expect(await b.read('kraken:ünïcode label')).toEqual({ ok: true, value: null });
    expect(await a.read('kraken:ünïcode label')).toEqual({ ok: true, value: '{"apiSecret":"päss wörd ✓"}' });
  });

  it('reports an unreachable Secret Service as a typed "unavailable" result with a fix, and the terminal still starts in paper-only mode', async () => {
    const k = keychain();
    const dataDir = tempDir();
    try {
      const run = await runTsChild(CHILD, [k.service, dataDir], envWithoutSecretService());
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as ChildReport;
      for (const result of Object.values(report.direct)) {
        expect(result).toMatchObject({ ok: false, problem: { reason: 'unavailable' } });
        expect(result.problem?.message).toMatch(/Secret Service keychain is not available/);
        expect(result.problem?.message).toMatch(/DBUS_SESSION_BUS_ADDRESS/);
      }
      // The app runs: status explains the keychain problem and says nothing is saved; the market works.
      expect(report.status.keychain.ok).toBe(false);
      expect(report.status.keychain.message).toMatch(/paper-only mode/);
      expect(report.status.database.ok).toBe(false);
      expect(report.status.database.message).toMatch(/temporary in-memory database/);
      expect(report.status.mode.kind).toBe('paper');
      expect(report.watchlistRows).toBeGreaterThan(0);
      expect(report.halted).toBe(true);
      // Credentials are refused rather than kept anywhere else, and nothing is written to the data dir.
      expect(report.addError?.code).toBe('unavailable');
      expect(report.files).toEqual([]);
      expect(filesContaining(dataDir, 'SECRET-should-not-be-kept')).toEqual([]);
    } finally {
      removeDir(dataDir);
    }
    // Nothing reached the keychain either once the service is reachable again.
    expect(await k.read('db-key')).toEqual({ ok: true, value: null });
  });
});

const CHILD = join(import.meta.dirname, 'keychain-unavailable.child.ts');

interface ChildReport {
  direct: Record<string, { ok: boolean; problem?: { reason: string; message: string } }>;
  status: AppStatus;
  watchlistRows: number;
  addError: { code: string; message: string } | null;
  halted: boolean;
  files: string[];
}

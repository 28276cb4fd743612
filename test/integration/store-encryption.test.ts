import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { Terminal } from '../../core/app/terminal.js';
import { HaltSwitch } from '../../core/risk/halt.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase } from '../../core/store/db.js';
import { loadMigrations } from '../../core/store/migrate.js';
import { openEncryptedStore, type StoreOpening } from '../../core/store/open-store.js';
import type { HalyardStore } from '../../core/store/store.js';
import { filesContaining, filesUnder, removeDir, tempDir, testKeychain } from './store-helpers.js';

const MARKER = 'PLAINTEXT-MARKER-7f3a9c';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup() {
  const keychain = testKeychain();
  const dataDir = tempDir();
  cleanups.push(() => keychain.cleanup(), () => removeDir(dataDir));
  return { keychain, dataDir, file: join(dataDir, 'halyard.db') };
}

function opened(result: StoreOpening): HalyardStore {
  if (!result.ok) throw new Error(`store did not open: ${result.reason}: ${result.message}`);
  cleanups.push(() => result.store.close());
  return result.store;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function storedKey(keychain: ReturnType<typeof testKeychain>): Promise<string> {
  const read = await keychain.read('db-key');
  if (!read.ok || read.value === null) throw new Error('no db-key in the keychain');
  return read.value;
}

describe('the encrypted database file', () => {
  it('is created on first run with a fresh 256-bit key that lives only in the keychain, and is unreadable without it', async () => {
    const { keychain, dataDir, file } = setup();
    const first = await openEncryptedStore({ dataDir, keychain });
    expect(first.ok && first.created).toBe(true);
    const store = opened(first);
    store.settings.set('note', MARKER);
    store.candles.upsert({ exchange: 'simulated', symbol: 'BTC/USDT', timeframe: '1m' }, [{ time: 60_000, open: 123456.789, high: 2, low: 0.5, close: 1, volume: 3 }]);
    store.orders.insert({ clientOrderId: `${MARKER}-order`, venue: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1, reason: MARKER, at: 1 });

    const key = await storedKey(keychain);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // While open (data in the WAL) and after close (checkpointed into the file): no plaintext anywhere.
    for (const phase of ['open', 'closed']) {
      if (phase === 'closed') store.close();
      else expect(existsSync(`${file}-wal`)).toBe(true);
      expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      expect(filesContaining(dataDir, MARKER), phase).toEqual([]);
      expect(filesContaining(dataDir, 'SQLite format 3'), phase).toEqual([]);
      expect(filesContaining(dataDir, key), phase).toEqual([]);
      expect(filesContaining(dataDir, Buffer.from(key, 'hex')), phase).toEqual([]);
    }

    // The stock driver without a key cannot read it.
    const bare = new Database(file);
    expect(() => bare.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    bare.close();

    // With the key it is intact and everything is there.
    const again = await openEncryptedStore({ dataDir, keychain });
    expect(again.ok && again.created).toBe(false);
    const reopened = opened(again);
    expect(reopened.integrityCheck()).toEqual(['ok']);
    expect(reopened.settings.getRaw('note')).toBe(MARKER);
    expect(reopened.candles.latest({ exchange: 'simulated', symbol: 'BTC/USDT', timeframe: '1m' }, 5).open[0]).toBe(123456.789);
    expect(reopened.orders.get(`${MARKER}-order`)?.reason).toBe(MARKER);
  });

  it('refuses a wrong key with an explanation of the options, and leaves the file untouched', async () => {
    const { keychain, dataDir, file } = setup();
    const store = opened(await openEncryptedStore({ dataDir, keychain }));
    store.settings.set('note', 'keep me');
    store.close();
    const before = sha256(file);
    const original = await storedKey(keychain);
    const other = DatabaseKey.generate().keychainText();
    await keychain.write('db-key', other);

    const result = await openEncryptedStore({ dataDir, keychain });
    expect(result).toMatchObject({ ok: false, reason: 'key_wrong' });
    if (result.ok) return;
    expect(result.message).toContain(file);
    expect(result.message).toMatch(/restore the original "db-key" entry/);
    expect(result.message).toMatch(/move .* somewhere else and restart to begin with a fresh database/);
    expect(result.message).toMatch(/never deletes or overwrites/);
    expect(result.message).not.toContain(other);
    expect(result.message).not.toContain(original);
    expect(sha256(file)).toBe(before);
    expect(await storedKey(keychain)).toBe(other);

    // Restoring the entry is enough to get everything back.
    await keychain.write('db-key', original);
    expect(opened(await openEncryptedStore({ dataDir, keychain })).settings.getRaw('note')).toBe('keep me');
  });

  it('refuses to start over when the key is missing but a database exists, and does not create a new key', async () => {
    const { keychain, dataDir, file } = setup();
    opened(await openEncryptedStore({ dataDir, keychain })).close();
    const before = sha256(file);
    await keychain.remove('db-key');
    const result = await openEncryptedStore({ dataDir, keychain });
    expect(result).toMatchObject({ ok: false, reason: 'key_missing' });
    if (!result.ok) {
      expect(result.message).toMatch(/has no "db-key" entry for service/);
      expect(result.message).toMatch(/restore the "db-key" entry in your keychain/);
      expect(result.message).toMatch(/move .* somewhere else and restart to begin with a fresh database/);
    }
    expect(sha256(file)).toBe(before);
    expect(await keychain.read('db-key')).toEqual({ ok: true, value: null });
  });

  it('treats a damaged keychain entry as a wrong key, never as a reason to generate a new one', async () => {
    const { keychain, dataDir } = setup();
    await keychain.write('db-key', 'not-a-key');
    expect(await openEncryptedStore({ dataDir, keychain })).toMatchObject({ ok: false, reason: 'key_wrong' });
    expect(await storedKey(keychain)).toBe('not-a-key');
    expect(existsSync(join(dataDir, 'halyard.db'))).toBe(false);
  });

  it('refuses a database written by a newer Halyard, unchanged', async () => {
    const { keychain, dataDir, file } = setup();
    opened(await openEncryptedStore({ dataDir, keychain })).close();
    const key = DatabaseKey.fromKeychainText(await storedKey(keychain))!;
    const raw = openEncryptedDatabase(file, key);
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(loadMigrations().length + 1, 'future', Date.now());
    raw.close();
    const before = sha256(file);
    const result = await openEncryptedStore({ dataDir, keychain });
    expect(result).toMatchObject({ ok: false, reason: 'newer_schema' });
    if (!result.ok) expect(result.message).toMatch(/newer version of Halyard .* Install the newer Halyard/);
    expect(sha256(file)).toBe(before);
  });

  it('keeps HALTED across a restart', async () => {
    const { keychain, dataDir } = setup();
    const store = opened(await openEncryptedStore({ dataDir, keychain, now: () => 42 }));
    new HaltSwitch(store.halt, () => 42).halt('tray', 'stepping away');
    store.close();
    const reopened = opened(await openEncryptedStore({ dataDir, keychain }));
    expect(new HaltSwitch(reopened.halt).current).toEqual({ halted: true, since: 42, reason: 'stepping away', source: 'tray' });
  });

  it('keeps the key out of strings, JSON and inspection', () => {
    const key = DatabaseKey.generate();
    const hex = key.keychainText();
    for (const shown of [String(key), `${key}`, JSON.stringify({ key }), inspect(key), inspect({ nested: { key } })]) {
      expect(shown).not.toContain(hex);
      expect(shown).toContain('redacted');
    }
  });
});

describe('the terminal on top of the store', () => {
  it('reports a healthy keychain and database, and stays usable (paper only) when the key is wrong', async () => {
    const { keychain, dataDir } = setup();
    const terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
    let status = await terminal.handlers['app.status']({});
    expect(status.keychain).toEqual({ ok: true, message: null });
    expect(status.database).toEqual({ ok: true, message: null });
    await terminal.close();
    expect(filesUnder(dataDir).map((path) => path.slice(dataDir.length + 1))).toEqual(['halyard.db']);

    await keychain.write('db-key', DatabaseKey.generate().keychainText());
    const degraded = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
    cleanups.push(() => degraded.close());
    status = await degraded.handlers['app.status']({});
    expect(status.keychain.ok).toBe(true);
    expect(status.database.ok).toBe(false);
    expect(status.database.message).toMatch(/cannot be opened with the key stored in the keychain/);
    expect(status.database.message).toMatch(/temporary in-memory database/);
    await expect(degraded.handlers['market.watchlist']({})).resolves.not.toHaveLength(0);
    await expect(degraded.handlers['accounts.add']({ exchange: 'binance', label: 'main', apiKey: 'k', apiSecret: 's', sandbox: false })).rejects.toMatchObject({ code: 'unavailable' });
  });
});

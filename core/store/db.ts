import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { DatabaseKey } from './database-key.js';
import { StoreError } from './errors.js';

export type SqliteDatabase = Database.Database;

/** The one database file inside the data dir. */
export const DATABASE_FILE = 'halyard.db';

/**
 * Cipher choice: SQLCipher v4 compatible (`cipher=sqlcipher`, `legacy=4`): AES-256-CBC per 4 KiB page
 * with an HMAC-SHA512 per page, so tampering with a page is detected on read, and the file can be
 * opened by the stock `sqlcipher` tool (with `PRAGMA key="x'…'"`) for recovery or inspection.
 * Measured on this stack (test/bench/store.bench.ts) the cipher costs little — a one-year range read
 * runs at ~0.8× of an unencrypted file — and ChaCha20-Poly1305 (the library default) was no faster in
 * the same runs, so the widely audited, widely tooled format wins.
 */
const CIPHER_PRAGMAS = [`cipher='sqlcipher'`, 'legacy=4'] as const;

/**
 * Opens (or creates) the encrypted database file with the raw 256-bit key and applies the pragmas
 * every connection needs. A key that does not open an existing file is reported as `key_wrong`;
 * the file is never modified in that case.
 */
export function openEncryptedDatabase(file: string, key: DatabaseKey): SqliteDatabase {
  const db = new Database(file);
  try {
    for (const pragma of CIPHER_PRAGMAS) db.pragma(pragma);
    try {
      db.pragma(key.pragma());
    } catch {
      // Rethrown without the driver's text: nothing about the key may reach a log.
      throw new Error('could not apply the database key');
    }
    // The first read decrypts page 1; a wrong key (or a file that is not ours) fails here with SQLITE_NOTADB.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) throw new StoreError('key_wrong', keyWrongMessage(file));
    throw error;
  }
  configureConnection(db);
  // The file and its WAL/shared-memory companions (created with the process umask) are the owner's only.
  for (const companion of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(companion)) restrictToOwner(companion);
  return db;
}

/** An unencrypted in-memory database, for when the keychain is unavailable (nothing is persisted). */
export function openMemoryDatabase(): SqliteDatabase {
  const db = new Database(':memory:');
  db.pragma('foreign_keys=ON');
  return db;
}

function configureConnection(db: SqliteDatabase): void {
  // WAL: readers never block the writer, and a commit is one sequential append.
  const mode = db.pragma('journal_mode=WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`could not switch the database to WAL mode (got ${String(mode)})`);
  // FULL: in WAL mode NORMAL syncs only at checkpoints, so the last commits can vanish on power loss.
  // Orders, fills and the halt flag must survive that, so every commit fsyncs the WAL. Candle upserts
  // (re-fetchable market data) relax this for their own commits only: see CandleRepository.upsert.
  db.pragma('synchronous=FULL');
  db.pragma('foreign_keys=ON');
  // Sort and temp B-trees stay in memory: SQLite temp files would not be encrypted.
  db.pragma('temp_store=MEMORY');
  // 64 MiB page cache: a year of 1m candles is ~45 MiB, re-reads then skip decryption.
  db.pragma('cache_size=-65536');
}

function isNotADatabase(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_NOTADB';
}

export function restrictToOwner(file: string, mode = 0o600): void {
  if (process.platform === 'win32') return;
  try {
    chmodSync(file, mode);
  } catch {
    // Best effort: the content is encrypted either way.
  }
}

export function keyWrongMessage(file: string): string {
  return (
    `The database ${file} cannot be opened with the key stored in the keychain. Either the keychain entry "db-key" ` +
    `was replaced, or the file is not a Halyard database. Options: restore the original "db-key" entry in your keychain ` +
    `(for example from a keychain backup) and restart Halyard; or quit Halyard, move ${file} (with its -wal and -shm files) ` +
    `somewhere else and restart to begin with a fresh database. Halyard never deletes or overwrites the file.`
  );
}

export function keyMissingMessage(file: string, service: string): string {
  return (
    `A Halyard database exists at ${file}, but the keychain has no "db-key" entry for service "${service}", so it cannot ` +
    `be unlocked. Options: restore the "db-key" entry in your keychain (for example from a keychain backup) and restart ` +
    `Halyard; or quit Halyard, move ${file} (with its -wal and -shm files) somewhere else and restart to begin with a ` +
    `fresh database. Halyard never deletes or overwrites the file.`
  );
}

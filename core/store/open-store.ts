import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Keychain } from '../secrets/keychain.js';
import { DatabaseKey } from './database-key.js';
import { DATABASE_FILE, keyMissingMessage, openEncryptedDatabase, openMemoryDatabase, restrictToOwner, type SqliteDatabase } from './db.js';
import { StoreError } from './errors.js';
import { loadMigrations, migrate, type Migration } from './migrate.js';
import { HalyardStore } from './store.js';

/** The keychain account that holds the database key. */
export const DB_KEY_ACCOUNT = 'db-key';

export type StoreOpeningFailure = 'keychain_unavailable' | 'key_missing' | 'key_wrong' | 'newer_schema' | 'migration_failed' | 'failed';

export type StoreOpening =
  | { readonly ok: true; readonly store: HalyardStore; /** True when this run created the database and its key. */ readonly created: boolean }
  | { readonly ok: false; readonly reason: StoreOpeningFailure; readonly message: string };

export interface OpenStoreOptions {
  readonly dataDir: string;
  readonly keychain: Keychain;
  readonly now?: () => number;
  readonly migrations?: readonly Migration[];
}

/**
 * Opens `<dataDir>/halyard.db` with the key from the keychain, creating both on first run, and brings
 * the schema up to date. Never throws for the situations a trader can meet (keychain down, key gone,
 * wrong key, database from a newer Halyard): they come back as a typed failure with a message. An
 * existing database is never deleted, overwritten or re-keyed here.
 */
export async function openEncryptedStore(options: OpenStoreOptions): Promise<StoreOpening> {
  const file = join(options.dataDir, DATABASE_FILE);
  const stored = await options.keychain.read(DB_KEY_ACCOUNT);
  if (!stored.ok) return { ok: false, reason: stored.problem.reason === 'unavailable' ? 'keychain_unavailable' : 'key_wrong', message: stored.problem.message };

  let key: DatabaseKey;
  let created = false;
  if (stored.value === null) {
    if (existsSync(file)) return { ok: false, reason: 'key_missing', message: keyMissingMessage(file, options.keychain.service) };
    const fresh = await createKey(options.keychain);
    if (!fresh.ok) return fresh.failure;
    key = fresh.key;
    created = true;
  } else {
    const parsed = DatabaseKey.fromKeychainText(stored.value);
    if (!parsed) {
      return {
        ok: false,
        reason: 'key_wrong',
        message: `The keychain entry "${DB_KEY_ACCOUNT}" (service "${options.keychain.service}") is not a Halyard database key. Restore the original entry, or remove it and move ${file} aside to start fresh.`,
      };
    }
    key = parsed;
  }

  let db: SqliteDatabase | null = null;
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    // A folder made earlier (by hand, or by an older version as 0755) is closed to other users too.
    restrictToOwner(options.dataDir, 0o700);
    db = openEncryptedDatabase(file, key);
    migrate(db, options.migrations ?? loadMigrations(), { now: options.now });
    return { ok: true, store: new HalyardStore(db, { persistent: true, file }, options.now), created };
  } catch (error) {
    if (db?.open) db.close();
    if (error instanceof StoreError && (error.kind === 'key_wrong' || error.kind === 'newer_schema' || error.kind === 'migration_failed')) {
      return { ok: false, reason: error.kind, message: error.message };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'failed', message: `The database ${file} could not be opened: ${reason}` };
  }
}

/**
 * An unencrypted in-memory store with the same schema, for running without a usable database
 * (keychain unavailable, key missing): the app works in paper mode but nothing is saved.
 */
export function openMemoryStore(options: { readonly now?: () => number; readonly migrations?: readonly Migration[] } = {}): HalyardStore {
  const db = openMemoryDatabase();
  migrate(db, options.migrations ?? loadMigrations(), { now: options.now });
  return new HalyardStore(db, { persistent: false, file: null }, options.now);
}

/** Generates the key and stores it, then reads it back: a keychain that does not keep it is unusable. */
async function createKey(keychain: Keychain): Promise<{ ok: true; key: DatabaseKey } | { ok: false; failure: StoreOpening }> {
  const key = DatabaseKey.generate();
  const written = await keychain.write(DB_KEY_ACCOUNT, key.keychainText());
  if (!written.ok) return { ok: false, failure: { ok: false, reason: 'keychain_unavailable', message: written.problem.message } };
  const check = await keychain.read(DB_KEY_ACCOUNT);
  if (!check.ok || check.value !== key.keychainText()) {
    return {
      ok: false,
      failure: { ok: false, reason: 'keychain_unavailable', message: check.ok ? 'The keychain accepted the database key but did not return it; it cannot be used.' : check.problem.message },
    };
  }
  return { ok: true, key };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqliteDatabase } from './db.js';
import { StoreError } from './errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/**
 * Finds `migrations/` by walking up from this module, so the same code works from the sources
 * (tsx, vitest) and from a bundle that ships the folder next to it.
 */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, '001_initial.sql'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the migrations folder (migrations/001_initial.sql) is missing from this installation');
    dir = parent;
  }
}

/** Numbered `NNN_name.sql` files, in order; a gap or a duplicate number is a packaging bug. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_PATTERN.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migrations must be numbered 001, 002, … without gaps; found ${migration.version} at position ${index + 1}`);
    if (/^\s*(BEGIN\s*(TRANSACTION|IMMEDIATE|EXCLUSIVE|DEFERRED)?\s*;|COMMIT\b|END\s+TRANSACTION\b|ROLLBACK\s*;)/im.test(migration.sql)) {
      throw new Error(`migration ${migration.version} must not manage its own transaction`);
    }
  });
  if (migrations.length === 0) throw new Error(`no migrations found in ${dir}`);
  return migrations;
}

/** The version recorded in `schema_version`; 0 for a new database. */
export function schemaVersion(db: SqliteDatabase): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
}

/**
 * Applies every pending migration, each in its own transaction together with its `schema_version`
 * row, so a failure leaves the database at the last complete version. Refuses a database newer than
 * the migrations this build knows. `target` stops early (tests walk through every version).
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[], options: { readonly target?: number; readonly now?: () => number } = {}): MigrationOutcome {
  const latest = migrations.length;
  const target = options.target ?? latest;
  const now = options.now ?? Date.now;
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const from = schemaVersion(db);
  if (from > latest) {
    throw new StoreError(
      'newer_schema',
      `This database was written by a newer version of Halyard (database schema version ${from}; this version knows up to ${latest}). ` +
        `Install the newer Halyard again to use it. This version will not open it, so nothing in it is changed or lost.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > target) continue;
    const apply = db.transaction(() => {
      // Another process opening the same file may have applied it since `from` was read (the write
      // lock taken by `immediate` makes this check and the update one step).
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    });
    try {
      apply.immediate();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError('migration_failed', `Updating the database to version ${migration.version} (${migration.name}) failed: ${reason}. The database was left at version ${schemaVersion(db)}.`);
    }
  }
  return { from, to: schemaVersion(db) };
}

import { afterEach } from 'vitest';
import { openMemoryDatabase, type SqliteDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate, type Migration } from '../../core/store/migrate.js';

/**
 * Per-version migration tests: an in-memory database migrated up to `version` (the schema as that
 * version wrote it), each closed after its test.
 */
export function migratedDatabases() {
  const open: SqliteDatabase[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });
  return (version: number): { db: SqliteDatabase; migrations: Migration[] } => {
    const db = openMemoryDatabase();
    open.push(db);
    const migrations = loadMigrations();
    migrate(db, migrations, { target: version });
    return { db, migrations };
  };
}

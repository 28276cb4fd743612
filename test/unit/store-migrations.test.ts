import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type SqliteDatabase } from '../../core/store/db.js';
import { StoreError } from '../../core/store/errors.js';
import { loadMigrations, migrate, schemaVersion } from '../../core/store/migrate.js';

const shipped = loadMigrations();
const open: SqliteDatabase[] = [];
const dirs: string[] = [];

function database(): SqliteDatabase {
  const db = openMemoryDatabase();
  open.push(db);
  return db;
}

/** Every table, index and trigger with its SQL, in a stable order. */
function schemaOf(db: SqliteDatabase): { type: string; name: string; sql: string | null }[] {
  return db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { type: string; name: string; sql: string | null }[];
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'halyard-migrations-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the shipped migrations', () => {
  it('are numbered from 001 without gaps and bring an empty database to the latest version', () => {
    expect(shipped.map((m) => m.version)).toEqual(shipped.map((_, i) => i + 1));
    const db = database();
    expect(migrate(db, shipped)).toEqual({ from: 0, to: shipped.length });
    expect(schemaVersion(db)).toBe(shipped.length);
    const recorded = db.prepare('SELECT version, name FROM schema_version ORDER BY version').all();
    expect(recorded).toEqual(shipped.map((m) => ({ version: m.version, name: m.name })));
  });

  // One case per migration: a database left at every earlier version migrates forward to exactly the
  // schema a fresh database gets. A new NNN_*.sql file adds its own case here automatically.
  const fresh = (() => {
    const db = openMemoryDatabase();
    migrate(db, shipped);
    const schema = schemaOf(db);
    db.close();
    return schema;
  })();
  for (let start = 0; start < shipped.length; start++) {
    it(`migrates forward from version ${start} to ${shipped.length}`, () => {
      const db = database();
      migrate(db, shipped, { target: start });
      expect(schemaVersion(db)).toBe(start);
      expect(migrate(db, shipped)).toEqual({ from: start, to: shipped.length });
      expect(schemaOf(db)).toEqual(fresh);
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    });
  }

  it('is a no-op when the database is already current', () => {
    const db = database();
    migrate(db, shipped);
    expect(migrate(db, shipped)).toEqual({ from: shipped.length, to: shipped.length });
    expect((db.prepare('SELECT count(*) AS n FROM schema_version').get() as { n: number }).n).toBe(shipped.length);
  });

  it('refuses a database written by a newer Halyard, with a message that says so, and changes nothing', () => {
    const db = database();
    migrate(db, shipped);
    const future = shipped.length + 3;
    db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, 0)').run(future, 'from_the_future');
    const before = schemaOf(db);
    const error = (() => {
      try {
        migrate(db, shipped);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe('newer_schema');
    expect((error as StoreError).message).toContain(`version ${future}`);
    expect((error as StoreError).message).toContain(`up to ${shipped.length}`);
    expect((error as StoreError).message).toMatch(/newer version of Halyard/);
    expect(schemaOf(db)).toEqual(before);
  });
});

describe('the migration runner', () => {
  it('applies numbered files in order, carrying data forward', () => {
    const dir = migrationsDir({
      '002_add_note.sql': `ALTER TABLE things ADD COLUMN note TEXT NOT NULL DEFAULT ''; UPDATE things SET note = 'v2:' || name;`,
      '001_things.sql': `CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO things (name) VALUES ('a'), ('b');`,
      'README.txt': 'not a migration',
    });
    const migrations = loadMigrations(dir);
    expect(migrations.map((m) => `${m.version}:${m.name}`)).toEqual(['1:things', '2:add_note']);
    const db = database();
    migrate(db, migrations);
    expect(db.prepare('SELECT name, note FROM things ORDER BY id').all()).toEqual([
      { name: 'a', note: 'v2:a' },
      { name: 'b', note: 'v2:b' },
    ]);
  });

  it('rolls a failing migration back completely and leaves the database at the previous version', () => {
    const dir = migrationsDir({
      '001_things.sql': `CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO things (name) VALUES ('a');`,
      '002_broken.sql': `CREATE TABLE half_done (x INTEGER); INSERT INTO things (name) VALUES ('ghost'); INSERT INTO no_such_table VALUES (1);`,
    });
    const db = database();
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/version 2 \(broken\) failed: .*no_such_table.*left at version 1/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    expect(db.prepare('SELECT name FROM things').all()).toEqual([{ name: 'a' }]);
  });

  it('refuses a set of migrations with a gap or one that manages its own transaction', () => {
    expect(() => loadMigrations(migrationsDir({ '001_a.sql': 'SELECT 1;', '003_c.sql': 'SELECT 1;' }))).toThrow(/without gaps/);
    expect(() => loadMigrations(migrationsDir({ '001_a.sql': 'BEGIN;\nCREATE TABLE t (x);\nCOMMIT;' }))).toThrow(/own transaction/);
  });
});

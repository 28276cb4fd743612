import type { z } from 'zod';
import type { SqliteDatabase } from '../db.js';

/** Key/value settings stored as JSON; reads are validated by the caller's schema. */
export class SettingsRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /** The stored value parsed by `schema`; null when absent. Throws a ZodError when the stored value no longer fits. */
  get<T>(key: string, schema: z.ZodType<T>): T | null {
    const raw = this.getRaw(key);
    return raw === undefined ? null : schema.parse(raw);
  }

  /** The stored JSON value, unvalidated; undefined when absent. */
  getRaw(key: string): unknown {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`setting "${key}" cannot be stored as JSON`);
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, json, this.now());
  }

  delete(key: string): boolean {
    return this.db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
  }

  keys(prefix = ''): string[] {
    return this.db
      .prepare<[{ prefix: string }], string>(`SELECT key FROM settings WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key`)
      .pluck(true)
      .all({ prefix });
  }
}

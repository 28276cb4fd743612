import type { RiskEventFilter, RiskEventRecord, RiskEventStore } from '../../risk/events.js';
import type { SqliteDatabase } from '../db.js';

interface RiskEventRow {
  id: number;
  time: number;
  last_time: number;
  kind: string;
  detail: string;
  rule: string | null;
  strategy: string | null;
  symbol: string | null;
  repeats: number;
}

/** Rows kept; older ones are pruned as new ones arrive (a year of a busy desk fits comfortably). */
const KEEP = 50_000;

/** The risk events log (core/risk/events.ts's store): every event once, its episode's repeats updated in place. */
export class RiskEventRepository implements RiskEventStore {
  private inserted = 0;

  constructor(private readonly db: SqliteDatabase) {}

  append(event: Omit<RiskEventRecord, 'id'>): number {
    const result = this.db
      .prepare('INSERT INTO risk_events (time, last_time, kind, detail, rule, strategy, symbol, repeats) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(event.time, event.lastTime, event.kind, event.detail, event.rule, event.strategy, event.symbol, event.repeats);
    // Pruning is one indexed delete now and then, not a cost on every event.
    if (++this.inserted % 1_000 === 0) this.db.prepare('DELETE FROM risk_events WHERE id <= (SELECT max(id) FROM risk_events) - ?').run(KEEP);
    return Number(result.lastInsertRowid);
  }

  touch(id: number, repeats: number, lastTime: number): void {
    this.db.prepare('UPDATE risk_events SET repeats = ?, last_time = ? WHERE id = ?').run(repeats, lastTime, id);
  }

  /** Newest first. `kind` matches a kind or a family (`regime` matches `regime:PANIC`); `search` any text. */
  list(filter: RiskEventFilter): RiskEventRecord[] {
    const search = filter.search?.trim() ? `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return this.db
      .prepare<[{ kind: string | null; family: string | null; search: string | null; before: number | null; limit: number }], RiskEventRow>(
        `SELECT * FROM risk_events
          WHERE (@kind IS NULL OR kind = @kind OR substr(kind, 1, length(@family)) = @family)
            AND (@search IS NULL OR detail LIKE @search ESCAPE '\\' OR kind LIKE @search ESCAPE '\\' OR ifnull(symbol, '') LIKE @search ESCAPE '\\' OR ifnull(strategy, '') LIKE @search ESCAPE '\\')
            AND (@before IS NULL OR id < @before)
          ORDER BY id DESC LIMIT @limit`,
      )
      .all({ kind: filter.kind ?? null, family: filter.kind ? `${filter.kind}:` : null, search, before: filter.before ?? null, limit: filter.limit })
      .map((row) => ({ id: row.id, time: row.time, lastTime: row.last_time, kind: row.kind, detail: row.detail, rule: row.rule, strategy: row.strategy, symbol: row.symbol, repeats: row.repeats }));
  }
}

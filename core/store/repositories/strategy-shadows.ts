import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

/** A parameter variant shadowing a strategy configuration (its params already validated by the strategy's schema). */
export interface ShadowVariantRecord {
  readonly config: string;
  readonly id: string;
  readonly params: unknown;
  readonly createdAt: number;
}

interface ShadowRow {
  config: string;
  id: string;
  params: string;
  created_at: number;
}

/** The shadow variants of each strategy configuration, so the comparison resumes after a restart. */
export class StrategyShadowRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /** In the order they were added. */
  list(config: string): ShadowVariantRecord[] {
    return this.db.prepare<[string], ShadowRow>('SELECT * FROM strategy_shadows WHERE config = ? ORDER BY created_at, id').all(config).map(toRecord);
  }

  get(config: string, id: string): ShadowVariantRecord | null {
    const row = this.db.prepare<[string, string], ShadowRow>('SELECT * FROM strategy_shadows WHERE config = ? AND id = ?').get(config, id);
    return row ? toRecord(row) : null;
  }

  add(config: string, id: string, params: unknown): ShadowVariantRecord {
    if (this.get(config, id)) throw new StoreError('conflict', `${config} already has a shadow variant named "${id}"`);
    const createdAt = this.now();
    this.db.prepare('INSERT INTO strategy_shadows (config, id, params, created_at) VALUES (?, ?, ?, ?)').run(config, id, JSON.stringify(params), createdAt);
    return { config, id, params, createdAt };
  }

  /** True when there was such a variant. */
  remove(config: string, id: string): boolean {
    return this.db.prepare('DELETE FROM strategy_shadows WHERE config = ? AND id = ?').run(config, id).changes > 0;
  }

  /**
   * After a promotion: the promoted variant leaves the list and the parameters it replaced join it as
   * `keptAs`, in one transaction — nothing the trader compared is lost.
   */
  swap(config: string, promoted: string, keptAs: string, keptParams: unknown): void {
    this.db
      .transaction(() => {
        this.remove(config, promoted);
        this.add(config, keptAs, keptParams);
      })
      .immediate();
  }
}

function toRecord(row: ShadowRow): ShadowVariantRecord {
  return { config: row.config, id: row.id, params: JSON.parse(row.params) as unknown, createdAt: row.created_at };
}

import type { AdjustmentRecord, AdjustmentStore, NewAdjustment } from '../../orchestrator/records.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

interface AdjustmentRow {
  id: number;
  config: string;
  created_at: number;
  status: AdjustmentRecord['status'];
  mode: AdjustmentRecord['mode'];
  variant: string;
  confidence: AdjustmentRecord['confidence'];
  p_value: number;
  from_version: number;
  to_version: number | null;
  changes: string;
  evidence: string;
  kept_as: string | null;
  applied_at: number | null;
  trailing_since: number | null;
  decided_at: number | null;
  decided_by: string | null;
  note: string | null;
}

const COLUMNS: Record<string, string> = {
  status: 'status',
  toVersion: 'to_version',
  keptAs: 'kept_as',
  appliedAt: 'applied_at',
  trailingSince: 'trailing_since',
  decidedAt: 'decided_at',
  decidedBy: 'decided_by',
  note: 'note',
};

/** The threshold manager's proposals and adjustments, with their evidence and what became of them. */
export class ThresholdAdjustmentRepository implements AdjustmentStore {
  constructor(private readonly db: SqliteDatabase) {}

  add(adjustment: NewAdjustment): AdjustmentRecord {
    const result = this.db
      .prepare(
        `INSERT INTO threshold_adjustments (config, created_at, status, mode, variant, confidence, p_value, from_version, changes, evidence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(adjustment.config, adjustment.createdAt, adjustment.status, adjustment.mode, adjustment.variant, adjustment.confidence, adjustment.pValue, adjustment.fromVersion, JSON.stringify(adjustment.changes), JSON.stringify(adjustment.evidence));
    return this.get(Number(result.lastInsertRowid))!;
  }

  get(id: number): AdjustmentRecord | null {
    const row = this.db.prepare<[number], AdjustmentRow>('SELECT * FROM threshold_adjustments WHERE id = ?').get(id);
    return row ? toRecord(row) : null;
  }

  list(config: string, limit: number): AdjustmentRecord[] {
    return this.db.prepare<[string, number], AdjustmentRow>('SELECT * FROM threshold_adjustments WHERE config = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(config, limit).map(toRecord);
  }

  update(id: number, change: Partial<Pick<AdjustmentRecord, 'status' | 'toVersion' | 'keptAs' | 'appliedAt' | 'trailingSince' | 'decidedAt' | 'decidedBy' | 'note'>>): AdjustmentRecord {
    const entries = Object.entries(change).filter(([key]) => key in COLUMNS);
    if (entries.length > 0) {
      // Column names come from the allow-list above, never from the caller.
      const sets = entries.map(([key]) => `${COLUMNS[key]} = @${key}`).join(', ');
      this.db.prepare(`UPDATE threshold_adjustments SET ${sets} WHERE id = @id`).run({ ...Object.fromEntries(entries), id });
    }
    const updated = this.get(id);
    if (!updated) throw new StoreError('not_found', `no threshold adjustment #${id}`);
    return updated;
  }

  appliedSince(config: string, since: number): number {
    return this.db.prepare<[string, number], number>(`SELECT count(*) FROM threshold_adjustments WHERE config = ? AND applied_at IS NOT NULL AND applied_at >= ?`).pluck(true).get(config, since) ?? 0;
  }
}

function toRecord(row: AdjustmentRow): AdjustmentRecord {
  return {
    id: row.id,
    config: row.config,
    createdAt: row.created_at,
    status: row.status,
    mode: row.mode,
    variant: row.variant,
    confidence: row.confidence,
    pValue: row.p_value,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    changes: JSON.parse(row.changes) as AdjustmentRecord['changes'],
    evidence: JSON.parse(row.evidence) as AdjustmentRecord['evidence'],
    keptAs: row.kept_as,
    appliedAt: row.applied_at,
    trailingSince: row.trailing_since,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    note: row.note,
  };
}

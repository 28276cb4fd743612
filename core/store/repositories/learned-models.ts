import type { ModelRecord, ModelStore, NewModel } from '../../orchestrator/records.js';
import type { SqliteDatabase } from '../db.js';

interface ModelRow {
  id: number;
  config: string;
  version: number;
  created_at: number;
  trigger: NewModel['trigger'];
  features: string;
  samples: string;
  metrics: string;
  model: string | null;
  active: number;
  status: string;
  strategy: string | null;
}

/** Every trained version of each configuration's learned filter; at most one active per configuration. */
export class LearnedModelRepository implements ModelStore {
  constructor(private readonly db: SqliteDatabase) {}

  add(model: NewModel): ModelRecord {
    const id = this.db
      .transaction(() => {
        const version = (this.db.prepare<[string], number>('SELECT max(version) FROM learned_models WHERE config = ?').pluck(true).get(model.config) ?? 0) + 1;
        if (model.active) this.db.prepare('UPDATE learned_models SET active = 0 WHERE config = ?').run(model.config);
        const result = this.db
          .prepare('INSERT INTO learned_models (config, version, created_at, trigger, features, samples, metrics, model, active, status, strategy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(model.config, version, model.createdAt, model.trigger, JSON.stringify(model.features), JSON.stringify(model.samples), JSON.stringify(model.metrics), model.model === null ? null : JSON.stringify(model.model), model.active ? 1 : 0, model.status, model.strategy ?? null);
        return Number(result.lastInsertRowid);
      })
      .immediate();
    return toRecord(this.db.prepare<[number], ModelRow>('SELECT * FROM learned_models WHERE id = ?').get(id)!);
  }

  list(config: string, limit: number): ModelRecord[] {
    return this.db.prepare<[string, number], ModelRow>('SELECT * FROM learned_models WHERE config = ? ORDER BY version DESC LIMIT ?').all(config, limit).map(toRecord);
  }

  active(config: string): ModelRecord | null {
    const row = this.db.prepare<[string], ModelRow>('SELECT * FROM learned_models WHERE config = ? AND active = 1 ORDER BY version DESC LIMIT 1').get(config);
    return row ? toRecord(row) : null;
  }

  deactivate(config: string, status: string): void {
    this.db.prepare('UPDATE learned_models SET active = 0, status = ? WHERE config = ? AND active = 1').run(status, config);
  }
}

function toRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    config: row.config,
    version: row.version,
    createdAt: row.created_at,
    trigger: row.trigger,
    features: JSON.parse(row.features) as string[],
    samples: JSON.parse(row.samples) as Record<string, number>,
    metrics: JSON.parse(row.metrics) as ModelRecord['metrics'],
    model: row.model === null ? null : (JSON.parse(row.model) as unknown),
    active: row.active === 1,
    status: row.status,
    strategy: row.strategy,
  };
}

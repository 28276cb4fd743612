import type { StrategyConfigInput, StrategyConfigRecord } from '../../runner/config-record.js';
export type { StrategyConfigInput, StrategyConfigRecord } from '../../runner/config-record.js';
import { z } from 'zod';
import type { MarketSymbol } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';



interface ConfigRow {
  name: string;
  version: number;
  strategy: string;
  params: string;
  symbols: string;
  enabled: number;
  account: string;
  created_at: number;
}

/**
 * Strategy configurations: the single source of truth for parameters. Saving never edits a version,
 * it adds the next one, so every trade can be traced to the exact parameters it ran with.
 */
export class StrategyConfigRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /**
   * Validates `params` with the strategy's schema (defaults applied) and saves them as the next version.
   * Invalid parameters are refused with the schema's messages and nothing is written.
   */
  save<P>(input: StrategyConfigInput, schema: z.ZodType<P>): StrategyConfigRecord<P> {
    const parsed = schema.safeParse(input.params);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      throw new StoreError('invalid', `parameters for ${input.name} (${input.strategy}) are not valid: ${problems}`);
    }
    const write = this.db.transaction(() => {
      const version = (this.db.prepare<[string], number>('SELECT max(version) FROM strategy_configs WHERE name = ?').pluck(true).get(input.name) ?? 0) + 1;
      this.db
        .prepare('INSERT INTO strategy_configs (name, version, strategy, params, symbols, enabled, account, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(input.name, version, input.strategy, JSON.stringify(parsed.data), JSON.stringify(input.symbols), input.enabled ? 1 : 0, input.account ?? 'paper', this.now());
      return version;
    });
    const version = write.immediate();
    return { ...this.version(input.name, version)!, params: parsed.data };
  }

  /** The newest version, with params as stored (validate with `currentValidated` before running it). */
  current(name: string): StrategyConfigRecord | null {
    const row = this.db.prepare<[string], ConfigRow>('SELECT * FROM strategy_configs WHERE name = ? ORDER BY version DESC LIMIT 1').get(name);
    return row ? toRecord(row) : null;
  }

  /** The newest version, its params re-validated by the strategy's current schema. */
  currentValidated<P>(name: string, schema: z.ZodType<P>): StrategyConfigRecord<P> | null {
    const record = this.current(name);
    if (!record) return null;
    const parsed = schema.safeParse(record.params);
    if (!parsed.success) throw new StoreError('invalid', `the saved parameters of ${name} no longer fit ${record.strategy}: ${z.prettifyError(parsed.error)}`);
    return { ...record, params: parsed.data };
  }

  version(name: string, version: number): StrategyConfigRecord | null {
    const row = this.db.prepare<[string, number], ConfigRow>('SELECT * FROM strategy_configs WHERE name = ? AND version = ?').get(name, version);
    return row ? toRecord(row) : null;
  }

  history(name: string): StrategyConfigRecord[] {
    return this.db.prepare<[string], ConfigRow>('SELECT * FROM strategy_configs WHERE name = ? ORDER BY version').all(name).map(toRecord);
  }

  /** The newest version of every configuration. */
  list(): StrategyConfigRecord[] {
    return this.db
      .prepare<[], ConfigRow>('SELECT c.* FROM strategy_configs c WHERE c.version = (SELECT max(version) FROM strategy_configs WHERE name = c.name) ORDER BY c.name')
      .all()
      .map(toRecord);
  }
}

function toRecord(row: ConfigRow): StrategyConfigRecord {
  return {
    name: row.name,
    version: row.version,
    strategy: row.strategy,
    params: JSON.parse(row.params) as unknown,
    symbols: JSON.parse(row.symbols) as MarketSymbol[],
    enabled: row.enabled === 1,
    account: row.account,
    createdAt: row.created_at,
  };
}

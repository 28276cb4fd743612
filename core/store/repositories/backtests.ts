import type { MarketSymbol, Timeframe } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

export interface BacktestRunRecord {
  readonly id: number;
  readonly strategy: string;
  readonly params: unknown;
  readonly symbols: readonly MarketSymbol[];
  readonly timeframe: Timeframe;
  readonly from: number | null;
  readonly to: number | null;
  /** Fees, data source, benchmark, … as the backtester recorded them. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly status: 'running' | 'completed' | 'failed';
  readonly error: string | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface BacktestResultRecord {
  readonly metrics: unknown;
  readonly trades: unknown;
  readonly equity: unknown;
  readonly riskEvents: unknown;
}

export type NewBacktestRun = Pick<BacktestRunRecord, 'strategy' | 'params' | 'symbols' | 'timeframe' | 'from' | 'to' | 'settings'>;

interface RunRow {
  id: number;
  strategy: string;
  params: string;
  symbols: string;
  timeframe: Timeframe;
  from_time: number | null;
  to_time: number | null;
  settings: string;
  status: BacktestRunRecord['status'];
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

/** Backtest runs and their results (metrics, trades, equity curve, risk events) as JSON documents. */
export class BacktestRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  start(run: NewBacktestRun): BacktestRunRecord {
    const result = this.db
      .prepare(`INSERT INTO backtest_runs (strategy, params, symbols, timeframe, from_time, to_time, settings, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`)
      .run(run.strategy, JSON.stringify(run.params), JSON.stringify(run.symbols), run.timeframe, run.from, run.to, JSON.stringify(run.settings), this.now());
    return this.require(Number(result.lastInsertRowid));
  }

  complete(id: number, result: BacktestResultRecord): BacktestRunRecord {
    this.db.transaction(() => {
      this.requireRunning(id);
      this.db
        .prepare('INSERT INTO backtest_results (run_id, metrics, trades, equity, risk_events) VALUES (?, ?, ?, ?, ?)')
        .run(id, JSON.stringify(result.metrics), JSON.stringify(result.trades), JSON.stringify(result.equity), JSON.stringify(result.riskEvents));
      this.db.prepare(`UPDATE backtest_runs SET status = 'completed', finished_at = ? WHERE id = ?`).run(this.now(), id);
    }).immediate();
    return this.require(id);
  }

  fail(id: number, error: string): BacktestRunRecord {
    this.requireRunning(id);
    this.db.prepare(`UPDATE backtest_runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?`).run(error, this.now(), id);
    return this.require(id);
  }

  get(id: number): BacktestRunRecord | null {
    const row = this.db.prepare<[number], RunRow>('SELECT * FROM backtest_runs WHERE id = ?').get(id);
    return row ? toRecord(row) : null;
  }

  result(id: number): BacktestResultRecord | null {
    const row = this.db
      .prepare<[number], { metrics: string; trades: string; equity: string; risk_events: string }>('SELECT metrics, trades, equity, risk_events FROM backtest_results WHERE run_id = ?')
      .get(id);
    if (!row) return null;
    return { metrics: JSON.parse(row.metrics), trades: JSON.parse(row.trades), equity: JSON.parse(row.equity), riskEvents: JSON.parse(row.risk_events) } as BacktestResultRecord;
  }

  /** Most recent first. */
  recent(limit: number): BacktestRunRecord[] {
    return this.db.prepare<[number], RunRow>('SELECT * FROM backtest_runs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit).map(toRecord);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM backtest_runs WHERE id = ?').run(id).changes > 0;
  }

  private require(id: number): BacktestRunRecord {
    const run = this.get(id);
    if (!run) throw new StoreError('not_found', `there is no backtest run ${id}`);
    return run;
  }

  private requireRunning(id: number): void {
    if (this.require(id).status !== 'running') throw new StoreError('conflict', `backtest run ${id} has already finished`);
  }
}

function toRecord(row: RunRow): BacktestRunRecord {
  return {
    id: row.id,
    strategy: row.strategy,
    params: JSON.parse(row.params) as unknown,
    symbols: JSON.parse(row.symbols) as MarketSymbol[],
    timeframe: row.timeframe,
    from: row.from_time,
    to: row.to_time,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

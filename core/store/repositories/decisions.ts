import type { DecisionLog, DecisionRecord, DecisionVerdict, NewDecision } from '../../orchestrator/records.js';
import type { MarketSymbol } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';

interface DecisionRow {
  id: number;
  time: number;
  account: string;
  config: string;
  strategy: string;
  version: number;
  symbol: string;
  source: NewDecision['source'];
  verdict: DecisionVerdict;
  reason: string;
  score: number | null;
  threshold: number | null;
  model_score: number | null;
  features: string;
  feature_times: string;
  trade_id: string | null;
  ref: string | null;
  outcome_return: number | null;
  outcome_pnl: number | null;
  closed_at: number | null;
}

/** Rows kept per configuration; the oldest near misses go first, then the oldest rows. */
const KEEP_PER_CONFIG = 50_000;

/** The orchestrator's decision log: every entry decision and near miss with its features and, later, its outcome. */
export class DecisionRepository implements DecisionLog {
  private writes = 0;

  constructor(private readonly db: SqliteDatabase) {}

  record(decision: NewDecision): DecisionRecord | null {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO decisions (time, account, config, strategy, version, symbol, source, verdict, reason, score, threshold, model_score, features, feature_times, trade_id, ref, outcome_return, outcome_pnl, closed_at)
         VALUES (@time, @account, @config, @strategy, @version, @symbol, @source, @verdict, @reason, @score, @threshold, @modelScore, @features, @featureTimes, @tradeId, @ref, @ret, @pnl, @closedAt)`,
      )
      .run({
        time: decision.time,
        account: decision.account,
        config: decision.config,
        strategy: decision.strategy,
        version: decision.version,
        symbol: decision.symbol,
        source: decision.source,
        verdict: decision.verdict,
        reason: decision.reason,
        score: decision.score,
        threshold: decision.threshold,
        modelScore: decision.modelScore,
        tradeId: decision.tradeId,
        ref: decision.ref,
        features: JSON.stringify(decision.features),
        featureTimes: JSON.stringify(decision.featureTimes),
        ret: decision.outcome?.ret ?? null,
        pnl: decision.outcome?.pnl ?? null,
        closedAt: decision.outcome?.closedAt ?? null,
      });
    if (result.changes === 0) return null;
    if (++this.writes % 1_000 === 0) this.prune(decision.config);
    const { outcome, ...rest } = decision;
    return { ...rest, id: Number(result.lastInsertRowid), outcomeReturn: outcome?.ret ?? null, outcomePnl: outcome?.pnl ?? null, closedAt: outcome?.closedAt ?? null };
  }

  settle(account: string, config: string, tradeId: string, outcome: { readonly ret: number; readonly pnl: number; readonly closedAt: number }): number {
    return this.db
      .prepare(`UPDATE decisions SET outcome_return = ?, outcome_pnl = ?, closed_at = ? WHERE account = ? AND config = ? AND trade_id = ? AND verdict = 'entered' AND source IN ('live', 'paper')`)
      .run(outcome.ret, outcome.pnl, outcome.closedAt, account, config, tradeId).changes;
  }

  recent(options: { readonly config?: string; readonly verdict?: DecisionVerdict; readonly symbol?: MarketSymbol; readonly limit: number }): DecisionRecord[] {
    return this.db
      .prepare<[{ config: string | null; verdict: string | null; symbol: string | null; limit: number }], DecisionRow>(
        `SELECT * FROM decisions WHERE (@config IS NULL OR config = @config) AND (@verdict IS NULL OR verdict = @verdict) AND (@symbol IS NULL OR symbol = @symbol)
         ORDER BY time DESC, id DESC LIMIT @limit`,
      )
      .all({ config: options.config ?? null, verdict: options.verdict ?? null, symbol: options.symbol ?? null, limit: options.limit })
      .map(toRecord);
  }

  outcomes(config: string, limit: number, strategy?: string): DecisionRecord[] {
    return this.db
      .prepare<[{ config: string; limit: number; strategy: string | null }], DecisionRow>(
        `SELECT * FROM (SELECT * FROM decisions WHERE config = @config AND verdict = 'entered' AND outcome_return IS NOT NULL AND (@strategy IS NULL OR strategy = @strategy)
         ORDER BY time DESC, id DESC LIMIT @limit) ORDER BY time, id`,
      )
      .all({ config, limit, strategy: strategy ?? null })
      .map(toRecord);
  }

  private prune(config: string): void {
    const count = this.db.prepare<[string], number>('SELECT count(*) FROM decisions WHERE config = ?').pluck(true).get(config) ?? 0;
    if (count <= KEEP_PER_CONFIG) return;
    const excess = count - KEEP_PER_CONFIG;
    this.db
      .prepare(`DELETE FROM decisions WHERE id IN (SELECT id FROM decisions WHERE config = ? ORDER BY (verdict = 'near_miss') DESC, time LIMIT ?)`)
      .run(config, excess);
  }
}

function toRecord(row: DecisionRow): DecisionRecord {
  return {
    id: row.id,
    time: row.time,
    account: row.account,
    config: row.config,
    strategy: row.strategy,
    version: row.version,
    symbol: row.symbol,
    source: row.source,
    verdict: row.verdict,
    reason: row.reason,
    score: row.score,
    threshold: row.threshold,
    modelScore: row.model_score,
    features: JSON.parse(row.features) as Record<string, number>,
    featureTimes: JSON.parse(row.feature_times) as Record<string, number>,
    tradeId: row.trade_id,
    ref: row.ref,
    outcomeReturn: row.outcome_return,
    outcomePnl: row.outcome_pnl,
    closedAt: row.closed_at,
  };
}

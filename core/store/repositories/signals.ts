import type { NewSignal, SignalRecord } from '../../runner/signal-record.js';
export type { NewSignal, SignalRecord } from '../../runner/signal-record.js';
import type { MarketSymbol, Timeframe } from '../../market/candle.js';
import type { ScoreComponents } from '../../strategies/contract.js';
import type { SqliteDatabase } from '../db.js';



interface SignalRow {
  id: number;
  time: number;
  strategy: string;
  symbol: string;
  timeframe: Timeframe | null;
  kind: string;
  score: number | null;
  components: string;
  reason: string;
  outcome: string | null;
}

/** Signals with the score components behind them, for the Strategies tab and post-mortems. */
export class SignalRepository {
  constructor(private readonly db: SqliteDatabase) {}

  record(signal: NewSignal): SignalRecord {
    const result = this.db
      .prepare('INSERT INTO signals (time, strategy, symbol, timeframe, kind, score, components, reason, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(signal.time, signal.strategy, signal.symbol, signal.timeframe, signal.kind, signal.score, JSON.stringify(signal.components), signal.reason, signal.outcome ?? null);
    return { ...signal, id: Number(result.lastInsertRowid), outcome: signal.outcome ?? null };
  }

  setOutcome(id: number, outcome: string): void {
    this.db.prepare('UPDATE signals SET outcome = ? WHERE id = ?').run(outcome, id);
  }

  /** Most recent first. */
  recent(options: { readonly limit: number; readonly strategy?: string; readonly symbol?: MarketSymbol }): SignalRecord[] {
    return this.db
      .prepare<[{ strategy: string | null; symbol: string | null; limit: number }], SignalRow>(
        'SELECT * FROM signals WHERE (@strategy IS NULL OR strategy = @strategy) AND (@symbol IS NULL OR symbol = @symbol) ORDER BY time DESC, id DESC LIMIT @limit',
      )
      .all({ strategy: options.strategy ?? null, symbol: options.symbol ?? null, limit: options.limit })
      .map((row) => ({
        id: row.id,
        time: row.time,
        strategy: row.strategy,
        symbol: row.symbol,
        timeframe: row.timeframe,
        kind: row.kind,
        score: row.score,
        components: JSON.parse(row.components) as ScoreComponents,
        reason: row.reason,
        outcome: row.outcome,
      }));
  }
}

import type { MarketSymbol } from '../../market/candle.js';
import type { ExitReason } from '../../strategies/contract.js';
import type { SqliteDatabase } from '../db.js';
import { fillFromRow, type FillRecord, type FillRow } from './fills.js';

/** The part of one fill that belongs to one trade of one strategy configuration. */
export interface FillTrade {
  readonly venue: string;
  readonly fillId: string;
  /** The configuration's name. */
  readonly strategy: string;
  readonly tradeId: string;
  /** Of the fill's amount: all of it, except when one sell closed several configurations' positions. */
  readonly quantity: number;
  readonly exitReason: ExitReason | null;
}

/**
 * A fill of a configuration as its position is rebuilt from: the fill as the venue reported it, with
 * the trade it belongs to. `tradeId` is null for a fill of the configuration's own order that no engine
 * attributed (an order that filled while no engine of it was running); it belongs to the open trade.
 */
export interface StrategyFillLeg {
  readonly fill: FillRecord;
  readonly tradeId: string | null;
  readonly quantity: number;
  readonly exitReason: ExitReason | null;
}

/** The saved exit state of a configuration's open position (JSON the app validates when it reads it back). */
export interface SavedExitState {
  readonly tradeId: string;
  readonly state: unknown;
  readonly highest: number;
}

interface LegRow extends FillRow {
  trade_id: string | null;
  share: number;
  exit_reason: ExitReason | null;
}

/**
 * Strategy trades in the store: which trade each strategy fill belongs to, and the exit state of each
 * configuration's open position — so after a restart positions are rebuilt from the journal's fills,
 * their exits are re-armed, and Trade History still groups bot fills into trades.
 */
export class StrategyTradeRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /** Idempotent: the same fill attributed twice to the same configuration keeps the first record. */
  record(trade: FillTrade): void {
    this.db
      .prepare(
        `INSERT INTO fill_trades (venue, fill_id, strategy, trade_id, quantity, exit_reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (venue, fill_id, strategy) DO NOTHING`,
      )
      .run(trade.venue, trade.fillId, trade.strategy, trade.tradeId, trade.quantity, trade.exitReason, this.now());
  }

  /** The trades a fill belongs to (usually one). */
  forFill(venue: string, fillId: string): FillTrade[] {
    return this.db
      .prepare<[string, string], { strategy: string; trade_id: string; quantity: number; exit_reason: ExitReason | null }>(
        'SELECT strategy, trade_id, quantity, exit_reason FROM fill_trades WHERE venue = ? AND fill_id = ? ORDER BY strategy',
      )
      .all(venue, fillId)
      .map((row) => ({ venue, fillId, strategy: row.strategy, tradeId: row.trade_id, quantity: row.quantity, exitReason: row.exit_reason }));
  }

  /**
   * Every fill that moved the configuration's positions on `venue`: the fills attributed to its trades,
   * plus unattributed fills of its own orders. Unordered: the caller orders them as the venue numbered them.
   */
  legs(venue: string, strategy: string): StrategyFillLeg[] {
    return this.db
      .prepare<[{ venue: string; strategy: string }], LegRow>(
        `SELECT f.*, t.trade_id AS trade_id, t.quantity AS share, t.exit_reason AS exit_reason
           FROM fill_trades t JOIN fills f ON f.venue = t.venue AND f.fill_id = t.fill_id
          WHERE t.venue = @venue AND t.strategy = @strategy
         UNION ALL
         SELECT f.*, NULL AS trade_id, f.amount AS share, NULL AS exit_reason
           FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id
          WHERE f.venue = @venue AND o.strategy = @strategy
            AND NOT EXISTS (SELECT 1 FROM fill_trades t WHERE t.venue = f.venue AND t.fill_id = f.fill_id AND t.strategy = @strategy)`,
      )
      .all({ venue, strategy })
      .map((row) => ({
        fill: fillFromRow(row),
        tradeId: row.trade_id,
        quantity: row.share,
        exitReason: row.exit_reason,
      }));
  }

  saveExitState(venue: string, strategy: string, symbol: MarketSymbol, saved: SavedExitState): void {
    this.db
      .prepare(
        `INSERT INTO strategy_exit_states (venue, strategy, symbol, trade_id, state, highest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (venue, strategy, symbol) DO UPDATE SET trade_id = excluded.trade_id, state = excluded.state, highest = excluded.highest, updated_at = excluded.updated_at`,
      )
      .run(venue, strategy, symbol, saved.tradeId, JSON.stringify(saved.state), saved.highest, this.now());
  }

  exitState(venue: string, strategy: string, symbol: MarketSymbol): SavedExitState | null {
    const row = this.db
      .prepare<[string, string, string], { trade_id: string; state: string; highest: number }>('SELECT trade_id, state, highest FROM strategy_exit_states WHERE venue = ? AND strategy = ? AND symbol = ?')
      .get(venue, strategy, symbol);
    return row ? { tradeId: row.trade_id, state: JSON.parse(row.state) as unknown, highest: row.highest } : null;
  }

  clearExitState(venue: string, strategy: string, symbol: MarketSymbol): void {
    this.db.prepare('DELETE FROM strategy_exit_states WHERE venue = ? AND strategy = ? AND symbol = ?').run(venue, strategy, symbol);
  }
}

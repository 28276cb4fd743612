import type { LedgerHistoryRow, LedgerLeg, LedgerStore, SavedExitState } from '../../positions/ledger-store.js';
import type { ExitReason } from '../../strategies/contract.js';
import type { SqliteDatabase } from '../db.js';
import { fillFromRow, type FillRow } from './fills.js';

interface HistoryRow extends FillRow {
  order_known: number;
  order_owner: string | null;
  order_trade_id: string | null;
  order_exit_reason: ExitReason | null;
  legs: string;
}

interface LegRow {
  strategy: string;
  trade_id: string;
  quantity: number;
  exit_reason: ExitReason | null;
}

const MANUAL = 'manual';

/**
 * The position ledger's store (core/positions/ledger-store.ts): which owner's trade each fill moved
 * (`fill_trades`; the owner column is named `strategy` for history: `manual` is the trader) and the exit
 * plans of open positions (`strategy_exit_states`). Positions themselves are rebuilt from these rows and
 * the journal's fills.
 */
export class LedgerRepository implements LedgerStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  history(): LedgerHistoryRow[] {
    return this.db
      .prepare<[], HistoryRow>(
        `SELECT f.*,
                o.client_order_id IS NOT NULL AS order_known, o.strategy AS order_owner, o.trade_id AS order_trade_id, o.exit_reason AS order_exit_reason,
                (SELECT json_group_array(json_object('strategy', t.strategy, 'trade_id', t.trade_id, 'quantity', t.quantity, 'exit_reason', t.exit_reason))
                   FROM fill_trades t WHERE t.venue = f.venue AND t.fill_id = f.fill_id) AS legs
           FROM fills f
           LEFT JOIN orders o ON o.venue = f.venue AND o.client_order_id = f.client_order_id`,
      )
      .all()
      .map((row) => ({
        account: row.venue,
        fill: fillFromRow(row),
        order: row.order_known ? { owner: row.order_owner ?? MANUAL, tradeId: row.order_trade_id, exitReason: row.order_exit_reason } : null,
        legs: (JSON.parse(row.legs) as LegRow[]).map((leg) => ({ owner: leg.strategy, tradeId: leg.trade_id, quantity: leg.quantity, exitReason: leg.exit_reason })),
      }));
  }

  recordLeg(leg: LedgerLeg): void {
    this.db
      .prepare(
        `INSERT INTO fill_trades (venue, fill_id, strategy, trade_id, quantity, exit_reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (venue, fill_id, strategy) DO NOTHING`,
      )
      .run(leg.account, leg.fillId, leg.owner, leg.tradeId, leg.quantity, leg.exitReason, this.now());
  }

  legsOfFill(account: string, fillId: string): LedgerLeg[] {
    return this.db
      .prepare<[string, string], LegRow>('SELECT strategy, trade_id, quantity, exit_reason FROM fill_trades WHERE venue = ? AND fill_id = ? ORDER BY strategy')
      .all(account, fillId)
      .map((row) => ({ account, fillId, owner: row.strategy, tradeId: row.trade_id, quantity: row.quantity, exitReason: row.exit_reason }));
  }

  saveExitState(account: string, owner: string, symbol: string, saved: SavedExitState): void {
    this.db
      .prepare(
        `INSERT INTO strategy_exit_states (venue, strategy, symbol, trade_id, state, highest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (venue, strategy, symbol) DO UPDATE SET trade_id = excluded.trade_id, state = excluded.state, highest = excluded.highest, updated_at = excluded.updated_at`,
      )
      .run(account, owner, symbol, saved.tradeId, JSON.stringify(saved.state), saved.highest, this.now());
  }

  exitState(account: string, owner: string, symbol: string): SavedExitState | null {
    const row = this.db
      .prepare<[string, string, string], { trade_id: string; state: string; highest: number }>('SELECT trade_id, state, highest FROM strategy_exit_states WHERE venue = ? AND strategy = ? AND symbol = ?')
      .get(account, owner, symbol);
    return row ? { tradeId: row.trade_id, state: JSON.parse(row.state) as unknown, highest: row.highest } : null;
  }

  clearExitState(account: string, owner: string, symbol: string): void {
    this.db.prepare('DELETE FROM strategy_exit_states WHERE venue = ? AND strategy = ? AND symbol = ?').run(account, owner, symbol);
  }

  recordInitialStop(account: string, owner: string, tradeId: string, stop: number): void {
    this.db
      .prepare('INSERT INTO trade_initial_stops (venue, trade_id, owner, stop_price, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (venue, trade_id) DO NOTHING')
      .run(account, tradeId, owner, stop, this.now());
  }

  initialStops(): ReadonlyMap<string, number> {
    const rows = this.db.prepare<[], { venue: string; trade_id: string; stop_price: number }>('SELECT venue, trade_id, stop_price FROM trade_initial_stops').all();
    return new Map(rows.map((row) => [`${row.venue}\u0000${row.trade_id}`, row.stop_price]));
  }
}

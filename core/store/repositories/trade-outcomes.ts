import type { MarketSymbol } from '../../market/candle.js';
import type { TradeExit, TradeOutcome, TradeOutcomeStore } from '../../orchestrator/records.js';
import type { SqliteDatabase } from '../db.js';

interface OutcomeRow {
  account: string;
  owner: string;
  trade_id: string;
  symbol: string;
  source: 'live' | 'paper';
  opened_at: number;
  closed_at: number;
  cost: number;
  pnl: number;
  closed: number;
  strategy: string | null;
}

/** Each configuration's trades with their cost and net P&L, summed over partial exits (for EV and Kelly). */
export class TradeOutcomeRepository implements TradeOutcomeStore {
  constructor(private readonly db: SqliteDatabase) {}

  addExit(exit: TradeExit): TradeOutcome {
    this.db
      .prepare(
        `INSERT INTO trade_outcomes (account, owner, trade_id, symbol, source, opened_at, closed_at, cost, pnl, closed, strategy)
         VALUES (@account, @owner, @tradeId, @symbol, @source, @openedAt, @closedAt, @cost, @pnl, @closed,
           coalesce((SELECT d.strategy FROM decisions d WHERE d.account = @account AND d.config = @owner AND d.trade_id = @tradeId AND d.verdict = 'entered' ORDER BY d.id LIMIT 1), @strategy))
         ON CONFLICT (account, owner, trade_id) DO UPDATE SET cost = cost + excluded.cost, pnl = pnl + excluded.pnl,
           closed_at = max(closed_at, excluded.closed_at), closed = max(closed, excluded.closed)`,
      )
      .run({ account: exit.account, owner: exit.owner, tradeId: exit.tradeId, symbol: exit.symbol, source: exit.source, openedAt: exit.openedAt, closedAt: exit.closedAt, cost: exit.cost, pnl: exit.pnl, closed: exit.closed ? 1 : 0, strategy: exit.strategy ?? null });
    const row = this.db.prepare<[string, string, string], OutcomeRow>('SELECT * FROM trade_outcomes WHERE account = ? AND owner = ? AND trade_id = ?').get(exit.account, exit.owner, exit.tradeId)!;
    return toOutcome(row);
  }

  closed(owner: string, symbol?: MarketSymbol, strategy?: string): TradeOutcome[] {
    return this.db
      .prepare<[{ owner: string; symbol: string | null; strategy: string | null }], OutcomeRow>(
        'SELECT * FROM trade_outcomes WHERE owner = @owner AND closed = 1 AND (@symbol IS NULL OR symbol = @symbol) AND (@strategy IS NULL OR strategy = @strategy) ORDER BY closed_at, trade_id',
      )
      .all({ owner, symbol: symbol ?? null, strategy: strategy ?? null })
      .map(toOutcome);
  }
}

function toOutcome(row: OutcomeRow): TradeOutcome {
  return { account: row.account, owner: row.owner, tradeId: row.trade_id, symbol: row.symbol, source: row.source, openedAt: row.opened_at, closedAt: row.closed_at, cost: row.cost, pnl: row.pnl, closed: row.closed === 1, strategy: row.strategy };
}

import type { PaperAccountState, PaperAccountStore, PaperOrderState } from '../../exchange/paper-persistence.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

interface AccountRow {
  order_seq: number;
  fill_seq: number;
  reset_at: number | null;
}

interface OrderRow {
  client_order_id: string;
  exchange_order_id: string;
  symbol: string;
  side: PaperOrderState['side'];
  type: PaperOrderState['type'];
  amount: number;
  price: number | null;
  stop_price: number | null;
  reduce_only: number;
  post_only: number;
  time_in_force: PaperOrderState['timeInForce'];
  status: PaperOrderState['status'];
  reserved_currency: string;
  reserved_units: string;
  filled_units: string;
  cost_units: string;
  fee_units: string;
  triggered: number;
  fresh: number;
  created_at: number;
  updated_at: number;
}

/**
 * The paper exchange's own state (balances, working orders, id counters) per paper account. Each
 * save replaces the account's rows in one transaction — a handful of rows, so a full rewrite is
 * simpler and safer than diffing. Ledger units travel as decimal text: exact, and beyond 64 bits.
 */
export class PaperAccountRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  load(account: string): PaperAccountState | null {
    const row = this.db.prepare<[string], AccountRow>('SELECT order_seq, fill_seq, reset_at FROM paper_accounts WHERE id = ?').get(account);
    if (!row) return null;
    const balances = new Map<string, bigint>();
    for (const balance of this.db.prepare<[string], { currency: string; total_units: string }>('SELECT currency, total_units FROM paper_balances WHERE account = ? ORDER BY currency').all(account)) {
      balances.set(balance.currency, BigInt(balance.total_units));
    }
    const orders = this.db.prepare<[string], OrderRow>('SELECT * FROM paper_orders WHERE account = ? ORDER BY created_at, client_order_id').all(account).map(toOrderState);
    return { balances, orders, orderSeq: row.order_seq, fillSeq: row.fill_seq };
  }

  save(account: string, state: PaperAccountState): void {
    const at = this.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO paper_accounts (id, order_seq, fill_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET order_seq = excluded.order_seq, fill_seq = excluded.fill_seq, updated_at = excluded.updated_at`,
        )
        .run(account, state.orderSeq, state.fillSeq, at, at);
      this.db.prepare('DELETE FROM paper_balances WHERE account = ?').run(account);
      const balance = this.db.prepare('INSERT INTO paper_balances (account, currency, total_units) VALUES (?, ?, ?)');
      for (const [currency, units] of state.balances) {
        if (units < 0n) throw new StoreError('invalid', `paper account ${account}: negative ${currency} balance`);
        balance.run(account, currency, units.toString());
      }
      this.db.prepare('DELETE FROM paper_orders WHERE account = ?').run(account);
      const order = this.db.prepare(
        `INSERT INTO paper_orders (account, client_order_id, exchange_order_id, symbol, side, type, amount, price, stop_price, reduce_only, post_only, time_in_force, status,
           reserved_currency, reserved_units, filled_units, cost_units, fee_units, triggered, fresh, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const o of state.orders) {
        order.run(
          account,
          o.clientOrderId,
          o.exchangeOrderId,
          o.symbol,
          o.side,
          o.type,
          o.amount,
          o.price,
          o.stopPrice,
          o.reduceOnly ? 1 : 0,
          o.postOnly ? 1 : 0,
          o.timeInForce,
          o.status,
          o.reservedCurrency,
          o.reservedUnits.toString(),
          o.filledUnits.toString(),
          o.costUnits.toString(),
          o.feeUnits.toString(),
          o.triggered ? 1 : 0,
          o.fresh ? 1 : 0,
          o.createdAt,
          o.updatedAt,
        );
      }
    }).immediate();
  }

  /**
   * Records that the trader reset the account (its state is saved separately, first, in the same
   * transaction) and the fill counter at that moment: fills numbered above it are the new session's.
   */
  markReset(account: string, at: number): void {
    const changed = this.db.prepare('UPDATE paper_accounts SET reset_at = ?, reset_fill_seq = fill_seq, updated_at = ? WHERE id = ?').run(at, at, account).changes;
    if (changed === 0) throw new StoreError('not_found', `no paper account ${account}`);
  }

  /** When the account was last reset; null when never (or never saved). */
  resetAt(account: string): number | null {
    return this.db.prepare<[string], number | null>('SELECT reset_at FROM paper_accounts WHERE id = ?').pluck(true).get(account) ?? null;
  }

  /** The fill counter when the account was last reset (fills numbered above it count toward P&L); null when never. */
  resetFillSeq(account: string): number | null {
    return this.db.prepare<[string], number | null>('SELECT reset_fill_seq FROM paper_accounts WHERE id = ?').pluck(true).get(account) ?? null;
  }

  /**
   * Runs `work` in one transaction (a savepoint inside an outer one). Deferred: a bar that fills
   * nothing takes no write lock and syncs nothing.
   */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).deferred();
  }

  /** The port the paper exchange writes through, bound to one account. */
  port(account: string): PaperAccountStore {
    return {
      load: () => this.load(account),
      save: (state) => this.save(account, state),
      atomically: (work) => this.atomically(work),
    };
  }
}

function toOrderState(row: OrderRow): PaperOrderState {
  return {
    clientOrderId: row.client_order_id,
    exchangeOrderId: row.exchange_order_id,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    amount: row.amount,
    price: row.price,
    stopPrice: row.stop_price,
    reduceOnly: row.reduce_only === 1,
    postOnly: row.post_only === 1,
    timeInForce: row.time_in_force,
    status: row.status,
    reservedCurrency: row.reserved_currency,
    reservedUnits: BigInt(row.reserved_units),
    filledUnits: BigInt(row.filled_units),
    costUnits: BigInt(row.cost_units),
    feeUnits: BigInt(row.fee_units),
    triggered: row.triggered === 1,
    fresh: row.fresh === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

import type { NewOrder, OrderChange, OrderRecord } from '../../orders/order-record.js';
export type { NewOrder, OrderChange, OrderRecord } from '../../orders/order-record.js';
import type { OrderSide, OrderStatus, OrderType, TimeInForce } from '../../exchange/port.js';
import { TERMINAL_ORDER_STATUSES } from '../../exchange/port.js';
import type { MarketSymbol } from '../../market/candle.js';
import type { ExitReason } from '../../strategies/contract.js';
import type { SqliteDatabase } from '../db.js';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { StoreError } from '../errors.js';




export interface OrderTransition {
  readonly seq: number;
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly filled: number;
  readonly exchangeOrderId: string | null;
  readonly note: string | null;
  readonly at: number;
}

interface OrderRow {
  client_order_id: string;
  venue: string;
  account_id: number | null;
  exchange_order_id: string | null;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  price: number | null;
  stop_price: number | null;
  amount: number;
  filled: number;
  average_price: number | null;
  fee: number;
  fee_currency: string | null;
  reduce_only: number;
  post_only: number;
  time_in_force: TimeInForce;
  status: OrderStatus;
  strategy: string | null;
  reason: string;
  trade_id: string | null;
  exit_reason: ExitReason | null;
  created_at: number;
  updated_at: number;
}

const LIVE_STATUSES = `('pending', 'open', 'partially_filled', 'unknown')`;
/** Fill quantities come from the venue as doubles; allow rounding noise, not a real overfill. */
const FILL_TOLERANCE = 1e-9;

/**
 * The order journal. Every order is written before it is sent and every state change is appended as a
 * transition in the same transaction as the order row update, so the row and its history never disagree.
 */
export class OrderRepository {
  /** Compiled once: the emergency stop reads an account's working orders before its first cancel leaves. */
  private liveOfVenue: Statement<[string], OrderRow> | null = null;
  /** Compiled on first use: a replay or reconciliation looks up thousands of orders one by one. */
  private byClientId: Statement<[string], OrderRow> | null = null;
  private byVenueId: Statement<[string, string], OrderRow> | null = null;
  private lastSeq: Statement<[string], number> | null = null;
  private insertTransition: Statement<[string, number, OrderStatus | null, OrderStatus, number, string | null, string | null, number]> | null = null;

  constructor(private readonly db: SqliteDatabase) {}

  insert(order: NewOrder): OrderRecord {
    const status = order.status ?? 'pending';
    const write = this.db.transaction(() => {
      if (this.get(order.clientOrderId)) throw new StoreError('conflict', `client order id ${order.clientOrderId} is already in the journal`);
      this.db
        .prepare(
          `INSERT INTO orders (client_order_id, venue, account_id, exchange_order_id, symbol, side, type, price, stop_price, amount,
             filled, average_price, fee, fee_currency, reduce_only, post_only, time_in_force, status, strategy, reason, trade_id, exit_reason, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, 0, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          order.clientOrderId,
          order.venue,
          order.accountId ?? null,
          order.exchangeOrderId ?? null,
          order.symbol,
          order.side,
          order.type,
          order.price ?? null,
          order.stopPrice ?? null,
          order.amount,
          order.reduceOnly ? 1 : 0,
          order.postOnly ? 1 : 0,
          order.timeInForce ?? 'GTC',
          status,
          order.strategy ?? null,
          order.reason,
          order.tradeId ?? null,
          order.exitReason ?? null,
          order.at,
          order.at,
        );
      this.appendTransition(order.clientOrderId, 1, null, status, 0, order.exchangeOrderId ?? null, null, order.at);
    });
    write.immediate();
    return this.require(order.clientOrderId);
  }

  /**
   * Applies a change and journals it. Refused: leaving a final status, going back to `pending`, a
   * shrinking or over-full fill, or a different exchange order id. Repeating the current state is a no-op.
   */
  transition(clientOrderId: string, change: OrderChange): OrderRecord {
    const write = this.db.transaction(() => {
      const order = this.require(clientOrderId);
      const filled = change.filled ?? order.filled;
      const exchangeOrderId = change.exchangeOrderId ?? order.exchangeOrderId;
      if (change.status === order.status && filled === order.filled && exchangeOrderId === order.exchangeOrderId) return;
      if (change.reopen === true) refuseReopen(order, change.status);
      else refuseIllegal(order, change.status, filled, exchangeOrderId);
      this.db
        .prepare(
          `UPDATE orders SET status = ?, filled = ?, exchange_order_id = ?, average_price = ?, fee = ?, fee_currency = ?, updated_at = ?
           WHERE client_order_id = ?`,
        )
        .run(
          change.status,
          filled,
          exchangeOrderId,
          change.averagePrice === undefined ? order.averagePrice : change.averagePrice,
          change.fee ?? order.fee,
          change.feeCurrency === undefined ? order.feeCurrency : change.feeCurrency,
          change.at,
          clientOrderId,
        );
      this.lastSeq ??= this.db.prepare<[string], number>('SELECT max(seq) FROM order_transitions WHERE client_order_id = ?').pluck(true);
      const seq = (this.lastSeq.get(clientOrderId) ?? 0) + 1;
      this.appendTransition(clientOrderId, seq, order.status, change.status, filled, exchangeOrderId, change.note ?? null, change.at);
    });
    write.immediate();
    return this.require(clientOrderId);
  }

  get(clientOrderId: string): OrderRecord | null {
    this.byClientId ??= this.db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE client_order_id = ?');
    const row = this.byClientId.get(clientOrderId);
    return row ? toRecord(row) : null;
  }

  byExchangeId(venue: string, exchangeOrderId: string): OrderRecord | null {
    this.byVenueId ??= this.db.prepare<[string, string], OrderRow>('SELECT * FROM orders WHERE venue = ? AND exchange_order_id = ?');
    const row = this.byVenueId.get(venue, exchangeOrderId);
    return row ? toRecord(row) : null;
  }

  /** Orders that may still change at the venue: pending, open, partially filled or unknown. */
  live(venue?: string): OrderRecord[] {
    const rows = venue
      ? (this.liveOfVenue ??= this.db.prepare<[string], OrderRow>(`SELECT * FROM orders WHERE status IN ${LIVE_STATUSES} AND venue = ? ORDER BY created_at`)).all(venue)
      : this.db.prepare<[], OrderRow>(`SELECT * FROM orders WHERE status IN ${LIVE_STATUSES} ORDER BY created_at`).all();
    return rows.map(toRecord);
  }

  /** Most recent first. */
  recent(options: { readonly limit: number; readonly symbol?: MarketSymbol; readonly strategy?: string }): OrderRecord[] {
    return this.db
      .prepare<[{ symbol: string | null; strategy: string | null; limit: number }], OrderRow>(
        `SELECT * FROM orders WHERE (@symbol IS NULL OR symbol = @symbol) AND (@strategy IS NULL OR strategy = @strategy)
         ORDER BY created_at DESC, client_order_id DESC LIMIT @limit`,
      )
      .all({ symbol: options.symbol ?? null, strategy: options.strategy ?? null, limit: options.limit })
      .map(toRecord);
  }

  transitions(clientOrderId: string): OrderTransition[] {
    return this.db
      .prepare<[string], { seq: number; from_status: OrderStatus | null; to_status: OrderStatus; filled: number; exchange_order_id: string | null; note: string | null; at: number }>(
        'SELECT seq, from_status, to_status, filled, exchange_order_id, note, at FROM order_transitions WHERE client_order_id = ? ORDER BY seq',
      )
      .all(clientOrderId)
      .map((row) => ({ seq: row.seq, from: row.from_status, to: row.to_status, filled: row.filled, exchangeOrderId: row.exchange_order_id, note: row.note, at: row.at }));
  }

  private appendTransition(clientOrderId: string, seq: number, from: OrderStatus | null, to: OrderStatus, filled: number, exchangeOrderId: string | null, note: string | null, at: number): void {
    this.insertTransition ??= this.db.prepare('INSERT INTO order_transitions (client_order_id, seq, from_status, to_status, filled, exchange_order_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertTransition.run(clientOrderId, seq, from, to, filled, exchangeOrderId, note, at);
  }

  private require(clientOrderId: string): OrderRecord {
    const order = this.get(clientOrderId);
    if (!order) throw new StoreError('not_found', `order ${clientOrderId} is not in the journal`);
    return order;
  }
}

function refuseReopen(order: OrderRecord, to: OrderStatus): void {
  if (order.status !== 'rejected' || order.exchangeOrderId !== null || to !== 'unknown') {
    throw new StoreError('conflict', `order ${order.clientOrderId} is ${order.status}${order.exchangeOrderId ? ` with exchange id ${order.exchangeOrderId}` : ''}; only a rejected order no venue acknowledged can be reopened`);
  }
}

function refuseIllegal(order: OrderRecord, to: OrderStatus, filled: number, exchangeOrderId: string | null): void {
  const id = order.clientOrderId;
  if (TERMINAL_ORDER_STATUSES.has(order.status)) throw new StoreError('conflict', `order ${id} is already ${order.status}; it cannot become ${to}`);
  if (to === 'pending') throw new StoreError('conflict', `order ${id} cannot go back to pending`);
  if (!(filled >= 0) || filled < order.filled) throw new StoreError('conflict', `order ${id}: filled cannot go from ${order.filled} to ${filled}`);
  if (filled > order.amount * (1 + FILL_TOLERANCE)) throw new StoreError('invalid', `order ${id}: filled ${filled} exceeds the amount ${order.amount}`);
  if (order.exchangeOrderId !== null && exchangeOrderId !== order.exchangeOrderId) {
    throw new StoreError('conflict', `order ${id} already has exchange id ${order.exchangeOrderId}`);
  }
}

function toRecord(row: OrderRow): OrderRecord {
  return {
    clientOrderId: row.client_order_id,
    venue: row.venue,
    accountId: row.account_id,
    exchangeOrderId: row.exchange_order_id,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    price: row.price,
    stopPrice: row.stop_price,
    amount: row.amount,
    filled: row.filled,
    averagePrice: row.average_price,
    fee: row.fee,
    feeCurrency: row.fee_currency,
    reduceOnly: row.reduce_only === 1,
    postOnly: row.post_only === 1,
    timeInForce: row.time_in_force,
    status: row.status,
    strategy: row.strategy,
    reason: row.reason,
    tradeId: row.trade_id,
    exitReason: row.exit_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

import type { ExitPlan, ExitReason } from '../../strategies/contract.js';
import type { MarketSymbol } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

export interface TrancheRecord {
  readonly seq: number;
  readonly clientOrderId: string | null;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly at: number;
}

export interface ExitRecord extends TrancheRecord {
  readonly reason: ExitReason;
  readonly note: string | null;
}

/** A position (long) with its entries and exits; `id` is also the trade id shared by all of them. */
export interface PositionRecord {
  readonly id: number;
  readonly venue: string;
  readonly symbol: MarketSymbol;
  readonly strategy: string | null;
  readonly status: 'open' | 'closed';
  readonly exitPlan: ExitPlan | null;
  readonly highestPrice: number | null;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly closeReason: ExitReason | null;
  readonly tranches: readonly TrancheRecord[];
  readonly exits: readonly ExitRecord[];
}

export type NewTranche = Omit<TrancheRecord, 'seq'>;
export type NewExit = Omit<ExitRecord, 'seq'>;

interface PositionRow {
  id: number;
  venue: string;
  symbol: string;
  strategy: string | null;
  status: 'open' | 'closed';
  exit_plan: string | null;
  highest_price: number | null;
  opened_at: number;
  closed_at: number | null;
  close_reason: ExitReason | null;
}

interface LegRow {
  seq: number;
  client_order_id: string | null;
  quantity: number;
  price: number;
  fee: number;
  at: number;
  reason?: ExitReason;
  note?: string | null;
}

/** Exit quantities come from fills as doubles; allow rounding noise, not a real oversell. */
const QUANTITY_TOLERANCE = 1e-9;

/** Positions with tranches and exits, so positions survive restarts and can be rebuilt and audited. */
export class PositionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Opens a position with its first tranche; refused while the same venue/symbol/strategy has one open. */
  open(position: { readonly venue: string; readonly symbol: MarketSymbol; readonly strategy: string | null; readonly exitPlan?: ExitPlan | null; readonly tranche: NewTranche }): PositionRecord {
    const write = this.db.transaction(() => {
      if (this.openFor(position.venue, position.symbol, position.strategy)) {
        throw new StoreError('conflict', `a ${position.strategy ?? 'manual'} position in ${position.symbol} on ${position.venue} is already open`);
      }
      const result = this.db
        .prepare(`INSERT INTO positions (venue, symbol, strategy, status, exit_plan, highest_price, opened_at) VALUES (?, ?, ?, 'open', ?, ?, ?)`)
        .run(position.venue, position.symbol, position.strategy, json(position.exitPlan ?? null), position.tranche.price, position.tranche.at);
      const id = Number(result.lastInsertRowid);
      this.insertTranche(id, 1, position.tranche);
      return id;
    });
    return this.require(write.immediate());
  }

  addTranche(positionId: number, tranche: NewTranche): PositionRecord {
    this.db.transaction(() => {
      const position = this.requireOpen(positionId);
      this.insertTranche(positionId, position.tranches.length + 1, tranche);
    }).immediate();
    return this.require(positionId);
  }

  /** Records a (partial) exit; `close` ends the position in the same transaction with the exit's reason. */
  recordExit(positionId: number, exit: NewExit, options: { readonly close?: boolean } = {}): PositionRecord {
    this.db.transaction(() => {
      const position = this.requireOpen(positionId);
      const remaining = openQuantity(position);
      if (exit.quantity > remaining * (1 + QUANTITY_TOLERANCE)) {
        throw new StoreError('invalid', `position ${positionId}: exit of ${exit.quantity} exceeds the open quantity ${remaining}`);
      }
      this.db
        .prepare('INSERT INTO position_exits (position_id, seq, client_order_id, quantity, price, fee, reason, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(positionId, position.exits.length + 1, exit.clientOrderId, exit.quantity, exit.price, exit.fee, exit.reason, exit.note, exit.at);
      if (options.close) {
        this.db.prepare(`UPDATE positions SET status = 'closed', closed_at = ?, close_reason = ? WHERE id = ?`).run(exit.at, exit.reason, positionId);
      }
    }).immediate();
    return this.require(positionId);
  }

  updateExitPlan(positionId: number, exitPlan: ExitPlan | null): PositionRecord {
    this.requireOpen(positionId);
    this.db.prepare('UPDATE positions SET exit_plan = ? WHERE id = ?').run(json(exitPlan), positionId);
    return this.require(positionId);
  }

  /** Keeps the highest price seen (trailing stops survive a restart). */
  updateHighestPrice(positionId: number, price: number): void {
    this.db.prepare(`UPDATE positions SET highest_price = max(ifnull(highest_price, @price), @price) WHERE id = @id AND status = 'open'`).run({ price, id: positionId });
  }

  get(positionId: number): PositionRecord | null {
    const row = this.db.prepare<[number], PositionRow>('SELECT * FROM positions WHERE id = ?').get(positionId);
    return row ? this.withLegs(row) : null;
  }

  openFor(venue: string, symbol: MarketSymbol, strategy: string | null): PositionRecord | null {
    const row = this.db
      .prepare<[string, string, string | null], PositionRow>(`SELECT * FROM positions WHERE status = 'open' AND venue = ? AND symbol = ? AND ifnull(strategy, '') = ifnull(?, '')`)
      .get(venue, symbol, strategy);
    return row ? this.withLegs(row) : null;
  }

  listOpen(): PositionRecord[] {
    return this.db.prepare<[], PositionRow>(`SELECT * FROM positions WHERE status = 'open' ORDER BY opened_at, id`).all().map((row) => this.withLegs(row));
  }

  /** Positions closed with from ≤ closed_at < to, oldest first. */
  closedBetween(from: number, to: number): PositionRecord[] {
    return this.db
      .prepare<[number, number], PositionRow>(`SELECT * FROM positions WHERE status = 'closed' AND closed_at >= ? AND closed_at < ? ORDER BY closed_at, id`)
      .all(from, to)
      .map((row) => this.withLegs(row));
  }

  private insertTranche(positionId: number, seq: number, tranche: NewTranche): void {
    this.db
      .prepare('INSERT INTO position_tranches (position_id, seq, client_order_id, quantity, price, fee, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(positionId, seq, tranche.clientOrderId, tranche.quantity, tranche.price, tranche.fee, tranche.at);
  }

  private withLegs(row: PositionRow): PositionRecord {
    const tranches = this.db
      .prepare<[number], LegRow>('SELECT seq, client_order_id, quantity, price, fee, at FROM position_tranches WHERE position_id = ? ORDER BY seq')
      .all(row.id)
      .map((leg) => ({ seq: leg.seq, clientOrderId: leg.client_order_id, quantity: leg.quantity, price: leg.price, fee: leg.fee, at: leg.at }));
    const exits = this.db
      .prepare<[number], LegRow>('SELECT seq, client_order_id, quantity, price, fee, at, reason, note FROM position_exits WHERE position_id = ? ORDER BY seq')
      .all(row.id)
      .map((leg) => ({ seq: leg.seq, clientOrderId: leg.client_order_id, quantity: leg.quantity, price: leg.price, fee: leg.fee, at: leg.at, reason: leg.reason!, note: leg.note ?? null }));
    return {
      id: row.id,
      venue: row.venue,
      symbol: row.symbol,
      strategy: row.strategy,
      status: row.status,
      exitPlan: row.exit_plan === null ? null : (JSON.parse(row.exit_plan) as ExitPlan),
      highestPrice: row.highest_price,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      closeReason: row.close_reason,
      tranches,
      exits,
    };
  }

  private require(positionId: number): PositionRecord {
    const position = this.get(positionId);
    if (!position) throw new StoreError('not_found', `there is no position ${positionId}`);
    return position;
  }

  private requireOpen(positionId: number): PositionRecord {
    const position = this.require(positionId);
    if (position.status !== 'open') throw new StoreError('conflict', `position ${positionId} is already closed`);
    return position;
  }
}

/** Quantity still held: entries minus exits. */
export function openQuantity(position: Pick<PositionRecord, 'tranches' | 'exits'>): number {
  const entered = position.tranches.reduce((sum, leg) => sum + leg.quantity, 0);
  const exited = position.exits.reduce((sum, leg) => sum + leg.quantity, 0);
  return entered - exited;
}

function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

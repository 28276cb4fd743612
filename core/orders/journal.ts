import { isExchangeError } from '../exchange/errors.js';
import { checkOrderRules } from '../exchange/precision.js';
import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type ExchangePort, type Fill, type OrderRequest } from '../exchange/port.js';
import type { ExitReason } from '../strategies/contract.js';
import type { FillRecord, NewOrder, OrderChange, OrderRecord } from './order-record.js';

/**
 * The order journal: every intent is written (status `pending`, with its client order id) BEFORE it
 * is sent, and every state the venue reports afterwards is appended as a transition. After a crash
 * the journal says exactly which orders may exist at the venue; reconciliation settles them.
 */

/** Where journaled orders are kept (core/store's OrderRepository implements it). */
export interface JournalOrders {
  insert(order: NewOrder): OrderRecord;
  transition(clientOrderId: string, change: OrderChange): OrderRecord;
  get(clientOrderId: string): OrderRecord | null;
  live(venue?: string): OrderRecord[];
  recent(options: { readonly limit: number; readonly symbol?: string; readonly strategy?: string }): OrderRecord[];
  byExchangeId(venue: string, exchangeOrderId: string): OrderRecord | null;
}

/** Where fills are kept; `record` is true when the fill is new (core/store's FillRepository implements it). */
export interface JournalFills {
  record(venue: string, fill: Fill): boolean;
  between(from: number, to: number, symbol?: string): FillRecord[];
}

export interface IntentMeta {
  readonly venue: string;
  readonly accountId?: number | null;
  /** Strategy name; null for a manual or emergency order. */
  readonly strategy: string | null;
  readonly reason: string;
  /** The trade the order is sent for (a strategy's), so its fills join that trade in the position ledger. */
  readonly tradeId?: string | null;
  /** For an order that closes (part of) a position: its one exit reason. */
  readonly exitReason?: ExitReason | null;
}

/** A fill recorded for the first time, with the journal's row of its order (null: not placed by Halyard). */
export type NewFillListener = (venue: string, fill: Fill, order: OrderRecord | null) => void;

/**
 * A venue report of an order the journal holds as `rejected` without any exchange order id: no
 * venue ever acknowledged it, so Halyard decided (reconciliation found nothing). A venue that
 * reports the client id after all wrote it late; a venue's own refusal never produces such a report.
 */
export function isLateWrite(current: OrderRecord, report: ExchangeOrder): boolean {
  return current.status === 'rejected' && current.exchangeOrderId === null && report.exchangeOrderId !== null && report.status !== 'rejected' && report.status !== 'pending';
}

/** Something the journal could not apply (a stale or contradictory venue report); never thrown into the venue's event loop. */
export type JournalProblem = (message: string) => void;

export class OrderJournal {
  /** Fills as recorded: every new one is told to the fill listeners (the position ledger) once. */
  readonly fills: JournalFills;
  private readonly fillListeners = new Set<NewFillListener>();
  private readonly orderListeners = new Set<(order: OrderRecord) => void>();

  constructor(
    readonly orders: JournalOrders,
    fills: JournalFills,
    private readonly now: () => number = Date.now,
    private readonly onProblem: JournalProblem = () => undefined,
  ) {
    this.fills = {
      record: (venue, fill) => {
        const fresh = fills.record(venue, fill);
        if (fresh && this.fillListeners.size > 0) {
          const order = this.find(venue, fill.clientOrderId || null, fill.exchangeOrderId);
          for (const listener of this.fillListeners) listener(venue, fill, order);
        }
        return fresh;
      },
      between: (from, to, symbol) => fills.between(from, to, symbol),
    };
  }

  /** Hears every change of a journaled order (intent written, each transition), for the workspace's order lists. */
  onOrderChange(listener: (order: OrderRecord) => void): () => void {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  private changed(order: OrderRecord | null): OrderRecord | null {
    if (order) for (const listener of this.orderListeners) listener(order);
    return order;
  }

  /** Hears every fill the first time it is recorded, however it arrived (order answer, stream, reconciliation). */
  onNewFill(listener: NewFillListener): () => void {
    this.fillListeners.add(listener);
    return () => this.fillListeners.delete(listener);
  }

  /** Writes the intent. Throws (and nothing may be sent) when the id was used before. */
  intend(request: OrderRequest, meta: IntentMeta): OrderRecord {
    const record = this.orders.insert({
      clientOrderId: request.clientOrderId,
      venue: meta.venue,
      accountId: meta.accountId ?? null,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      price: request.price ?? null,
      stopPrice: request.stopPrice ?? null,
      amount: request.amount,
      reduceOnly: request.reduceOnly === true,
      postOnly: request.postOnly === true,
      timeInForce: request.timeInForce ?? 'GTC',
      strategy: meta.strategy,
      reason: meta.reason,
      tradeId: meta.tradeId ?? null,
      exitReason: meta.exitReason ?? null,
      at: this.now(),
    });
    this.changed(record);
    return record;
  }

  /** Applies what the venue reports about an order, and records its fills. Returns the journal row, or null when the order is not ours. */
  apply(venue: string, order: ExchangeOrder, fills: readonly Fill[] = []): OrderRecord | null {
    for (const fill of fills) this.fills.record(venue, fill);
    const current = this.orders.get(order.clientOrderId);
    if (current === null || current.venue !== venue) return null;
    if (isLateWrite(current, order)) return this.reopen(current, order);
    if (TERMINAL_ORDER_STATUSES.has(current.status) || order.status === 'pending') return current;
    if (order.filled < current.filled) return current; // a late, older report
    const change: OrderChange = {
      status: order.status,
      at: Math.max(order.updatedAt, current.updatedAt),
      filled: order.filled,
      averagePrice: order.averagePrice,
      fee: order.fee,
      feeCurrency: order.feeCurrency,
      ...(order.exchangeOrderId !== null ? { exchangeOrderId: order.exchangeOrderId } : {}),
    };
    try {
      const next = this.orders.transition(order.clientOrderId, change);
      if (next.status !== current.status || next.filled !== current.filled) this.changed(next);
      return next;
    } catch (error) {
      this.onProblem(`journal: ${order.clientOrderId} ${current.status} → ${order.status} not applied: ${error instanceof Error ? error.message : String(error)}`);
      return current;
    }
  }

  /**
   * The send failed. Only a clear refusal by the venue ends the order (`rejected`) — a rate limit's 429/418
   * is one (Binance: "breaking a request rate limit", unlike a 5XX whose "execution status is UNKNOWN").
   * Anything else — a timeout, a 5xx, lookups that found nothing yet — leaves it `unknown`: the venue may
   * still write it, so the venue's own report or reconciliation decides, never a resend.
   */
  sendFailed(clientOrderId: string, error: unknown): OrderRecord | null {
    const current = this.orders.get(clientOrderId);
    if (current === null || TERMINAL_ORDER_STATUSES.has(current.status)) return current;
    const message = error instanceof Error ? error.message : String(error);
    const definite = isExchangeError(error) && ['invalid_order', 'insufficient_funds', 'auth', 'rate_limited'].includes(error.kind);
    return this.mark(clientOrderId, definite ? 'rejected' : 'unknown', message);
  }

  /** A decision of Halyard's own (reconciliation, recovery) with a note saying why. */
  mark(clientOrderId: string, status: OrderChange['status'], note: string): OrderRecord | null {
    const current = this.orders.get(clientOrderId);
    if (current === null || current.status === status || TERMINAL_ORDER_STATUSES.has(current.status)) return current;
    try {
      return this.changed(this.orders.transition(clientOrderId, { status, at: this.now(), note }));
    } catch (error) {
      this.onProblem(`journal: could not mark ${clientOrderId} ${status}: ${error instanceof Error ? error.message : String(error)}`);
      return this.orders.get(clientOrderId);
    }
  }

  /**
   * Reconciliation closed this order as never placed, and the venue now reports it: the venue wins.
   * The row leaves `rejected` (journaled as a transition with a note), then takes the venue's state.
   */
  private reopen(current: OrderRecord, order: ExchangeOrder): OrderRecord {
    try {
      this.orders.transition(current.clientOrderId, { status: 'unknown', at: this.now(), reopen: true, note: `${current.venue} reported order ${order.exchangeOrderId ?? ''} after it was closed as never placed` });
    } catch (error) {
      this.onProblem(`journal: could not reopen ${current.clientOrderId}: ${error instanceof Error ? error.message : String(error)}`);
      return current;
    }
    return this.apply(current.venue, order) ?? current;
  }

  live(venue?: string): OrderRecord[] {
    return this.orders.live(venue);
  }

  get(clientOrderId: string): OrderRecord | null {
    return this.orders.get(clientOrderId);
  }

  /**
   * Our journal row for a venue's order or fill: by client id, else by the venue's order id (a fill
   * fetched after a restart may not carry our client id).
   */
  find(venue: string, clientOrderId: string | null, exchangeOrderId: string | null): OrderRecord | null {
    const byClient = clientOrderId ? this.orders.get(clientOrderId) : null;
    if (byClient && byClient.venue === venue) return byClient;
    return exchangeOrderId ? this.orders.byExchangeId(venue, exchangeOrderId) : null;
  }

  /** Every fill recorded for a venue (oldest first). */
  venueFills(venue: string): FillRecord[] {
    return this.fills.between(0, Number.MAX_SAFE_INTEGER).filter((fill) => fill.venue === venue);
  }

  /** Journals `request` with the venue's rounding applied (what will really be sent), or throws the rule it breaks. */
  intendRounded(port: ExchangePort, request: OrderRequest, meta: IntentMeta): OrderRequest {
    let checked: ReturnType<typeof checkOrderRules> | null = null;
    try {
      checked = checkOrderRules(port, request);
    } catch {
      checked = null; // markets not loaded yet: journal as asked; the venue's own check decides
    }
    const rounded: OrderRequest = checked?.ok
      ? { ...request, amount: checked.order.amount, ...(checked.order.price !== null ? { price: checked.order.price } : {}), ...(checked.order.stopPrice !== null ? { stopPrice: checked.order.stopPrice } : {}) }
      : request;
    this.intend(rounded, meta);
    return rounded;
  }
}

import { isExchangeError } from '../exchange/errors.js';
import { checkOrderRules } from '../exchange/precision.js';
import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type ExchangePort, type Fill, type OrderRequest } from '../exchange/port.js';
import type { FillRecord, FillRepository } from '../store/repositories/fills.js';
import type { OrderChange, OrderRecord, OrderRepository } from '../store/repositories/orders.js';

/**
 * The order journal: every intent is written (status `pending`, with its client order id) BEFORE it
 * is sent, and every state the venue reports afterwards is appended as a transition. After a crash
 * the journal says exactly which orders may exist at the venue; reconciliation settles them.
 */

export type JournalOrders = Pick<OrderRepository, 'insert' | 'transition' | 'get' | 'live' | 'recent' | 'byExchangeId'>;
export type JournalFills = Pick<FillRepository, 'record' | 'between'>;

export interface IntentMeta {
  readonly venue: string;
  readonly accountId?: number | null;
  /** Strategy name; null for a manual or emergency order. */
  readonly strategy: string | null;
  readonly reason: string;
  readonly positionId?: number | null;
}

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
  constructor(
    readonly orders: JournalOrders,
    readonly fills: JournalFills,
    private readonly now: () => number = Date.now,
    private readonly onProblem: JournalProblem = () => undefined,
  ) {}

  /** Writes the intent. Throws (and nothing may be sent) when the id was used before. */
  intend(request: OrderRequest, meta: IntentMeta): OrderRecord {
    return this.orders.insert({
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
      strategy: meta.strategy,
      reason: meta.reason,
      positionId: meta.positionId ?? null,
      at: this.now(),
    });
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
      return this.orders.transition(order.clientOrderId, change);
    } catch (error) {
      this.onProblem(`journal: ${order.clientOrderId} ${current.status} → ${order.status} not applied: ${error instanceof Error ? error.message : String(error)}`);
      return current;
    }
  }

  /**
   * The send failed. Only a clear refusal by the venue ends the order (`rejected`). Anything else —
   * a timeout, a 5xx, lookups that found nothing yet — leaves it `unknown`: the venue may still write
   * it, so the venue's own report or reconciliation decides, never a resend.
   */
  sendFailed(clientOrderId: string, error: unknown): OrderRecord | null {
    const current = this.orders.get(clientOrderId);
    if (current === null || TERMINAL_ORDER_STATUSES.has(current.status)) return current;
    const message = error instanceof Error ? error.message : String(error);
    const definite = isExchangeError(error) && ['invalid_order', 'insufficient_funds', 'auth'].includes(error.kind);
    return this.mark(clientOrderId, definite ? 'rejected' : 'unknown', message);
  }

  /** A decision of Halyard's own (reconciliation, recovery) with a note saying why. */
  mark(clientOrderId: string, status: OrderChange['status'], note: string): OrderRecord | null {
    const current = this.orders.get(clientOrderId);
    if (current === null || current.status === status || TERMINAL_ORDER_STATUSES.has(current.status)) return current;
    try {
      return this.orders.transition(clientOrderId, { status, at: this.now(), note });
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

import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type Fill } from '../exchange/port.js';
import type { Candle } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';
import type { EngineListener } from './events.js';
import { nextExit, retryDelayBars, type ExitState, type PendingExit } from './exits.js';
import type { OrderRouter, OrderTag, RouteOutcome } from './order-router.js';
import type { Position } from './positions.js';
import type { RiskContext, RiskEvent } from './risk-gate.js';
import type { SymbolState } from './symbol-state.js';

/** How an exit is executed in a simulated world (intrabar price); absent for orders sent to an account. */
export type ExitExecution = { readonly price: number; readonly liquidity: 'maker' | 'taker'; readonly time: number };

export interface ExitActionsOptions {
  readonly router: OrderRouter;
  readonly listener: EngineListener;
  readonly riskContext: (s: SymbolState, time: number) => RiskContext;
  readonly onStrategyHookError: (s: SymbolState, error: unknown, time: number) => void;
  readonly report: (s: SymbolState, event: RiskEvent) => void;
  /** Length of a base bar: retries of a pending exit are counted in bars. */
  readonly barMs: number;
  /** True while automatic exits must not send (HALTED): nothing triggers, nothing is retried. */
  readonly paused?: () => boolean;
}

/**
 * Everything that takes quantity out of a position: intrabar TP/SL/trailing/time exits, strategy
 * exits, manual closes, and the bookkeeping of their fills. Each exit order carries exactly one reason,
 * which its fills and closed-trade records inherit.
 *
 * Automatic exits are never lost: a triggered exit becomes the position's `pendingExit` and stays so
 * until its order fills. A refusal (risk, market rules) or a rejection by the venue leaves it pending,
 * retried on later bars with back-off (1, 2, 4 … 60 bars); the take-profit level or the deadline that
 * triggered it is consumed only when it fills. A stop that triggers while a partial exit is pending
 * takes over and sells everything.
 */
export class ExitActions {
  constructor(private readonly options: ExitActionsOptions) {}

  /** Evaluates the position's exit plan against this bar and executes what triggers (see exits.ts). */
  run(s: SymbolState, p: Position, candle: Candle, closeTime: number): void {
    if (this.options.paused?.() === true) return;
    // Several take-profit levels can fill in one bar; a full exit ends the loop by closing the position.
    for (let guard = 0; guard < 16 && s.position === p; guard++) {
      const exits = p.exits;
      const trigger = exits === null ? null : nextExit(exits, candle, closeTime);
      const pending = p.pendingExit;
      if (pending !== null) {
        const takesOver = trigger !== null && trigger.portion === 'all' && pending.quantity !== 'all' && trigger.reason !== pending.reason;
        if (!takesOver) {
          if (pending.orderId === null && closeTime >= pending.retryAt) this.attempt(s, p, pending, closeTime);
          return;
        }
      }
      if (trigger === null || exits === null) return;
      const time = trigger.reason === 'time_exit' ? closeTime : candle.time;
      const quantity = trigger.portion === 'all' ? 'all' : trigger.portion * exits.baseQuantity;
      const next: PendingExit = { reason: trigger.reason, quantity, since: time, attempts: 0, retryAt: closeTime, lastError: null, orderId: null };
      p.pendingExit = next;
      const outcome = this.attempt(s, p, next, closeTime, { price: trigger.price, liquidity: trigger.liquidity, time });
      if (outcome === null || !outcome.ok) return;
    }
  }

  /**
   * A strategy's exit intent: pending until it fills, like a triggered exit. While automatic exits are
   * paused (HALTED) it is refused and not kept: the strategy asks again on later bars if it still wants out.
   */
  request(s: SymbolState, quantity: number | 'all', reason: ExitReason, time: number): RouteOutcome | null {
    const p = s.position;
    if (p === null) return null;
    if (this.options.paused?.() === true) return this.send(s, quantity, reason, time, undefined, null, 'automatic');
    const current = p.pendingExit;
    // An exit already pending for everything covers any further request.
    if (current !== null && current.quantity === 'all') return null;
    const next: PendingExit = { reason, quantity, since: time, attempts: 0, retryAt: time, lastError: null, orderId: null };
    p.pendingExit = next;
    return this.attempt(s, p, next, time);
  }

  /**
   * Sells `qty` (or everything not already being sold) at market with one reason, once: the trader's
   * own act (closing from a position row). A refusal is the answer to that act, not a pending exit.
   */
  exit(s: SymbolState, qty: number | 'all', reason: ExitReason, time: number, act: 'trader' | 'automatic' = 'trader'): RouteOutcome | null {
    return this.send(s, qty, reason, time, undefined, null, act);
  }

  applyExitFill(s: SymbolState, tag: OrderTag, fill: Fill, addRealized: (pnl: number) => void): void {
    const left = s.exitOrders.get(fill.clientOrderId);
    if (left !== undefined) s.exitOrders.set(fill.clientOrderId, Math.max(0, left - fill.amount));
    const p = s.position;
    if (p === null || !p.isOpen) return;
    const trade = p.reduce(Math.min(fill.amount, p.quantity), fill.price, fill.fee, fill.time, tag.exitReason ?? 'manual');
    addRealized(trade.pnl);
    this.options.listener.onTrade?.(trade);
    if (p.isOpen) {
      this.options.listener.onPosition?.(s.symbol, p.view());
      return;
    }
    s.position = null;
    s.lastClosedTradeId = p.tradeId;
    this.endCycle(s, p.tradeId);
    this.options.listener.onPosition?.(s.symbol, null);
    try {
      s.instance?.onPositionClosed?.({ symbol: s.symbol, pnl: p.realizedPnl, reason: trade.reason, time: fill.time });
    } catch (error) {
      this.options.onStrategyHookError(s, error, fill.time);
    }
  }

  /**
   * The position's cycle is over (its last quantity sold, whatever the exit): the entry orders still
   * working under its trade id — the rest of a grid, an add not filled yet — are cancelled in this same
   * turn, so none can fill later and open a position the strategy never asked for. Entries sent after
   * the close carry a new trade id and are left alone.
   */
  private endCycle(s: SymbolState, tradeId: string): void {
    if (s.entryOrders.size === 0) return;
    const { router } = this.options;
    // A copy: on a simulated venue each cancel ends its order (and leaves entryOrders) inside the call.
    for (const id of [...s.entryOrders]) if (router.tagOf(id)?.tradeId === tradeId) router.cancel(id, s.symbol);
  }

  /** An exit order ended: a filled pending exit is done (its level consumed); otherwise it stays pending. */
  orderEnded(s: SymbolState, tag: OrderTag, order: ExchangeOrder, why: string | null): void {
    s.exitOrders.delete(order.clientOrderId);
    const pending = tag.pendingExit;
    const p = s.position;
    if (pending === null || p === null || p.pendingExit !== pending) return;
    if (order.status === 'filled') {
      consume(p.exits, pending);
      p.pendingExit = null;
      return;
    }
    if (pending.quantity !== 'all' && order.filled > 0) pending.quantity = Math.max(0, pending.quantity - order.filled);
    if (pending.quantity !== 'all' && !(pending.quantity > 0)) {
      consume(p.exits, pending);
      p.pendingExit = null;
      return;
    }
    this.failed(s, pending, why ?? `the exit order ended ${order.status}`, this.lastClose(s));
  }

  /** An order failed after it was handed over (refused by the account's gate, rejected by the venue). */
  forget(s: SymbolState, clientOrderId: string, tag: OrderTag, message: string): void {
    s.exitOrders.delete(clientOrderId);
    const pending = tag.pendingExit;
    if (pending !== null && s.position?.pendingExit === pending) this.failed(s, pending, message, this.lastClose(s));
  }

  private attempt(s: SymbolState, p: Position, pending: PendingExit, closeTime: number, execution?: ExitExecution): RouteOutcome | null {
    pending.attempts += 1;
    pending.lastError = null;
    const outcome = this.send(s, pending.quantity, pending.reason, execution?.time ?? closeTime, execution, pending, 'automatic');
    if (outcome === null) {
      // Nothing left to sell beyond what working exit orders already sell: those carry the position out.
      if (p.pendingExit === pending) p.pendingExit = null;
      return null;
    }
    if (!outcome.ok) {
      this.failed(s, pending, outcome.message, closeTime, outcome.stage === 'risk' ? 'exit_blocked' : 'order_rejected');
      return outcome;
    }
    // Filled at once (a simulated venue) → orderEnded already settled it; else it waits for its order.
    if (p.pendingExit === pending && (outcome.order === null || !TERMINAL_ORDER_STATUSES.has(outcome.order.status))) pending.orderId = outcome.clientOrderId;
    return outcome;
  }

  private failed(s: SymbolState, pending: PendingExit, message: string, barClose: number, kind: 'exit_blocked' | 'order_rejected' = 'order_rejected'): void {
    pending.orderId = null;
    pending.lastError = message;
    const bars = retryDelayBars(pending.attempts);
    pending.retryAt = barClose + bars * this.options.barMs;
    this.options.report(s, { time: barClose, kind, detail: `${pending.reason}: ${message} — exit pending, tried again in ${bars} bar${bars === 1 ? '' : 's'}` });
  }

  private send(
    s: SymbolState,
    qty: number | 'all',
    reason: ExitReason,
    time: number,
    execution: ExitExecution | undefined,
    pendingExit: PendingExit | null,
    act: 'trader' | 'automatic',
  ): RouteOutcome | null {
    const p = s.position;
    if (p === null) return null;
    let working = 0;
    if (s.exitOrders.size > 0) for (const left of s.exitOrders.values()) working += left;
    const available = working === 0 ? p.quantity : p.quantity - working;
    if (!(available > 0)) return null;
    const amount = qty === 'all' ? available : Math.min(qty, available);
    const tag: OrderTag = { symbol: s.symbol, tradeId: p.tradeId, purpose: 'exit', reason, exitReason: reason, exits: null, pendingExit, act };
    const risk = this.options.riskContext(s, time);
    // Two literals rather than a spread of an optional part: no extra object per exit.
    const outcome = this.options.router.route(
      execution ? { tag, side: 'sell', type: 'market', amount, referencePrice: s.lastClose, execution, risk } : { tag, side: 'sell', type: 'market', amount, referencePrice: s.lastClose, risk },
    );
    if (!outcome.ok) {
      if (pendingExit === null) this.options.report(s, { time, kind: outcome.stage === 'risk' ? 'exit_blocked' : 'order_rejected', detail: `${reason}: ${outcome.message}` });
      return outcome;
    }
    const order = outcome.order;
    if (order === null) s.exitOrders.set(outcome.clientOrderId, amount);
    else if (!TERMINAL_ORDER_STATUSES.has(order.status)) s.exitOrders.set(outcome.clientOrderId, order.amount - order.filled);
    return outcome;
  }

  private lastClose(s: SymbolState): number {
    return s.lastCandle === null ? 0 : s.lastCandle.time + this.options.barMs;
  }
}

/** The take-profit level or deadline that triggered a now-filled exit is used up. */
function consume(exits: ExitState | null, pending: PendingExit): void {
  if (exits === null) return;
  if (pending.reason === 'take_profit') exits.takeProfits.shift();
  if (pending.reason === 'time_exit') exits.deadline = null;
}

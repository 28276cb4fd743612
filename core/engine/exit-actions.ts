import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type Fill } from '../exchange/port.js';
import type { Candle } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';
import type { EngineListener } from './events.js';
import { nextExit } from './exits.js';
import type { OrderRouter, OrderTag, RouteOutcome } from './order-router.js';
import type { Position } from './positions.js';
import type { RiskContext, RiskEvent } from './risk-gate.js';
import type { SymbolState } from './symbol-state.js';

/**
 * Everything that takes quantity out of a position: intrabar TP/SL/trailing/time exits, strategy
 * exits, manual and emergency closes, and the bookkeeping of their fills. Each exit order carries
 * exactly one reason, which its fills and closed-trade records inherit.
 */
export class ExitActions {
  constructor(
    private readonly router: OrderRouter,
    private readonly listener: EngineListener,
    private readonly riskContext: (s: SymbolState, time: number) => RiskContext,
    private readonly onStrategyHookError: (s: SymbolState, error: unknown, time: number) => void,
    private readonly report: (s: SymbolState, event: RiskEvent) => void,
  ) {}

  /** Evaluates the position's exit plan against this bar and executes what triggers (see exits.ts). */
  run(s: SymbolState, p: Position, candle: Candle, closeTime: number): void {
    // Several take-profit levels can fill in one bar; a full exit ends the loop by closing the position.
    for (let guard = 0; guard < 16 && s.position === p && p.exits !== null; guard++) {
      const exits = p.exits;
      const trigger = nextExit(exits, candle, closeTime);
      if (trigger === null) return;
      if (trigger.reason === 'take_profit') exits.takeProfits.shift();
      if (trigger.reason === 'time_exit') exits.deadline = null;
      const time = trigger.reason === 'time_exit' ? closeTime : candle.time;
      const portion = trigger.portion === 'all' ? 'all' : trigger.portion * exits.baseQuantity;
      const outcome = this.exit(s, portion, trigger.reason, time, { price: trigger.price, liquidity: trigger.liquidity, time });
      if (outcome === null || !outcome.ok) return;
    }
  }

  /** Sells `qty` (or everything not already being sold) at market with one reason. */
  exit(
    s: SymbolState,
    qty: number | 'all',
    reason: ExitReason,
    time: number,
    execution?: { readonly price: number; readonly liquidity: 'maker' | 'taker'; readonly time: number },
  ): RouteOutcome | null {
    const p = s.position;
    if (p === null) return null;
    let pending = 0;
    for (const left of s.exitOrders.values()) pending += left;
    const available = pending === 0 ? p.quantity : p.quantity - pending;
    if (!(available > 0)) return null;
    const amount = qty === 'all' ? available : Math.min(qty, available);
    const tag: OrderTag = { symbol: s.symbol, tradeId: p.tradeId, purpose: 'exit', reason, exitReason: reason, exits: null };
    const outcome = this.router.route({
      tag,
      side: 'sell',
      type: 'market',
      amount,
      referencePrice: s.lastClose,
      ...(execution ? { execution } : {}),
      risk: this.riskContext(s, time),
    });
    if (!outcome.ok) {
      this.report(s, { time, kind: outcome.stage === 'risk' ? 'exit_blocked' : 'order_rejected', detail: `${reason}: ${outcome.message}` });
      return outcome;
    }
    const order = outcome.order;
    if (order === null) s.exitOrders.set(outcome.clientOrderId, amount);
    else if (!TERMINAL_ORDER_STATUSES.has(order.status)) s.exitOrders.set(outcome.clientOrderId, order.amount - order.filled);
    return outcome;
  }

  applyExitFill(s: SymbolState, tag: OrderTag, fill: Fill, addRealized: (pnl: number) => void): void {
    const left = s.exitOrders.get(fill.clientOrderId);
    if (left !== undefined) s.exitOrders.set(fill.clientOrderId, Math.max(0, left - fill.amount));
    const p = s.position;
    if (p === null || !p.isOpen) return;
    const trade = p.reduce(Math.min(fill.amount, p.quantity), fill.price, fill.fee, fill.time, tag.exitReason ?? 'manual');
    addRealized(trade.pnl);
    this.listener.onTrade?.(trade);
    if (p.isOpen) {
      this.listener.onPosition?.(s.symbol, p.view());
      return;
    }
    s.position = null;
    s.lastClosedTradeId = p.tradeId;
    this.listener.onPosition?.(s.symbol, null);
    try {
      s.instance?.onPositionClosed?.({ symbol: s.symbol, pnl: p.realizedPnl, reason: trade.reason, time: fill.time });
    } catch (error) {
      this.onStrategyHookError(s, error, fill.time);
    }
  }

  orderEnded(s: SymbolState, order: ExchangeOrder): void {
    s.exitOrders.delete(order.clientOrderId);
  }

  forget(s: SymbolState, clientOrderId: string): void {
    s.exitOrders.delete(clientOrderId);
  }
}

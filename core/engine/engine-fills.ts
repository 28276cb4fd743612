import { fmt } from '../exchange/precision.js';
import type { SimulatedVenue } from '../exchange/paper-venue.js';
import { TERMINAL_ORDER_STATUSES, type ExchangeOrder, type Fill } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';
import type { EngineListener } from './events.js';
import type { ExitActions } from './exit-actions.js';
import { planState } from './exits.js';
import type { OrderRouter, OrderTag, SubmitRefusal } from './order-router.js';
import { Position } from './positions.js';
import type { RiskEvent } from './risk-gate.js';
import type { SymbolState } from './symbol-state.js';

export interface EngineFillsOptions {
  readonly router: OrderRouter;
  readonly exitActions: ExitActions;
  readonly listener: EngineListener;
  /** The simulated venue of a backtest (why it rejected an order); null for an account. */
  readonly venue: SimulatedVenue | null;
  readonly baseMs: number;
  readonly state: (symbol: MarketSymbol) => SymbolState | undefined;
  readonly newTradeId: () => string;
  readonly addRealized: (pnl: number) => void;
  readonly report: (s: SymbolState, event: RiskEvent) => void;
}

/**
 * The engine's side of order updates: fills of its own orders into its positions (entries add tranches
 * and arm the entry's exit plan, exits reduce FIFO), orders that ended or were refused after they were
 * handed over, and fills of the configuration's orders that it did not send (a flatten, a close from
 * outside, an entry left working by an earlier run) so it never believes in a position that is gone.
 */
export class EngineFills {
  constructor(private readonly options: EngineFillsOptions) {}

  onOrderUpdate(order: ExchangeOrder, fills: readonly Fill[]): void {
    const { router, exitActions, listener } = this.options;
    const tag = router.tagOf(order.clientOrderId);
    if (tag === undefined) return;
    const s = this.options.state(tag.symbol);
    if (s === undefined) return;
    for (let i = 0; i < fills.length; i++) {
      const fill = fills[i]!;
      let tradeId = tag.tradeId;
      if (fill.side === 'buy') tradeId = this.applyEntryFill(s, tag, fill);
      else exitActions.applyExitFill(s, tag, fill, this.options.addRealized);
      listener.onFill?.({
        id: fill.id,
        orderId: fill.clientOrderId,
        tradeId,
        symbol: fill.symbol,
        side: fill.side,
        time: fill.time,
        price: fill.price,
        qty: fill.amount,
        fee: fill.fee,
        liquidity: fill.liquidity,
        purpose: tag.purpose,
        reason: tag.exitReason ?? tag.reason,
      });
    }
    if (TERMINAL_ORDER_STATUSES.has(order.status)) this.orderEnded(s, tag, order);
  }

  /** An order the account's pipeline refused (or could not send) after route() had returned. */
  asyncFailure(tag: OrderTag, clientOrderId: string, message: string, stage: SubmitRefusal['stage']): void {
    const s = this.options.state(tag.symbol);
    this.options.router.forget(clientOrderId);
    if (s === undefined) return;
    s.entryOrders.delete(clientOrderId);
    if (tag.purpose === 'exit') {
      this.options.exitActions.forget(s, clientOrderId, tag, message);
      if (tag.pendingExit !== null) return;
    } else if (s.position === null && s.entryOrders.size === 0) s.pendingTradeId = null;
    const time = s.lastCandle === null ? 0 : s.lastCandle.time + this.options.baseMs;
    const kind = stage === 'risk' ? (tag.purpose === 'exit' ? 'exit_blocked' : 'entry_blocked') : 'order_rejected';
    this.options.report(s, { time, kind, detail: `${tag.symbol}: ${message}` });
  }

  /** A sell the engine did not send: closes up to `fill.amount` of the position with `reason`; returns the quantity taken. */
  applyExternalExit(fill: Fill, reason: ExitReason): number {
    const s = this.options.state(fill.symbol);
    const p = s?.position;
    if (s === undefined || p === null || p === undefined || !p.isOpen || fill.side !== 'sell' || !(fill.amount > 0)) return 0;
    // What the venue cannot sell (below one amount step) is dust, not a position to keep.
    const rest = p.quantity - fill.amount;
    const qty = rest < s.rules.amountStep ? p.quantity : fill.amount;
    const share: Fill = { ...fill, amount: qty, fee: fill.fee * Math.min(1, qty / fill.amount) };
    const tag: OrderTag = { symbol: s.symbol, tradeId: p.tradeId, purpose: 'exit', reason, exitReason: reason, exits: null, pendingExit: null, act: 'trader' };
    this.options.exitActions.applyExitFill(s, tag, share, this.options.addRealized);
    this.options.listener.onFill?.({ id: fill.id, orderId: fill.clientOrderId, tradeId: p.tradeId, symbol: fill.symbol, side: 'sell', time: fill.time, price: fill.price, qty, fee: share.fee, liquidity: fill.liquidity, purpose: 'exit', reason });
    return Math.min(qty, fill.amount);
  }

  /** A buy the engine did not send: added to the position, opening it under `tradeId` if needed. */
  applyExternalEntry(fill: Fill, tradeId: string): void {
    const s = this.options.state(fill.symbol);
    if (s === undefined || fill.side !== 'buy' || !(fill.amount > 0)) return;
    const tag: OrderTag = { symbol: s.symbol, tradeId: s.position?.tradeId ?? tradeId, purpose: s.position === null ? 'enter' : 'add', reason: 'filled while no engine ran', exitReason: null, exits: null, pendingExit: null, act: 'automatic' };
    const id = this.applyEntryFill(s, tag, fill);
    this.options.listener.onFill?.({ id: fill.id, orderId: fill.clientOrderId, tradeId: id, symbol: fill.symbol, side: 'buy', time: fill.time, price: fill.price, qty: fill.amount, fee: fill.fee, liquidity: fill.liquidity, purpose: tag.purpose, reason: tag.reason });
  }

  /** Adds an entry fill to the position (opening it if needed); returns the position's trade id. */
  private applyEntryFill(s: SymbolState, tag: OrderTag, fill: Fill): string {
    let p = s.position;
    const opened = p === null;
    if (p === null) {
      const tradeId = tag.tradeId === s.lastClosedTradeId ? this.options.newTradeId() : tag.tradeId;
      p = new Position(tradeId, s.symbol, fill.time, fill.price);
      s.position = p;
      s.pendingTradeId = null;
    }
    p.addFill(fill.clientOrderId, fill.amount, fill.price, fill.fee, fill.time);
    if (tag.exits !== null && p.exitsSource !== tag.exits) {
      p.exits = planState(tag.exits, p);
      p.exitsSource = tag.exits;
    } else if (opened && s.pendingExits !== null) {
      p.exits = planState(s.pendingExits, p);
      p.exitsSource = s.pendingExits;
    } else if (p.exits !== null) p.exits.baseQuantity = p.quantity;
    s.pendingExits = null;
    this.options.listener.onPosition?.(s.symbol, p.view());
    return p.tradeId;
  }

  private orderEnded(s: SymbolState, tag: OrderTag, order: ExchangeOrder): void {
    const { venue } = this.options;
    this.options.router.forget(order.clientOrderId);
    s.entryOrders.delete(order.clientOrderId);
    const rejected = order.status === 'rejected' || (order.status === 'canceled' && venue?.rejectionReason(order.clientOrderId));
    const why = rejected ? (venue?.rejectionReason(order.clientOrderId) ?? 'rejected by the exchange') : null;
    this.options.exitActions.orderEnded(s, tag, order, why);
    if (s.position === null && s.entryOrders.size === 0) s.pendingTradeId = null;
    if (rejected && tag.pendingExit === null) this.options.report(s, { time: order.updatedAt, kind: 'order_rejected', detail: `${tag.symbol} ${order.side} ${fmt(order.amount)}: ${why}` });
  }
}

import type { Candle } from '../market/candle.js';
import type { ExitPlan, ExitReason } from '../strategies/contract.js';

/** A position's live exit plan: the strategy's ExitPlan plus what has happened since. */
export interface ExitState {
  stopLoss: number | null;
  /** Remaining take-profit levels, lowest first; `fraction` is of `baseQuantity`. */
  takeProfits: { price: number; fraction: number }[];
  /** The position size the take-profit fractions refer to. */
  baseQuantity: number;
  trailing: { activationPrice: number; distancePct: number; active: boolean; stop: number } | null;
  /** Close time at or after which the position is closed with `time_exit`; null = none. */
  deadline: number | null;
  /**
   * True when the take-profit fractions sum to the whole position: the last level then sells what is
   * left (no dust). When they sum to less, the last level sells its fraction and the rest keeps running.
   */
  lastTakeProfitClosesAll: boolean;
}

/**
 * An automatic exit that triggered and has not filled yet. The take-profit level or deadline that
 * triggered it is consumed only when its order fills, so a refused or rejected exit is retried (with
 * back-off, on bars) until the position is closed or the trader intervenes.
 */
export interface PendingExit {
  readonly reason: ExitReason;
  /** Base quantity still to sell, or `all`. */
  quantity: number | 'all';
  readonly since: number;
  attempts: number;
  /** Close time of the first bar at which it is tried again. */
  retryAt: number;
  /** Why the last attempt did not go through (a refusal, a venue rejection); null while working. */
  lastError: string | null;
  /** The working order that carries it, if any. */
  orderId: string | null;
}

/** Bars to wait before the n-th retry of a pending exit: 1, 2, 4, … capped at an hour of 1m bars. */
export function retryDelayBars(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

export interface ExitTrigger {
  readonly reason: ExitReason;
  /** The assumed fill price before the venue's slippage. */
  readonly price: number;
  readonly liquidity: 'maker' | 'taker';
  /** Fraction of `baseQuantity` to sell, or `all`. */
  readonly portion: number | 'all';
}

export function exitStateFrom(plan: ExitPlan, openedAt: number, quantity: number, highest: number): ExitState {
  const trailing = plan.trailing
    ? { activationPrice: plan.trailing.activationPrice, distancePct: plan.trailing.distancePct, active: false, stop: -Infinity }
    : null;
  const takeProfits = [...(plan.takeProfits ?? [])].sort((a, b) => a.price - b.price).map((level) => ({ ...level }));
  const state: ExitState = {
    stopLoss: plan.stopLoss ?? null,
    takeProfits,
    baseQuantity: quantity,
    trailing,
    deadline: plan.maxHoldMs !== undefined ? openedAt + plan.maxHoldMs : null,
    lastTakeProfitClosesAll: takeProfits.reduce((sum, level) => sum + level.fraction, 0) >= 1 - 1e-9,
  };
  advanceTrailing(state, highest);
  return state;
}

/** The live exit state for a plan on a position, or null when the plan sets no exit at all. */
export function planState(plan: ExitPlan, p: { readonly openedAt: number; readonly quantity: number; readonly highest: number }): ExitState | null {
  const state = exitStateFrom(plan, p.openedAt, p.quantity, p.highest);
  return hasExits(state) ? state : null;
}

export function hasExits(state: ExitState): boolean {
  return state.stopLoss !== null || state.takeProfits.length > 0 || state.trailing !== null || state.deadline !== null;
}

/**
 * The next exit this bar triggers, under these fill assumptions (we only know the bar's OHLC):
 * 1. Stops first (conservative when a bar spans both stop and target): if the bar OPENS at or below
 *    the stop it fills at the open (gapped through), else if its low touches the stop it fills at the
 *    stop price. Taker. The stop is the higher of the stop loss and the trailing stop; the reason is
 *    `trailing_stop` only when the trailing stop was active and is the binding one.
 * 2. Take profits: a level fills at its own price when the bar trades through it (high > level), as a
 *    resting limit would (maker).
 * 3. Time exit: at the close of the first bar that ends at or after the deadline, at the close.
 * Trailing stops move only between bars (using highs of completed bars), never on the bar being tested,
 * because within a bar we cannot know whether the high came before the low.
 */
export function nextExit(state: ExitState, candle: Candle, closeTime: number): ExitTrigger | null {
  const stop = bindingStop(state);
  if (stop !== null) {
    if (candle.open <= stop.price) return { reason: stop.reason, price: candle.open, liquidity: 'taker', portion: 'all' };
    if (candle.low <= stop.price) return { reason: stop.reason, price: stop.price, liquidity: 'taker', portion: 'all' };
  }
  const target = state.takeProfits[0];
  if (target !== undefined && candle.high > target.price) {
    const last = state.takeProfits.length === 1 && state.lastTakeProfitClosesAll;
    return { reason: 'take_profit', price: target.price, liquidity: 'maker', portion: last ? 'all' : target.fraction };
  }
  if (state.deadline !== null && closeTime >= state.deadline) return { reason: 'time_exit', price: candle.close, liquidity: 'taker', portion: 'all' };
  return null;
}

/** The stop a position is stopped out at now (its stop loss, or its trailing stop once armed and higher); null: none. */
export function bindingStop(state: ExitState): { price: number; reason: 'stop_loss' | 'trailing_stop' } | null {
  const trailing = state.trailing;
  if (trailing !== null && trailing.active && (state.stopLoss === null || trailing.stop > state.stopLoss)) {
    return { price: trailing.stop, reason: 'trailing_stop' };
  }
  return state.stopLoss === null ? null : { price: state.stopLoss, reason: 'stop_loss' };
}

/** After a bar: arm the trailing stop once the high reached its activation price, then ratchet it up. */
export function advanceTrailing(state: ExitState, highest: number): void {
  const trailing = state.trailing;
  if (trailing === null) return;
  if (!trailing.active && highest >= trailing.activationPrice) trailing.active = true;
  if (trailing.active) trailing.stop = Math.max(trailing.stop, highest * (1 - trailing.distancePct / 100));
}

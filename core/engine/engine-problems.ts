import type { StrategyError } from '../strategies/strategy-error.js';
import type { EngineListener } from './events.js';
import type { RiskEvent } from './risk-gate.js';
import type { SymbolState } from './symbol-state.js';

/** Reports a risk event, dropping an exact repeat of the symbol's previous one (same kind and detail). */
export function reportOnce(s: SymbolState, event: RiskEvent, listener: EngineListener): void {
  const key = `${event.kind}\u0000${event.detail}`;
  if (key === s.lastEventKey) return;
  s.lastEventKey = key;
  listener.onRiskEvent?.(event);
}

/**
 * A strategy instance failed: the error is told and recorded; the instance is stopped for the symbol when
 * the error is fatal (a sandboxed file over its budget or memory cap) or after `maxInARow` errors in a row.
 */
export function strategyFailed(s: SymbolState, error: StrategyError, time: number, listener: EngineListener, maxInARow: number): void {
  listener.onStrategyError?.(error);
  reportOnce(s, { time, kind: 'strategy_error', detail: error.message }, listener);
  s.consecutiveErrors++;
  if (s.instance === null) return;
  const name = error.strategy;
  if (error.fatal) {
    s.instance.dispose?.();
    s.instance = null;
    listener.onRiskEvent?.({ time, kind: 'strategy_disabled', detail: `${name} on ${s.symbol} stopped: ${error.message}` });
  } else if (s.consecutiveErrors >= maxInARow) {
    s.instance.dispose?.();
    s.instance = null;
    listener.onRiskEvent?.({ time, kind: 'strategy_disabled', detail: `${name} on ${s.symbol} stopped after ${s.consecutiveErrors} errors in a row` });
  }
}

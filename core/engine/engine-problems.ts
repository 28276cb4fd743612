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
 * A malformed intent (phase `intent`) is an error of the call that returned it: counted once that call's
 * intents are all applied (`decisionApplied`), however many of them were malformed.
 */
export function strategyFailed(s: SymbolState, error: StrategyError, time: number, listener: EngineListener, maxInARow: number): void {
  listener.onStrategyError?.(error);
  reportOnce(s, { time, kind: 'strategy_error', detail: error.message }, listener);
  if (error.phase === 'intent') s.malformedIntent ??= error;
  else countFailure(s, error, time, listener, maxInARow);
}

/**
 * A decision's intents were applied: a call that returned a malformed one counts as an error in a row
 * (a file returning garbage every bar stops like one that throws every bar); a clean one ends the row.
 */
export function decisionApplied(s: SymbolState, time: number, listener: EngineListener, maxInARow: number): void {
  const malformed = s.malformedIntent;
  s.malformedIntent = null;
  if (malformed === null) s.consecutiveErrors = 0;
  else countFailure(s, malformed, time, listener, maxInARow);
}

function countFailure(s: SymbolState, error: StrategyError, time: number, listener: EngineListener, maxInARow: number): void {
  s.consecutiveErrors++;
  if (s.instance === null) return;
  const name = error.strategy;
  const detail = error.fatal ? `${name} on ${s.symbol} stopped: ${error.message}` : s.consecutiveErrors >= maxInARow ? `${name} on ${s.symbol} stopped after ${s.consecutiveErrors} errors in a row` : null;
  if (detail === null) return;
  s.instance.dispose?.();
  s.instance = null;
  listener.onRiskEvent?.({ time, kind: 'strategy_disabled', detail });
  listener.onStrategyStopped?.(s.symbol, detail);
}

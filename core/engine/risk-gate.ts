import type { Candle, MarketSymbol } from '../market/candle.js';
import type { OrderSide, OrderType } from '../exchange/port.js';
import type { PositionView } from '../strategies/contract.js';

/** An order the router has sized and rounded, before it may be sent. */
export interface ProposedOrder {
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly amount: number;
  /** Limit price, or the reference price (last close) for market orders. */
  readonly price: number;
  readonly notional: number;
  /** `enter`/`add` open or grow exposure; `exit` reduces it. */
  readonly purpose: 'enter' | 'add' | 'exit';
  readonly reason: string;
  readonly strategy: string;
  readonly tradeId: string;
  /** `trader`: the trader's own act through the engine (closing from a row); absent: the strategy's. */
  readonly act?: 'trader' | 'automatic';
}

export interface RiskContext {
  readonly time: number;
  /** Account value in quote currency (cash + positions at the last close). */
  readonly equity: number;
  /** Unreserved quote balance where the venue knows it synchronously (paper, backtest); null live. */
  readonly freeCash: number | null;
  readonly position: PositionView | null;
  /** Open positions of this engine across symbols. */
  readonly openPositions: number;
}

/** A refusal names the rule that refused where the gate has one (repeats of a rule are one episode). */
export type RiskDecision = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly rule?: string };

/** Something the risk layer wants on the record: `regime:PANIC`, `entry_blocked`, `cooldown`, `breaker`, … */
export interface RiskEvent {
  readonly time: number;
  readonly kind: string;
  readonly detail: string;
}

/** One base bar as the risk gate observes it; valid during the `observe` call only (the engine reuses it). */
export interface ObservedBar {
  readonly symbol: MarketSymbol;
  readonly candle: Candle;
  readonly benchmark: Candle | null;
  readonly equity: number;
}

/**
 * The pre-trade hook every order passes (issue 6 implements the real guards). `observe` sees every
 * base bar (and the benchmark's bar at the same time, when a benchmark series is given) so a regime
 * module can change state and report it.
 */
export interface RiskGate {
  check(order: ProposedOrder, context: RiskContext): RiskDecision;
  /** `equity` is the engine's account value at this bar's close (the daily-loss breaker watches it). */
  observe?(input: ObservedBar): readonly RiskEvent[];
  /**
   * Scales new entries (enter/add) before they are rounded: the regime's CAUTION 0.5, EUPHORIA 0.7.
   * 0 (PANIC) leaves the size alone so that `check` refuses the entry with its reason.
   */
  sizeMultiplier?(symbol: MarketSymbol): number;
}

const OK: RiskDecision = { ok: true };

/** Lets everything through: the default until the risk module is wired in. */
export const passThroughRiskGate: RiskGate = {
  check: () => OK,
};

import type { PositionView } from '../strategies/contract.js';
import type { RiskContext } from './risk-gate.js';
import type { SymbolState } from './symbol-state.js';

/** What the engine can tell the risk gate, computed only when the gate asks. */
export interface RiskFacts {
  equity(): number;
  freeCash(s: SymbolState): number | null;
  openPositions(): number;
}

/**
 * The risk context of one order, lazily: a pass-through gate reads nothing, so a backtest does not
 * pay for marking equity and reading balances on every order.
 */
export class LazyRiskContext implements RiskContext {
  private cachedEquity: number | undefined;
  private cachedFree: number | null | undefined;
  private cachedOpen: number | undefined;

  constructor(
    readonly time: number,
    private readonly facts: RiskFacts,
    private readonly state: SymbolState,
  ) {}

  get equity(): number {
    return (this.cachedEquity ??= this.facts.equity());
  }

  get freeCash(): number | null {
    if (this.cachedFree === undefined) this.cachedFree = this.facts.freeCash(this.state);
    return this.cachedFree;
  }

  get position(): PositionView | null {
    return this.state.position === null ? null : this.state.position.view();
  }

  get openPositions(): number {
    return (this.cachedOpen ??= this.facts.openPositions());
  }
}

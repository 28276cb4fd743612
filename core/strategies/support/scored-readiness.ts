import type { StrategyContext } from '../contract.js';
import { componentsOf, scoreOf, type Readiness } from './scoring.js';

/**
 * A built-in strategy whose readiness is a weighted score of named parts: `readiness` is the score,
 * `readinessComponents` the parts (the Scanner lists them). Subclasses say what the parts are.
 */
export abstract class ScoredReadiness {
  readiness(ctx: StrategyContext): number {
    return scoreOf(this.readinessParts(ctx));
  }

  readinessComponents(ctx: StrategyContext): Record<string, number> {
    return componentsOf(this.readinessParts(ctx));
  }

  protected abstract readinessParts(ctx: StrategyContext): Readiness;
}

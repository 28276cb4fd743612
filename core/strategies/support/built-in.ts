import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyRequirements } from '../contract.js';

type BuiltInParts<P> = Omit<StrategyDefinition<P>, 'apiVersion' | 'timeframes' | 'warmupBars' | 'requirements'> & {
  requirements(params: P): StrategyRequirements;
};

/**
 * A built-in strategy's definition. Its plain `timeframes` / `warmupBars` are its requirements at the
 * default parameters, so the two can't drift apart.
 */
export function builtInStrategy<P>(parts: BuiltInParts<P>): StrategyDefinition<P> {
  return { apiVersion: STRATEGY_API_VERSION, ...parts, ...parts.requirements(parts.params.parse({})) };
}

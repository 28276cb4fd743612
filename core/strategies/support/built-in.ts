import type { z } from 'zod';
import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyRequirements } from '../contract.js';

type BuiltInParts<P> = Omit<StrategyDefinition<P>, 'apiVersion' | 'params' | 'timeframes' | 'warmupBars' | 'requirements'> & {
  /** The parameter schema, built on first use (`lazySchema`): a process that runs another strategy never builds it. */
  params(): z.ZodType<P>;
  requirements(params: P): StrategyRequirements;
};

/**
 * A built-in strategy's definition. Its plain `timeframes` / `warmupBars` are its requirements at the
 * default parameters, so the two can't drift apart; they, like `params`, are worked out when first read.
 */
export function builtInStrategy<P>({ params, ...parts }: BuiltInParts<P>): StrategyDefinition<P> {
  let atDefaults: StrategyRequirements | undefined;
  const defaults = () => (atDefaults ??= parts.requirements(params().parse({})));
  return {
    apiVersion: STRATEGY_API_VERSION,
    ...parts,
    get params() {
      return params();
    },
    get timeframes() {
      return defaults().timeframes;
    },
    get warmupBars() {
      return defaults().warmupBars;
    },
  };
}

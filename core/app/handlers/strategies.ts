import { ApiError, paramIssues } from '../../api/errors.js';
import type { SignalRepository } from '../../store/repositories/signals.js';
import { ConfigRefused, UnknownConfigError } from '../../runner/errors.js';
import type { StrategyRunner } from '../../runner/strategy-runner.js';
import type { HandlerMap } from './merge.js';

/** `strategies.configs|save|setEnabled|signals|levels`: the runner's configurations as the Strategies tab sees them. */
export function strategyHandlers(runner: StrategyRunner, signals: SignalRepository): HandlerMap {
  return {
    'strategies.configs': async () => runner.statuses(),
    'strategies.save': async (input) => configCall(() => runner.save(input, { knownParamsOnly: true })),
    'strategies.setEnabled': async ({ name, enabled }) => configCall(() => runner.setEnabled(name, enabled)),
    'strategies.signals': async ({ name, limit }) =>
      signals.recent({ limit, ...(name ? { strategy: name } : {}) }).map((signal) => ({
        id: signal.id,
        time: signal.time,
        strategy: signal.strategy,
        symbol: signal.symbol,
        kind: signal.kind,
        score: signal.score,
        components: { ...signal.components },
        reason: signal.reason,
        outcome: signal.outcome,
      })),
    'strategies.levels': async ({ symbol }) => runner.levelsOf(symbol),
  };
}

async function configCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownConfigError) throw new ApiError('not_found', error.message, [{ path: 'name', message: error.message }]);
    if (error instanceof ConfigRefused) throw new ApiError(error.kind, error.message, error.paramIssues.length > 0 ? paramIssues(error.paramIssues) : [{ path: error.field, message: error.message }]);
    throw error;
  }
}

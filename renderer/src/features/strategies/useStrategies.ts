import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useBacktestStore } from '../../stores/backtest';
import { syncViewStateWithCore } from '../../stores/persisted';

/** Loads the strategy list (built-ins and the trader's files) once per session. */
export function useStrategies(): { error: string | null; reload(): void } {
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    // The form the core kept is in place before the list shows it, so it is checked against the list.
    Promise.all([api.call('strategies.list', {}), syncViewStateWithCore()])
      .then(([{ strategies, failures }]) => {
        useBacktestStore.getState().setStrategies(strategies, failures);
        const { setup, sweep, setSweep, update } = useBacktestStore.getState();
        // A kept form whose strategy is gone (a file removed) starts from the first one; the rest stays, but not the other strategy's ranges.
        if (!strategies.some((entry) => entry.name === setup.strategy) && strategies[0]) {
          if (setup.strategy) setSweep({ ...sweep, ranges: {} });
          update({ strategy: strategies[0].name });
        }
        setError(null);
      })
      .catch((reason: unknown) => setError(describeError(reason)));
  };
  useEffect(() => {
    if (useBacktestStore.getState().strategies === null) load();
  }, []);
  return { error, reload: load };
}

/**
 * A strategy file is listed by name until the trader picks it; picking it reads it in its sandbox
 * (`strategies.describe`) for its description and parameter form. Returns why it could not be read.
 */
export function useDescribed(name: string | undefined): string | null {
  const info = useBacktestStore((s) => s.strategies?.find((entry) => entry.name === name));
  const [problem, setProblem] = useState<string | null>(null);
  const pending = info !== undefined && !info.builtin && !info.described;
  useEffect(() => {
    setProblem(null);
    if (!pending || name === undefined) return;
    let current = true;
    api
      .call('strategies.describe', { name })
      .then((described) => {
        const { strategies, failures } = useBacktestStore.getState();
        if (current && strategies) useBacktestStore.getState().setStrategies(strategies.map((entry) => (entry.name === name ? described : entry)), failures);
      })
      .catch((reason: unknown) => {
        if (current) setProblem(describeError(reason));
      });
    return () => {
      current = false;
    };
  }, [name, pending]);
  return problem;
}

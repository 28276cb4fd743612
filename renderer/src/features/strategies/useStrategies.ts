import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useBacktestStore } from '../../stores/backtest';

/** Loads the strategy list (built-ins and the trader's files) once per session. */
export function useStrategies(): { error: string | null; reload(): void } {
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    api
      .call('strategies.list', {})
      .then(({ strategies, failures }) => {
        useBacktestStore.getState().setStrategies(strategies, failures);
        const setup = useBacktestStore.getState().setup;
        if (!setup.strategy && strategies[0]) useBacktestStore.getState().update({ strategy: strategies[0].name });
        setError(null);
      })
      .catch((reason: unknown) => setError(describeError(reason)));
  };
  useEffect(() => {
    if (useBacktestStore.getState().strategies === null) load();
  }, []);
  return { error, reload: load };
}

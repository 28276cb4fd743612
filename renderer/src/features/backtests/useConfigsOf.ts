import { useEffect, useState } from 'react';
import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

/** The saved configurations of one strategy (null while loading), and why they could not be listed. */
export function useConfigsOf(strategy: string): { configs: StrategyConfigView[] | null; error: string | null } {
  const [configs, setConfigs] = useState<StrategyConfigView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .call('strategies.configs', {})
      .then((all) => live && setConfigs(all.filter((c) => c.strategy === strategy)))
      .catch((reason: unknown) => live && setError(describeError(reason)));
    return () => {
      live = false;
    };
  }, [strategy]);
  return { configs, error };
}

import { useCallback, useEffect, useState } from 'react';
import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

/**
 * The saved configurations of one strategy (null while loading), why they could not be listed, and
 * `replace` to show a configuration as the core just saved it (its new version, not the one listed before).
 */
export function useConfigsOf(strategy: string): { configs: StrategyConfigView[] | null; error: string | null; replace(saved: StrategyConfigView): void } {
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
  const replace = useCallback((saved: StrategyConfigView) => setConfigs((list) => list?.map((c) => (c.name === saved.name ? saved : c)) ?? list), []);
  return { configs, error, replace };
}

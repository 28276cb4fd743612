import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

/**
 * Loads an orchestrator view and keeps it current: again whenever the core says the configuration (or
 * account) changed, and every few seconds for figures that move with the market (used capital, edge).
 */
export function useOrchestrated<T>(load: () => Promise<T>, match: { config?: string; account?: string }, refreshMs = 5_000): { value: T | null; error: string | null; reload: () => void; set: (value: T) => void } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { config, account } = match;
  const reload = useCallback(() => {
    load()
      .then((next) => {
        setValue(next);
        setError(null);
      })
      .catch((reason: unknown) => setError(describeError(reason)));
    // `load` is rebuilt every render; what it loads is keyed by config and account.
  }, [config, account]);
  useEffect(() => {
    reload();
    const off = api.on('orchestrator.updated', (changed) => {
      if ((config !== undefined && changed.config === config) || (account !== undefined && changed.account === account)) reload();
    });
    const timer = setInterval(reload, refreshMs);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [reload, config, account, refreshMs]);
  return { value, error, reload, set: setValue };
}

import { useCallback, useEffect, useState } from 'react';
import type { RiskStateView } from '../../../../core/api/contract/risk';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

const POLL_MS = 2_000;

/** The risk snapshot (regime, limits, locks, breaker), refreshed while shown and on every risk event. */
export function useRiskState(): { state: RiskStateView | null; error: string | null; refresh(): void; setState(state: RiskStateView): void } {
  const [state, setState] = useState<RiskStateView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    api
      .call('risk.state', {})
      .then((next) => {
        setState(next);
        setError(null);
      })
      .catch((reason: unknown) => setError(describeError(reason)));
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const off = api.on('risk.event', refresh);
    return () => {
      clearInterval(timer);
      off();
    };
  }, [refresh]);
  return { state, error, refresh, setState };
}

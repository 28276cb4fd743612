import { useCallback, useEffect, useRef, useState } from 'react';
import type { RiskStateView } from '../../../../core/api/contract/risk';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

const POLL_MS = 2_000;

/**
 * One account's risk snapshot (regime, limits, locks, breaker), refreshed while shown and on every risk
 * event. An answer for an account no longer shown (the trader switched meanwhile) is dropped.
 */
export function useRiskState(account: string): { state: RiskStateView | null; error: string | null; refresh(): void } {
  const [shown, setShown] = useState<{ account: string; state: RiskStateView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(account);
  latest.current = account;
  const refresh = useCallback(() => {
    api
      .call('risk.state', { account })
      .then((state) => {
        if (latest.current !== account) return;
        setShown({ account, state });
        setError(null);
      })
      .catch((reason: unknown) => {
        if (latest.current === account) setError(describeError(reason));
      });
  }, [account]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const off = api.on('risk.event', refresh);
    return () => {
      clearInterval(timer);
      off();
    };
  }, [refresh]);
  return { state: shown?.account === account ? shown.state : null, error, refresh };
}

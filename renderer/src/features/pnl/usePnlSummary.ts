import { useEffect, useState } from 'react';
import type { PnlSummaryView } from '../../../../core/api/contract/pnl';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useHostStore } from '../../stores/host';

/** Open positions' P&L moves with every price: re-read this often while the tab is shown. */
const REFRESH_MS = 5_000;
/** Fills arrive in bursts (a market order's partial fills): one request per burst. */
const BURST_MS = 250;

/**
 * The core's P&L summary, loaded while the P&L tab is mounted: on connect, after every fill or
 * position change, and periodically for unrealized P&L. One request at a time.
 */
export function usePnlSummary(): { summary: PnlSummaryView | null; error: string | null } {
  const connected = useHostStore((s) => s.connected);
  const [state, setState] = useState<{ summary: PnlSummaryView | null; error: string | null }>({ summary: null, error: null });
  useEffect(() => {
    if (!connected) return;
    let disposed = false;
    let inFlight = false;
    let again = false;
    let burst: ReturnType<typeof setTimeout> | null = null;
    const load = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        do {
          again = false;
          const summary = await api.call('pnl.summary', {});
          if (!disposed) setState({ summary, error: null });
        } while (again && !disposed);
      } catch (reason) {
        if (!disposed) setState((s) => ({ summary: s.summary, error: describeError(reason) }));
      } finally {
        inFlight = false;
      }
    };
    const soon = () => {
      burst ??= setTimeout(() => {
        burst = null;
        void load();
      }, BURST_MS);
    };
    void load();
    const offs = [api.on('fills.new', soon), api.on('positions.updated', soon)];
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      disposed = true;
      offs.forEach((off) => off());
      clearInterval(timer);
      if (burst) clearTimeout(burst);
    };
  }, [connected]);
  return state;
}

import type { PnlSummaryView } from '../../../../core/api/contract/pnl';
import { api } from '../../api/client';
import { useLiveQuery } from '../../app/useLiveQuery';

/** Open positions' P&L moves with every price: re-read this often while the tab is shown. */
const REFRESH_MS = 5_000;

/**
 * The core's P&L summary, loaded while the P&L tab is mounted: on connect, after every fill or
 * position change, and periodically for unrealized P&L. One request at a time.
 */
export function usePnlSummary(): { summary: PnlSummaryView | null; error: string | null } {
  const { data, error } = useLiveQuery(() => api.call('pnl.summary', {}), { events: ['fills.new', 'positions.updated'], refreshMs: REFRESH_MS });
  return { summary: data, error };
}

import { useEffect, useState } from 'react';
import type { Difference } from '../../../../core/api/contract/risk';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useHostStore } from '../../stores/host';
import { reconciledMarketsText } from './reconciled-markets';

const KIND_LABEL: Record<Difference['kind'], string> = {
  untracked_order: 'Order on the exchange that Halyard did not place',
  missing_order: 'Order Halyard expected that the exchange does not have',
  untracked_fill: 'Fill Halyard did not know about',
  balance_short: 'Balance lower than Halyard expected',
};

/** What reconciliation found that differs from our journal; the trader adopts, ignores or cancels each. */
export function Differences() {
  const [items, setItems] = useState<Difference[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Accounts whose last reconciliation failed (retried on their own): their journal is not known to match.
  const liveAccounts = useHostStore((s) => s.status?.liveAccounts) ?? [];
  const failed = liveAccounts.flatMap((health) => (health.reconcile ? [{ account: health.account, note: health.reconcile.note }] : []));
  // Venues list trades per market: which ones were read says whether a trade made on the venue's website was found.
  const serverTime = useHostStore((s) => s.status?.serverTime) ?? Date.now();
  const markets = liveAccounts.flatMap((health) => (health.reconciled && !health.reconcile ? reconciledMarketsText(health.account, health.reconciled, serverTime) : []));
  useEffect(() => {
    api.call('risk.differences', {}).then(setItems).catch((reason: unknown) => setError(describeError(reason)));
    // Reconciliation also runs on start, reconnect and wake; its report replaces the list.
    return api.on('risk.reconciled', (report) => setItems(report.differences));
  }, []);
  const act = async (fn: () => Promise<Difference[]>) => {
    setBusy(true);
    setError(null);
    try {
      setItems(await fn());
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  const reconcile = () => act(async () => (await api.call('risk.reconcile', { trigger: 'manual' })).differences);
  return (
    <section className="risk-section" aria-label="Reconciliation">
      <h4>Reconciliation</h4>
      {failed.map((item) => (
        <p key={item.account} className="warn-text small" data-testid="reconcile-failed">
          {item.note[0]!.toUpperCase() + item.note.slice(1)}
        </p>
      ))}
      {markets.map((line) => (
        <p key={line} className="muted small" data-testid="reconcile-markets">
          {line}
        </p>
      ))}
      {items && items.length === 0 && failed.length === 0 ? <p className="muted small">The journal matches the exchanges.</p> : null}
      {items && items.length > 0 ? (
        <table className="mini-table" aria-label="Differences">
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>{d.symbol}</td>
                <td>{KIND_LABEL[d.kind]}</td>
                <td className="muted">{d.detail}</td>
                <td className="actions">
                  {d.actions.map((action) => (
                    <button key={action} type="button" className={action === 'cancel' ? 'small-btn danger' : 'small-btn'} disabled={busy} onClick={() => void act(() => api.call('risk.resolve', { id: d.id, action }))}>
                      {action[0]!.toUpperCase() + action.slice(1)}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="button-row">
        <button type="button" className="small-btn" disabled={busy} onClick={() => void reconcile()}>
          Reconcile now
        </button>
      </div>
      {error ? <p className="form-error small" role="alert">{error}</p> : null}
    </section>
  );
}

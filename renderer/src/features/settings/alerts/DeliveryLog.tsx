import { useEffect, useState } from 'react';
import type { DeliveryView } from '../../../../../core/api/contract/alerts';
import { api } from '../../../api/client';
import { describeError } from '../../../api/errors';
import { formatClockOrDateTime } from '../../../app/format';


/** What a channel was asked to deliver and what became of it, newest first, updated as it happens. */
export function DeliveryLog({ channelId, name }: { channelId: number; name: string }) {
  const [entries, setEntries] = useState<DeliveryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .call('alerts.deliveries', { channelId, limit: 50 })
      .then((list) => live && setEntries(list))
      .catch((reason: unknown) => live && setError(describeError(reason)));
    const stop = api.on('alerts.delivery', (entry) => {
      if (entry.channelId !== channelId) return;
      setEntries((current) => {
        const list = current ?? [];
        const at = list.findIndex((e) => e.id === entry.id);
        if (at === -1) return [entry, ...list].slice(0, 50);
        return list.map((e) => (e.id === entry.id ? entry : e));
      });
    });
    return () => {
      live = false;
      stop();
    };
  }, [channelId]);

  if (error) return <p role="alert" className="form-error small">{error}</p>;
  if (entries === null) return <p className="muted small">Loading the delivery log…</p>;
  return (
    <section aria-label={`Delivery log of ${name}`} className="delivery-log">
      {entries.length === 0 ? (
        <p className="muted small">Nothing sent yet. “Send test message” checks the channel.</p>
      ) : (
        <table className="grid-table mini-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-status={entry.status} data-kind={entry.kind}>
                <td className="mono" data-testid="delivery-time">{formatClockOrDateTime(entry.updatedAt, Date.now())}</td>
                <td>
                  {entry.kind} · {entry.level}
                </td>
                <td>
                  <span className={`delivery-status ${entry.status}`}>{entry.status}</span>
                  {entry.attempts > 1 ? <span className="muted small"> ({entry.attempts} tries)</span> : null}
                  {entry.detail ? <div className="muted small">{entry.detail}</div> : null}
                </td>
                <td className="detail-cell delivery-text" title={entry.text}>
                  {entry.text.split('\n')[0]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { RiskEventView } from '../../../../core/api/contract/risk';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatDateTime } from '../../app/format';

const MAX = 300;

/** Rejections and risk triggers, newest first; repeats are collapsed by the core. */
export function RiskEvents() {
  const [events, setEvents] = useState<RiskEventView[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('risk.events', { limit: 100 }).then(setEvents).catch((reason: unknown) => setError(describeError(reason)));
    return api.on('risk.event', (event) => setEvents((list) => [event, ...list.filter((e) => e.id !== event.id)].slice(0, MAX)));
  }, []);
  return (
    <section className="risk-section" aria-label="Risk events">
      <h4>Risk events</h4>
      {error ? <p className="form-error small">{error}</p> : null}
      {events.length === 0 ? (
        <p className="muted small">No rejections or risk triggers yet.</p>
      ) : (
        <table className="mini-table">
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-kind={e.kind}>
                <td className="mono muted">{formatDateTime(e.lastTime).slice(11)}</td>
                <td>
                  <b>{e.kind}</b>
                </td>
                <td>{[e.symbol, e.strategy].filter(Boolean).join(' · ')}</td>
                <td>
                  {e.detail}
                  {e.repeats > 1 ? <span className="muted"> ×{e.repeats}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

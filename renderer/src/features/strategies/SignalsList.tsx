import { useEffect, useState } from 'react';
import type { CommandResult } from '../../../../core/api/contract/index';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatDateTime } from '../../app/format';

type Signal = CommandResult<'strategies.signals'>[number];

/** The strategy's latest signals with the score components behind each decision. */
export function SignalsList({ name }: { name: string }) {
  const [signals, setSignals] = useState<Signal[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api
        .call('strategies.signals', { name, limit: 30 })
        .then((list) => !cancelled && setSignals(list))
        .catch((reason: unknown) => !cancelled && setError(describeError(reason)));
    void load();
    const timer = setInterval(load, 5_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [name]);
  if (error) return <p className="form-error small">{error}</p>;
  if (!signals) return <p className="muted small">Loading signals…</p>;
  if (signals.length === 0) return <p className="muted small">No signals yet: the strategy has not found a setup since it started.</p>;
  return (
    <table className="mini-table signals-table" aria-label={`Signals of ${name}`}>
      <thead>
        <tr>
          <th scope="col">Time (UTC)</th>
          <th scope="col">Symbol</th>
          <th scope="col">Signal</th>
          <th scope="col" className="num">Score</th>
          <th scope="col">Components</th>
          <th scope="col">Reason</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((s) => (
          <tr key={s.id}>
            <td className="mono muted">{formatDateTime(s.time)}</td>
            <td>{s.symbol}</td>
            <td>
              <b>{s.kind}</b>
            </td>
            <td className="num">{s.score === null ? '—' : s.score.toFixed(0)}</td>
            <td className="muted">
              {Object.entries(s.components)
                .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(1)}`)
                .join(' · ') || '—'}
            </td>
            <td>{s.reason}</td>
            <td className="muted">{s.outcome ?? 'open'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

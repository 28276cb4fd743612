import type { DecisionView } from '../../../../core/api/contract/orchestrator';
import { api } from '../../api/client';
import { formatChange, formatDateTime } from '../../app/format';
import { useOrchestrated } from './useOrchestrated';

const VERDICTS: Record<DecisionView['verdict'], string> = { entered: 'entered', skipped: 'skipped', refused: 'refused', near_miss: 'near miss' };

/** The orchestrator's decisions about the configuration's entries, with why and the setup's score. */
export function DecisionLog({ name }: { name: string }) {
  const { value: decisions, error } = useOrchestrated<DecisionView[]>(() => api.call('orchestrator.decisions', { name, limit: 30 }), { config: name });
  if (!decisions) return error ? <p className="form-error small">{error}</p> : <p className="muted small">Loading decisions…</p>;
  if (decisions.length === 0) return <p className="muted small">No decision yet: entries, skips, refusals and near misses appear here with the features known at the time.</p>;
  return (
    <table className="mini-table" aria-label={`Decisions of ${name}`}>
      <thead>
        <tr>
          <th scope="col">Time (UTC)</th>
          <th scope="col">Symbol</th>
          <th scope="col">Decision</th>
          <th scope="col" className="num">Score</th>
          <th scope="col">Why</th>
          <th scope="col" className="num">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => (
          <tr key={d.id} data-decision={d.verdict}>
            <td className="mono muted">{formatDateTime(d.time)}</td>
            <td>{d.symbol}</td>
            <td>
              <b>{VERDICTS[d.verdict]}</b> <span className="muted small">{d.source}</span>
            </td>
            <td className="num">{d.score === null ? '—' : d.score.toFixed(0)}</td>
            <td title={Object.entries(d.features).map(([k, v]) => `${k} ${Number(v.toFixed(4))}`).join(' · ')}>{d.reason}</td>
            <td className="num">{d.outcomeReturn === null ? '—' : `${formatChange(d.outcomeReturn * 100, 2)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useState } from 'react';
import type { AdjustmentView, TuningView } from '../../../../core/api/contract/orchestrator';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatChange, formatClock, formatDateTime } from '../../app/format';
import { useOrchestrated } from './useOrchestrated';
import { ActionMessages } from '../../app/ActionMessages';

const STATUS: Record<AdjustmentView['status'], string> = {
  proposed: 'proposed',
  applied: 'applied',
  declined: 'declined',
  rolled_back: 'rolled back',
  reverted: 'reverted',
  superseded: 'superseded',
};

/** A p-value as read: two significant digits, or "< 0.0001" when smaller. */
export const formatP = (p: number | null) => (p === null ? '—' : p < 0.0001 ? '< 0.0001' : `${Number(p.toPrecision(2))}`);

const perTrade = (mean: number | null) => (mean === null ? '—' : `${formatChange(mean * 100, 2)} %`);

/** "holdMinutes 10 → 13 (bound ±30 % of 10)". */
export function describeChanges(adjustment: AdjustmentView): string {
  return adjustment.changes.map((c) => `${c.param} ${c.from} → ${c.to} (bound ±${Math.round(c.bound * 100)} % of ${c.original})`).join(' · ');
}

function Evidence({ adjustment }: { adjustment: AdjustmentView }) {
  const windows = adjustment.windows.filter((w) => w.qualifies);
  return (
    <span className="muted small">
      {windows.map((w) => `${w.window}: ${perTrade(w.variantMean)} vs ${perTrade(w.championMean)} per trade over ${w.variantTrades}/${w.championTrades} trades (p ${formatP(w.pValue)})`).join(' · ')}
    </span>
  );
}

/** What switching to Automatic lets the manager do, asked before it can. */
function automaticWarning(name: string, waiting: number): string {
  const pending = waiting === 0 ? '' : ` The ${waiting === 1 ? 'proposal' : `${waiting} proposals`} waiting now will be applied at the next reading.`;
  return `Let the threshold manager change the parameters of ${name} by itself (at most 3 adjustments a day, within the confidence bounds)?${pending}`;
}

/**
 * The threshold manager of one configuration: its mode, the proposals it made from the shadows (accept
 * or decline), and every adjustment with what became of it (revert one that is in force).
 */
export function TuningPanel({ name }: { name: string }) {
  const { value: view, error: loadError, reload } = useOrchestrated<TuningView>(() => api.call('tuning.list', { name }), { config: name });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
      reload();
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  if (!view) return loadError ? <p className="form-error small">{loadError}</p> : <p className="muted small">Loading the threshold manager…</p>;
  const proposals = view.adjustments.filter((a) => a.status === 'proposed');
  // The mode is read here, before any await: the select is controlled and shows the old mode until the reload.
  const setMode = (mode: 'auto' | 'propose') => {
    if (mode === 'auto' && !window.confirm(automaticWarning(name, proposals.length))) return;
    void act(async () => (await api.call('orchestrator.setPolicy', { name, tuning: mode }), `Tuning mode: ${mode === 'auto' ? 'automatic' : 'propose'}.`));
  };
  return (
    <section aria-label={`Threshold manager of ${name}`}>
      <div className="table-toolbar">
        <strong>Threshold manager</strong>
        <label className="small">
          Tuning mode{' '}
          <select value={view.mode} disabled={busy} onChange={(e) => setMode(e.target.value === 'auto' ? 'auto' : 'propose')}>
            <option value="propose">Propose (you decide)</option>
            <option value="auto">Automatic</option>
          </select>
        </label>
        <span className="muted small">
          {view.appliedToday} of {view.dailyLimit} adjustments in the last 24 h
        </span>
        <span className="spacer" />
        <button type="button" className="small-btn" disabled={busy} onClick={() => void act(async () => (await api.call('tuning.evaluate', { name })).why)}>
          Evaluate now
        </button>
      </div>
      {view.lastEvaluation ? <p className="muted small" data-testid="last-evaluation">Last read {formatClock(view.lastEvaluation.at)}: {view.lastEvaluation.why}</p> : null}
      <ActionMessages error={error} notice={notice} />
      {proposals.length === 0 ? <p className="muted small">No proposal waiting: adjustments need a shadow variant that beats the champion with p &lt; 0.10 (Welch’s t-test on the return per trade).</p> : null}
      {proposals.map((proposal) => (
        <div key={proposal.id} className="proposal" role="group" aria-label={`Proposal #${proposal.id}`}>
          <p className="small">
            <b>{describeChanges(proposal)}</b> — from variant {proposal.variant}, confidence {proposal.confidence}, p {proposal.pValue < 0.0001 ? '' : '= '}{formatP(proposal.pValue)}
            <br />
            <Evidence adjustment={proposal} />
          </p>
          <div className="button-row">
            <button type="button" className="small-btn primary" disabled={busy} onClick={() => void act(async () => `Applied as ${name} v${(await api.call('tuning.accept', { id: proposal.id })).toVersion}.`)}>
              Accept
            </button>
            <button type="button" className="small-btn" disabled={busy} onClick={() => void act(async () => (await api.call('tuning.decline', { id: proposal.id }), 'Declined.'))}>
              Decline
            </button>
          </div>
        </div>
      ))}
      <table className="mini-table" aria-label={`Adjustment history of ${name}`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Status</th>
            <th scope="col">Change</th>
            <th scope="col">Confidence</th>
            <th scope="col">Versions</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.adjustments.map((a) => (
            <tr key={a.id} data-adjustment={a.id}>
              <td>{a.id}</td>
              <td className="mono muted">{formatDateTime(a.appliedAt ?? a.createdAt)}</td>
              <td data-testid="adjustment-status">
                {STATUS[a.status]}
                {a.decidedBy === 'auto' ? ' (auto)' : ''}
                {a.note ? <span className="muted small"> — {a.note}</span> : null}
              </td>
              <td>{describeChanges(a)}</td>
              <td>
                {a.confidence} <span className="muted small">p {formatP(a.pValue)}</span>
              </td>
              <td>{a.toVersion === null ? `v${a.fromVersion}` : `v${a.fromVersion} → v${a.toVersion}`}</td>
              <td className="actions">
                {a.status === 'applied' ? (
                  <button type="button" className="small-btn" disabled={busy} aria-label={`Revert adjustment #${a.id}`} onClick={() => void act(async () => (await api.call('tuning.revert', { id: a.id })).note ?? 'Reverted.')}>
                    Revert
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.adjustments.length === 0 ? <p className="muted small">No adjustment yet.</p> : null}
    </section>
  );
}

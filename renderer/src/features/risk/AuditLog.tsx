import { useCallback, useEffect, useState } from 'react';
import type { AuditEntryView, AuditVerificationView } from '../../../../core/api/contract/audit';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { EmptyState } from '../../app/EmptyState';
import { formatDateTime } from '../../app/format';
import { useHostStore } from '../../stores/host';

function summary(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/**
 * The append-only, hash-chained audit log (emergency stops, re-arms, credential and mode changes),
 * with a button that asks the core to re-verify the whole chain.
 */
export function AuditLog() {
  const halted = useHostStore((s) => s.status?.halt.halted);
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verification, setVerification] = useState<AuditVerificationView | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async () => {
    try {
      setEntries(await api.call('audit.list', { limit: 200 }));
      setError(null);
    } catch (reason) {
      setError(describeError(reason));
    }
  }, []);
  // Reload when the halt state flips: a stop or re-arm has just been written to the log.
  useEffect(() => void load(), [load, halted]);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await api.call('audit.verify', {}));
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <section className="audit" aria-label="Audit log">
      <div className="table-toolbar">
        <h3 className="inline-title">Audit log</h3>
        <span className="muted small">Every stop, re-arm, credential and mode change — append-only, each entry chained to the previous one by hash.</span>
        <span className="spacer" />
        {verification ? (
          <span className={verification.ok ? 'ok small' : 'down small'} role="status" data-testid="audit-verification">
            {verification.ok ? `✓ Chain intact (${verification.checked} entries)` : `✗ ${verification.problem?.message ?? 'chain broken'}`}
          </span>
        ) : null}
        <button type="button" className="small-btn" onClick={() => void verify()} disabled={verifying}>
          Verify chain
        </button>
        <button type="button" className="small-btn" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error ? <EmptyState tone="error" title="The audit log could not be read" detail={error} /> : null}
      {entries && entries.length === 0 ? <EmptyState title="No audit entries yet" detail="Emergency stops, re-arms and account changes are recorded here." /> : null}
      {entries && entries.length > 0 ? (
        <table className="data-table" aria-label="Audit entries">
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Category</th>
              <th scope="col">Action</th>
              <th scope="col">By</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq} data-audit={entry.seq}>
                <td className="num muted">{entry.seq}</td>
                <td className="mono muted">{formatDateTime(entry.at)}</td>
                <td>{entry.category.replace('_', ' ')}</td>
                <th scope="row">{entry.action}</th>
                <td>{entry.source}</td>
                <td className="muted detail-cell" title={summary(entry.detail)}>
                  {summary(entry.detail)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

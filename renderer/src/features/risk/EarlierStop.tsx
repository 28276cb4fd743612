import { useEffect, useState } from 'react';
import type { AuditEntryView } from '../../../../core/api/contract/audit';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatDateTime } from '../../app/format';

const count = (detail: Record<string, unknown>, key: string): number => (typeof detail[key] === 'number' ? detail[key] : 0);

/**
 * HALTED by a stop pressed in an earlier run of Halyard: the order-by-order report was that run's, but the
 * audit log kept its outcome, so the trader still reads what was cancelled and whether anything failed.
 */
export function EarlierStop({ since }: { since: number | null }) {
  const [entry, setEntry] = useState<AuditEntryView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .call('audit.list', { category: 'emergency_stop', limit: 50 })
      // An outcome older than this halt was an earlier stop's (this one may have ended before it wrote its own).
      .then((entries) => setEntry(entries.find((e) => e.action === 'cancel_results' && (since === null || e.at >= since)) ?? null))
      .catch((reason: unknown) => setError(describeError(reason)));
  }, [since]);
  const when = since === null ? '' : ` at ${formatDateTime(since)} UTC`;
  if (error) return <p className="form-error small">{`HALTED${when} by an earlier run of Halyard; its outcome could not be read: ${error}`}</p>;
  if (entry === undefined) return null;
  if (entry === null) return <p className="small" data-testid="earlier-stop">{`HALTED${when} by an earlier run of Halyard; its order-by-order report was that run's.`}</p>;
  const failed = count(entry.detail, 'failed');
  const open = count(entry.detail, 'remainingOpen');
  return (
    <p className="small" data-testid="earlier-stop">
      {`HALTED${when} by an earlier run of Halyard (its order-by-order report was that run's). The audit log kept its outcome at ${formatDateTime(entry.at)} UTC: `}
      {`${count(entry.detail, 'canceled')} cancelled, ${count(entry.detail, 'alreadyFilled')} already filled, ${count(entry.detail, 'kept')} kept, `}
      <b className={failed === 0 ? 'up' : 'down'}>{failed} failed</b>, <b className={open === 0 ? 'up' : 'down'}>{open} still open</b>.
    </p>
  );
}

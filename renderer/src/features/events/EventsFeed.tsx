import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../app/EmptyState';
import { formatDateTime } from '../../app/format';
import { useEventsStore, type FeedKind } from '../../stores/events';
import { ALERT_LABELS } from '../../stores/preferences';
import { MuteMenu } from '../alerts/MuteMenu';
import { NotificationPermission } from '../alerts/NotificationPermission';

const KIND_LABEL: Record<FeedKind, string> = { ...ALERT_LABELS, order: 'Orders', risk: 'Risk', info: 'Info' };
const KIND_SHORT: Record<FeedKind, string> = { fill: 'Fill', stop: 'Exit', emergency_stop: 'E-stop', regime: 'Regime', breaker: 'Breaker', connection: 'Connection', rejection: 'Rejected', order: 'Order', risk: 'Risk', info: 'Info' };

/** Everything that happened this session, newest first, with per-kind desktop-notification mutes. */
export function EventsFeed() {
  const entries = useEventsStore((s) => s.entries);
  const markSeen = useEventsStore((s) => s.markSeen);
  const clear = useEventsStore((s) => s.clear);
  const [kind, setKind] = useState<FeedKind | ''>('');
  const shown = useMemo(() => (kind ? entries.filter((e) => e.kind === kind) : entries), [entries, kind]);

  useEffect(() => markSeen(), [entries, markSeen]);

  return (
    <div className="table-wrap events-feed">
      <div className="table-toolbar">
        <select aria-label="Filter events by kind" value={kind} onChange={(e) => setKind(e.target.value as FeedKind | '')}>
          <option value="">All events</option>
          {(Object.keys(KIND_LABEL) as FeedKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <NotificationPermission />
        <MuteMenu />
        <button type="button" className="small-btn" onClick={clear} disabled={entries.length === 0}>
          Clear
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No events yet" detail="Fills, order changes, stops, emergency stops, connection changes and risk triggers appear here as they happen." />
      ) : (
        <ol className="feed" aria-label="Events">
          {shown.map((entry) => (
            <li key={entry.id} className={`feed-entry ${entry.severity}`} data-kind={entry.kind}>
              <time className="mono muted">{formatDateTime(entry.time).slice(11)}</time>
              <span className="feed-kind">{KIND_SHORT[entry.kind]}</span>
              <strong>{entry.title}</strong>
              <span className="muted">{entry.detail}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

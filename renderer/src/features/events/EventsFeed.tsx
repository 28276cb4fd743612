import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../../api/errors';
import { EmptyState } from '../../app/EmptyState';
import { loadEarlierRiskEvents } from '../../app/event-history';
import { formatDateTime } from '../../app/format';
import { useEventsStore, type FeedKind } from '../../stores/events';
import { ALERT_LABELS } from '../../stores/preferences';
import { MuteMenu } from '../alerts/MuteMenu';
import { NotificationPermission } from '../alerts/NotificationPermission';

const KIND_LABEL: Record<FeedKind, string> = { ...ALERT_LABELS, order: 'Orders', risk: 'Risk', info: 'Info' };
const KIND_SHORT: Record<FeedKind, string> = { fill: 'Fill', stop: 'Exit', emergency_stop: 'E-stop', regime: 'Regime', breaker: 'Breaker', connection: 'Connection', rejection: 'Rejected', price_alert: 'Alert', order: 'Order', risk: 'Risk', info: 'Info' };

/**
 * What happened, newest first — this session's events and, from the core's stores, earlier ones (risk
 * events, orders and fills of earlier runs) — filtered by kind and words, with per-kind desktop-notification mutes.
 */
export function EventsFeed() {
  const entries = useEventsStore((s) => s.entries);
  const markSeen = useEventsStore((s) => s.markSeen);
  const clear = useEventsStore((s) => s.clear);
  const [kind, setKind] = useState<FeedKind | ''>('');
  const [words, setWords] = useState('');
  const [paging, setPaging] = useState<{ busy: boolean; note: string | null }>({ busy: false, note: null });
  const shown = useMemo(() => {
    // Each word on its own, anywhere in the entry: "quick BTC" finds quick's entries on BTC/USDT.
    const wanted = words.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return entries.filter((e) => {
      if (kind && e.kind !== kind) return false;
      const text = `${e.title} ${e.detail}`.toLowerCase();
      return wanted.every((word) => text.includes(word));
    });
  }, [entries, kind, words]);
  const oldestRiskId = useMemo(() => Math.min(...entries.flatMap((e) => (e.key?.startsWith('risk:') ? [Number(e.key.slice(5))] : []))), [entries]);

  useEffect(() => markSeen(), [entries, markSeen]);

  const earlier = async () => {
    setPaging({ busy: true, note: null });
    try {
      const count = await loadEarlierRiskEvents(oldestRiskId);
      setPaging({ busy: false, note: count === 0 ? 'No earlier risk events.' : null });
    } catch (reason) {
      setPaging({ busy: false, note: describeError(reason) });
    }
  };

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
        <input type="search" aria-label="Filter events" placeholder="Filter: symbol, strategy, words…" value={words} onChange={(e) => setWords(e.target.value)} />
        <span className="muted small" data-testid="events-count">
          {shown.length} of {entries.length}
        </span>
        <span className="spacer" />
        <NotificationPermission />
        <MuteMenu />
        <button type="button" className="small-btn" onClick={clear} disabled={entries.length === 0} title="Clears the list in this window; the core keeps its log">
          Clear
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState
          title={entries.length === 0 ? 'No events yet' : 'No event matches the filter'}
          detail="Fills, order changes, stops, emergency stops, connection changes and risk triggers appear here as they happen, and earlier ones are loaded from the database."
        />
      ) : (
        <ol className="feed" aria-label="Events">
          {shown.map((entry) => (
            <li key={entry.id} className={`feed-entry ${entry.severity}`} data-kind={entry.kind}>
              <time className="mono muted" title={formatDateTime(entry.time)}>
                {formatDateTime(entry.time).slice(5, 16)}
              </time>
              <span className="feed-kind">{KIND_SHORT[entry.kind]}</span>
              <strong>{entry.title}</strong>
              <span className="muted">{entry.detail}</span>
            </li>
          ))}
        </ol>
      )}
      {Number.isFinite(oldestRiskId) ? (
        <p className="button-row pad">
          <button type="button" className="small-btn" disabled={paging.busy} onClick={() => void earlier()}>
            Load earlier events
          </button>
          {paging.note ? <span className="muted small">{paging.note}</span> : null}
        </p>
      ) : null}
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { LiveAccountHealth } from '../../../../core/api/contract/app';
import { useHostStore } from '../../stores/host';
import { formatClock } from '../../app/format';
import { useUiStore } from '../../stores/ui';

/**
 * The dead-man timer in words: "dead-man armed"; "dead-man off: protects stops" when it is off on purpose (it
 * would cancel a resting protective stop too — not a fault); "(!)" only for a real problem (the reason in the tooltip).
 */
function deadManText(deadMan: LiveAccountHealth['deadMan']): string {
  if (deadMan.heldOff !== undefined) return 'dead-man off: protects stops';
  return `dead-man ${deadMan.armed ? 'armed' : 'off'}${deadMan.problem ? ' (!)' : ''}`;
}

export function StatusBar() {
  const status = useHostStore((s) => s.status);
  const connected = useHostStore((s) => s.connected);
  // The clock reads the time whenever the bar renders: the status comes with every market tick, so the
  // clock moves in the tick's frame. A timer renders it only when a second passes without a status (a quiet
  // or disconnected feed): once a second it cost a frame, a layout and a paint of its own.
  const now = Date.now();
  const [, wake] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => wake((n) => n + 1), 1_000);
    return () => clearTimeout(timer);
  });
  const connection = !connected ? 'host disconnected' : (status?.connection.state ?? 'connecting');
  const mode = status?.mode.kind === 'live' ? `LIVE · ${status.mode.account ?? ''}` : 'PAPER';
  return (
    <footer className="status-bar" aria-label="Status bar">
      <span data-testid="data-source" className={status?.dataSource.kind === 'simulated' ? 'badge simulated' : 'badge'}>
        {status?.dataSource.kind === 'simulated' && !/simulated/i.test(status.dataSource.label) ? 'SIMULATED · ' : ''}
        {status?.dataSource.label ?? '…'}
      </span>
      <span data-testid="connection" className={`conn conn-${connection.replace(/\s/g, '-')}`}>
        {connection}
        {status?.connection.transport ? ` (${status.connection.transport})` : ''}
        {status?.connection.lastUpdate ? ` · last ${formatClock(status.connection.lastUpdate)}` : ''}
      </span>
      <span data-testid="mode" className={status?.mode.kind === 'live' ? 'badge live' : 'badge paper'}>
        {mode}
      </span>
      {status?.liveAccounts?.map((live) => (
        <span
          key={live.account}
          data-testid="live-updates"
          className={`conn conn-${live.updates.state}`}
          title={[live.updates.message, live.deadMan.problem].filter(Boolean).join(' · ') || undefined}
        >
          {live.account} orders {live.updates.transport}
          {live.updates.lastUpdate ? ` · last ${formatClock(live.updates.lastUpdate)}` : ''}
          {live.deadMan.supported ? ` · ${deadManText(live.deadMan)}` : ''}
        </span>
      ))}
      {status?.halt.halted ? (
        <span className="badge halted" data-testid="halted-badge">
          HALTED
        </span>
      ) : null}
      <span className="spacer" />
      <button type="button" className="status-link" onClick={() => useUiStore.getState().setOverlay('help')}>
        ? Shortcuts
      </button>
      <span className="sep" aria-hidden="true" />
      {status ? <span>Halyard {status.version}</span> : null}
      <span className="sep" aria-hidden="true" />
      <time data-testid="clock">{formatClock(now)}</time>
    </footer>
  );
}

import { isCommandName } from '../../../../core/api/contract/index';
import { EmptyState } from '../../app/EmptyState';
import { AuditLog } from './AuditLog';
import { formatDateTime } from '../../app/format';
import { useHostStore } from '../../stores/host';

/**
 * The risk view. Today the core exposes the halt switch (`risk.emergencyStop` / `risk.rearm`);
 * limits, regime, cooldowns and the daily breaker are added here as their `risk.*` commands land.
 */
export function RiskPanel() {
  const status = useHostStore((s) => s.status);
  if (!status) return <EmptyState title="Waiting for the core…" />;
  const { halt, mode } = status;
  return (
    <div className="risk-panel">
      <dl className="kv-grid">
        <div>
          <dt>Trading</dt>
          <dd data-testid="risk-trading-state" className={halt.halted ? 'down strong' : 'up strong'}>
            {halt.halted ? '■ HALTED' : '● Armed'}
          </dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{mode.kind === 'live' ? `LIVE · ${mode.account ?? ''}` : 'PAPER'}</dd>
        </div>
        {halt.halted ? (
          <>
            <div>
              <dt>Halted since</dt>
              <dd className="mono">{halt.since ? `${formatDateTime(halt.since)} UTC` : '—'}</dd>
            </div>
            <div>
              <dt>Triggered by</dt>
              <dd>{halt.source ?? 'unknown'}</dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd>{halt.reason ?? '—'}</dd>
            </div>
          </>
        ) : null}
      </dl>
      <p className="muted small">
        The Emergency Stop (button, {navigator.platform.includes('Mac') ? '⌘' : 'Ctrl'}+Shift+X) stops new orders at once and cancels open ones. Re-arming is a deliberate step in the red banner.
      </p>
      <p className="muted small">
        Limits, market regime, cooldowns and the daily loss breaker are not reported by this build's core yet; they appear here when the risk engine publishes them.
      </p>
      {isCommandName('audit.list') ? <AuditLog /> : null}
    </div>
  );
}

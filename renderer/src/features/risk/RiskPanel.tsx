import { useMemo, useState } from 'react';
import { isCommandName } from '../../../../core/api/contract/index';
import { EmptyState } from '../../app/EmptyState';
import { formatDateTime } from '../../app/format';
import { useHostStore } from '../../stores/host';
import { AuditLog } from './AuditLog';
import { CooldownsForm } from './CooldownsForm';
import { Differences } from './Differences';
import { RiskEvents } from './RiskEvents';
import { RiskLimits } from './RiskLimits';
import { RiskLimitsForm } from './RiskLimitsForm';
import { RiskSummary } from './RiskSummary';
import { StopReport } from './StopReport';
import { useRiskState } from './useRiskState';

function HaltState() {
  const status = useHostStore((s) => s.status);
  if (!status) return null;
  const { halt, mode } = status;
  return (
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
  );
}

/** Paper, or an armed account while it stays armed: whose breaker and limit usage the panel shows. */
function useShownAccount(): { account: string; armed: readonly string[]; choose(account: string): void } {
  const live = useHostStore((s) => s.status?.liveAccounts);
  const [chosen, choose] = useState('paper');
  const armed = useMemo(() => (live ?? []).map((health) => health.account), [live]);
  return { account: armed.includes(chosen) ? chosen : 'paper', armed, choose };
}

function RiskEngineView() {
  const { account, armed, choose } = useShownAccount();
  const { state, error, refresh } = useRiskState(account);
  return (
    <>
      {armed.length > 0 ? (
        <label>
          Breaker and limits of{' '}
          <select value={account} onChange={(e) => choose(e.target.value)}>
            <option value="paper">Paper</option>
            {armed.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {error ? <EmptyState tone="error" title="The risk state could not be read" detail={error} /> : null}
      {state ? (
        <>
          {/* A breaker reset answers with the paper view: the shown account is read again instead. */}
          <RiskSummary state={state} onChange={refresh} />
          <RiskLimits state={state} />
        </>
      ) : null}
      <div className="risk-columns">
        <StopReport />
        <Differences />
      </div>
      <RiskEvents />
    </>
  );
}

/** The risk tab: halt state, the limits and cooldowns forms, regime, breaker, limits, locks, last stop, reconciliation, events, audit log. */
export function RiskPanel() {
  const status = useHostStore((s) => s.status);
  if (!status) return <EmptyState title="Waiting for the core…" />;
  return (
    <div className="risk-panel">
      <HaltState />
      {isCommandName('risk.config.set') ? (
        <>
          <RiskLimitsForm />
          <CooldownsForm />
        </>
      ) : null}
      {isCommandName('risk.state') ? (
        <RiskEngineView />
      ) : (
        <p className="muted small">Limits, market regime, cooldowns and the daily loss breaker are not reported by this build's core yet; they appear here when the risk engine publishes them.</p>
      )}
      {isCommandName('audit.list') ? <AuditLog /> : null}
    </div>
  );
}

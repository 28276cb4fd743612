import { useState } from 'react';
import type { RiskStateView } from '../../../../core/api/contract/risk';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatDateTime, formatDuration, formatPercent, formatPrice, formatSigned } from '../../app/format';
import { AccountEquity } from './AccountEquity';

const REGIME_TONE: Record<RiskStateView['regime']['regime'], string> = { PANIC: 'down', CAUTION: 'warn-text', EUPHORIA: 'warn-text', NORMAL: 'up' };
const MEASURE_LABEL = { panic: 'Panic drop', caution: 'Caution drop', bleed: 'Slow bleed', euphoria: 'Euphoria rise' } as const;

function pct(value: number | null): string {
  return value === null ? '—' : `${formatPrice(value, 2)}%`;
}

/** Regime (with the numbers behind it) and the daily loss breaker against its limit. */
export function RiskSummary({ state, onChange }: { state: RiskStateView; onChange(state: RiskStateView): void }) {
  const { regime, breaker } = state;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reset = async () => {
    try {
      onChange(await api.call('risk.resetBreaker', { confirm: true }));
      setConfirming(false);
      setError(null);
    } catch (reason) {
      setError(describeError(reason));
    }
  };
  const usage = breaker.limitPct > 0 ? Math.min(1, Math.max(0, -breaker.lossPct / breaker.limitPct)) : 0;
  return (
    <div className="risk-cards">
      <section className="risk-card" aria-label="Market regime">
        <h4>Market regime · {regime.benchmark}</h4>
        <p className={`regime ${REGIME_TONE[regime.regime]}`} data-testid="risk-regime">
          {regime.regime}
        </p>
        <p className="muted small">
          {regime.reason}
          {regime.since ? ` · since ${formatDateTime(regime.since).slice(11)} UTC` : ''} · size ×{regime.sizeMultiplier}
        </p>
        <table className="mini-table">
          <tbody>
            {regime.measures.map((m) => (
              <tr key={`${m.kind}-${m.minutes}`}>
                <td>{MEASURE_LABEL[m.kind]}</td>
                <td className="muted">{m.minutes >= 60 ? `${m.minutes / 60} h` : `${m.minutes} min`}</td>
                <td className="num">{pct(m.valuePct)}</td>
                <td className="num muted">limit {pct(m.thresholdPct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="risk-card" aria-label="Daily loss breaker">
        <h4>Daily loss breaker</h4>
        <p className={breaker.tripped ? 'regime down' : 'regime up'} data-testid="risk-breaker">
          {breaker.tripped ? 'TRIPPED — new entries blocked' : 'OK'}
        </p>
        <p className="small">
          Today <b className={breaker.dailyPnl >= 0 ? 'up' : 'down'}>{formatSigned(breaker.dailyPnl)}</b> ({formatPercent(breaker.lossPct)}) of {breaker.dayStartEquity.toLocaleString('en-US', { maximumFractionDigits: 2 })} at day start{breaker.provisional ? ' (provisional)' : ''} · limit −{breaker.limitPct}%
        </p>
        {breaker.provisional ? (
          // The core says in plain words what the day start leaves out and what the breaker does meanwhile.
          <p className="small warn-text" data-testid="risk-day-start-provisional">
            {breaker.provisional.note}
          </p>
        ) : null}
        <AccountEquity equity={state.equity} />
        <div className="usage-bar" role="meter" aria-label="Daily loss used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(usage * 100)}>
          <span style={{ width: `${usage * 100}%` }} className={usage >= 1 ? 'full' : usage > 0.7 ? 'high' : undefined} />
        </div>
        {breaker.tripped ? (
          <p className="small">
            {breaker.until ? `Resets in ${formatDuration(breaker.until - state.time)}. ` : ''}
            {confirming ? (
              <>
                Entries resume immediately.{' '}
                <button type="button" className="small-btn danger" onClick={() => void reset()}>
                  Confirm reset
                </button>{' '}
                <button type="button" className="small-btn" onClick={() => setConfirming(false)}>
                  Keep blocked
                </button>
              </>
            ) : (
              <button type="button" className="small-btn" onClick={() => setConfirming(true)}>
                Reset breaker…
              </button>
            )}
          </p>
        ) : null}
        {error ? <p className="form-error small">{error}</p> : null}
      </section>
    </div>
  );
}

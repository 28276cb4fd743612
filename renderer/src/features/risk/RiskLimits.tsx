import type { RiskStateView } from '../../../../core/api/contract/risk';
import { formatDuration } from '../../app/format';

type Limit = RiskStateView['limits'][number];

function amount(value: number, unit: Limit['unit']): string {
  if (unit === 'pct') return `${value.toFixed(2)}%`;
  if (unit === 'count') return String(Math.round(value));
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Every limit with its usage; locks (cooldowns, blocks) with time left; volatility switches. */
export function RiskLimits({ state }: { state: RiskStateView }) {
  return (
    <div className="risk-columns">
      <section aria-label="Limits">
        <h4>Limits</h4>
        {state.limits.length === 0 ? (
          <p className="muted small">No limits reported.</p>
        ) : (
          <table className="mini-table">
            <tbody>
              {state.limits.map((limit) => {
                const ratio = limit.limit > 0 ? Math.min(1, limit.used / limit.limit) : 0;
                return (
                  <tr key={`${limit.rule}-${limit.scope ?? ''}`} data-rule={limit.rule}>
                    <td>
                      {limit.label}
                      {limit.scope ? <span className="muted"> · {limit.scope}</span> : null}
                    </td>
                    <td className="num">
                      {amount(limit.used, limit.unit)} / {amount(limit.limit, limit.unit)}
                    </td>
                    <td className="bar-cell">
                      <div className="usage-bar" role="meter" aria-label={`${limit.label} used`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(ratio * 100)}>
                        <span style={{ width: `${ratio * 100}%` }} className={ratio >= 1 ? 'full' : ratio > 0.7 ? 'high' : undefined} />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Cooldowns and locks">
        <h4>Cooldowns and locks</h4>
        {state.locks.length === 0 ? (
          <p className="muted small">Nothing is locked.</p>
        ) : (
          <table className="mini-table">
            <tbody>
              {state.locks.map((lock, i) => (
                <tr key={`${lock.rule}-${lock.symbol ?? ''}-${lock.strategy ?? ''}-${i}`}>
                  <td>
                    <b>{lock.symbol ?? lock.scope}</b>
                    {lock.strategy ? <span className="muted"> · {lock.strategy}</span> : null}
                  </td>
                  <td>{lock.reason}</td>
                  <td className="num">{lock.remainingMs === null ? 'until reset' : `${formatDuration(lock.remainingMs)} left`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state.stopStreaks.some((s) => s.count > 0) ? (
          <p className="small muted">
            Stop-loss streaks: {state.stopStreaks.filter((s) => s.count > 0).map((s) => `${s.symbol} ${s.count}/${s.of}`).join(' · ')}
          </p>
        ) : null}
      </section>
      <section aria-label="Volatility">
        <h4>Volatility (24 h)</h4>
        <table className="mini-table">
          <tbody>
            {state.volatility.map((v) => (
              <tr key={v.symbol}>
                <td>{v.symbol}</td>
                <td className="num">{v.volatilityPct.toFixed(2)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
        {state.disabledStrategies.length ? (
          <p className="small">
            Off for volatility:{' '}
            {state.disabledStrategies.map((d) => `${d.strategy} on ${d.symbol}${d.onBelowPct !== null ? ` (back below ${d.onBelowPct}%)` : ''}`).join(' · ')}
          </p>
        ) : null}
      </section>
    </div>
  );
}

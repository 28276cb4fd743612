import { useState, type FormEvent } from 'react';
import type { EdgeView, PolicyView, SymbolProfileView } from '../../../../core/api/contract/orchestrator';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatChange, formatFee, formatPrice, QUOTE_DECIMALS } from '../../app/format';
import { useOrchestrated } from './useOrchestrated';

const pct = (fraction: number, digits = 2) => `${(fraction * 100).toFixed(digits)} %`;
const signedPct = (fraction: number | null) => (fraction === null ? '—' : `${formatChange(fraction * 100, 2)} %`);

/** Expected value per trade and Kelly sizing per symbol, from the configuration's own closed trades. */
export function EdgeTable({ name }: { name: string }) {
  const { value: edge, error } = useOrchestrated<EdgeView>(() => api.call('edge.stats', { name }), { config: name });
  if (!edge) return error ? <p className="form-error small">{error}</p> : <p className="muted small">Loading the edge…</p>;
  return (
    <section aria-label={`Edge of ${name}`}>
      <p className="small">
        <strong>Edge</strong>{' '}
        <span className="muted">
          fractional Kelly ({edge.settings.kellyMultiplier} × Kelly, at most {pct(edge.settings.cap, 0)} of the budget{edge.budget === null ? '' : ` of ${formatFee(edge.budget)} ${edge.quote}`}) once a symbol has {edge.settings.minSample} closed trades{edge.kellySizing ? '' : ' — Kelly sizing is off'}
        </span>
      </p>
      <table className="mini-table" aria-label={`EV and Kelly of ${name}`}>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Win rate</th>
            <th scope="col" className="num">EV / trade</th>
            <th scope="col" className="num">Payoff</th>
            <th scope="col" className="num">Kelly</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Edge</th>
            <th scope="col">Strategy</th>
          </tr>
        </thead>
        <tbody>
          {edge.symbols.map((row) => (
            <tr key={row.symbol} data-edge={row.symbol}>
              <th scope="row">{row.symbol}</th>
              <td className="num">{row.trades}</td>
              <td className="num">{row.trades === 0 ? '—' : pct(row.winRate, 1)}</td>
              <td className="num" data-testid="edge-ev">
                {row.trades === 0 ? '—' : `${signedPct(row.expectedReturn)} (${formatChange(row.expectedPnl, row.moneyDecimals ?? QUOTE_DECIMALS)} ${row.quote ?? edge.quote})`}
              </td>
              <td className="num">{row.payoff === null ? '—' : row.payoff.toFixed(2)}</td>
              <td className="num">{row.trades === 0 ? '—' : formatPrice(row.kelly, 3)}</td>
              <td className="num" data-testid="edge-size">
                {row.inUse ? `${pct(row.sizeFraction, 1)}${row.allowance === null ? '' : ` = ${formatFee(row.allowance)}`}` : `strategy’s own (${row.trades}/${edge.settings.minSample} trades)`}
              </td>
              <td className={row.decay ? 'down' : 'muted'}>{row.decay === 'negative' ? 'decaying: rolling EV below zero' : row.decay === 'fell' ? 'decaying: rolling EV fell' : row.rollingExpectedReturn === null ? '—' : `rolling ${signedPct(row.rollingExpectedReturn)}`}</td>
              <td data-testid="edge-strategy" title="Whose closed trades these figures count: a strategy changed under the same name starts over">
                {row.strategy ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Volatility, liquidity, trend persistence and spread of the configuration's symbols. */
export function ProfilesTable({ symbols }: { symbols: readonly string[] }) {
  const { value: profiles, error } = useOrchestrated<SymbolProfileView[]>(() => api.call('profiles.list', { symbols: [...symbols] }), { config: symbols.join(',') }, 15_000);
  if (!profiles) return error ? <p className="form-error small">{error}</p> : <p className="muted small">Profiling…</p>;
  return (
    <table className="mini-table" aria-label="Symbol profiles">
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col" className="num">Volatility (24 h)</th>
          <th scope="col" className="num">vs the week</th>
          <th scope="col">Liquidity</th>
          <th scope="col" className="num">Trend persistence</th>
          <th scope="col" className="num">Spread (est.)</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.symbol} data-profile={p.symbol}>
            <th scope="row">{p.symbol}</th>
            <td className="num">{p.volatilityPct.toFixed(2)} %</td>
            <td className="num">{p.volatilityChange === null ? '—' : `×${p.volatilityChange.toFixed(2)}`}</td>
            <td>
              {p.liquidityTier} <span className="muted small">({formatFee(p.quoteVolume24h / 1e6)} M / 24 h)</span>
            </td>
            <td className="num">{p.trendPersistence.toFixed(2)}</td>
            <td className="num">{p.spreadBps.toFixed(1)} bps</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A learned filter weight as typed: a plain number from 0 to 1. */
const FILTER_WEIGHT = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/;

/**
 * The configuration's portfolio policy: stacking, Kelly sizing and the learned filter's weight. The weight
 * is saved as the tab's other forms are (Budgets, risk limits): by its button or Enter, what was typed kept
 * with the error beside the field when it is refused, and a note of what was saved.
 */
export function PolicyControls({ name }: { name: string }) {
  const { value: policy, error: loadError, set } = useOrchestrated<PolicyView>(() => api.call('orchestrator.policy', { name }), { config: name }, 30_000);
  const [weight, setWeight] = useState<string | null>(null);
  const [weightError, setWeightError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!policy) return loadError ? <p className="form-error small">{loadError}</p> : null;
  const change = (patch: Partial<Omit<PolicyView, 'name'>>) =>
    api
      .call('orchestrator.setPolicy', { name, ...patch })
      .then((next) => {
        set(next);
        setError(null);
      })
      .catch((reason: unknown) => setError(describeError(reason)));
  const saveWeight = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const typed = (weight ?? String(policy.filterWeight)).trim();
    if (!FILTER_WEIGHT.test(typed)) {
      setWeightError(`Learned filter weight must be a number from 0 to 1, like 0.3 (not “${typed}”)`);
      return;
    }
    setBusy(true);
    setWeightError(null);
    try {
      const next = await api.call('orchestrator.setPolicy', { name, filterWeight: Number(typed) });
      set(next);
      setWeight(null);
      setSaved(`Learned filter weight saved: ${next.filterWeight}.`);
    } catch (reason) {
      setWeightError(`Learned filter weight: ${describeError(reason)}`);
    } finally {
      setBusy(false);
    }
  };
  const weightId = `filter-weight-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div className="button-row small" role="group" aria-label={`Policy of ${name}`}>
      <label>
        <input type="checkbox" checked={policy.allowStacking} onChange={(e) => void change({ allowStacking: e.target.checked })} /> Allow stacking (share coins with other configurations)
      </label>
      <label>
        <input type="checkbox" checked={policy.kellySizing} onChange={(e) => void change({ kellySizing: e.target.checked })} /> Kelly sizing
      </label>
      <form className="policy-weight" onSubmit={(e) => void saveWeight(e)} noValidate aria-label={`Learned filter weight of ${name}`}>
        <label htmlFor={weightId}>Learned filter weight</label>{' '}
        <input
          id={weightId}
          className="narrow"
          inputMode="decimal"
          value={weight ?? String(policy.filterWeight)}
          aria-invalid={weightError !== null}
          aria-describedby={weightError ? `${weightId}-error` : undefined}
          onChange={(e) => {
            setWeight(e.target.value);
            setSaved(null);
          }}
        />{' '}
        <button type="submit" className="small-btn" disabled={busy}>
          Save weight
        </button>
        {weightError ? (
          <span id={`${weightId}-error`} className="field-error" role="alert">
            {weightError}
          </span>
        ) : null}
        {saved ? (
          <span className="form-ok" role="status">
            {saved}
          </span>
        ) : null}
      </form>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

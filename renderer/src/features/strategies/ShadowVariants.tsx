import { Fragment, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';
import type { LiveShadowRow, StrategyShadowsView } from '../../../../core/api/contract/strategy-shadows';
import { api } from '../../api/client';
import { describeError, fieldErrors, formError } from '../../api/errors';
import { direction, formatClockOrDateTime, formatPercent, formatPrice, QUOTE_DECIMALS } from '../../app/format';
import { initialValues, SchemaForm, showsParam, toParams, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useBacktestStore } from '../../stores/backtest';
import { useMarketStore } from '../../stores/market';
import { useDraftsStore, type VariantDraft } from '../../stores/drafts';
import { ShadowTrades } from './ShadowTrades';
import { ActionMessages } from '../../app/ActionMessages';
import { changedParams } from '../../app/param-changes';

/** The parameters a variant changes from the champion's, e.g. "fast 3 · slow 8". */
function changes(params: unknown, champion: Record<string, unknown>): string {
  return changedParams(params, champion).map(({ key, to }) => `${key} ${String(to)}`).join(' · ') || 'same parameters';
}

/** Its configuration's money decimals in its quote (satoshis for ETH/BTC), as the core gives them. */
function MetricCells({ row, moneyDecimals }: { row: LiveShadowRow; moneyDecimals: number }) {
  const m = row.metrics;
  return (
    <>
      <td className="num">{m.trades}</td>
      <td className="num">{(m.winRate * 100).toFixed(1)}%</td>
      <td className={`num ${direction(m.totalReturn * 100, 2)}`}>{formatPercent(m.totalReturn * 100)}</td>
      <td className="num">{(m.maxDrawdown * 100).toFixed(2)}%</td>
      <td className="num">{m.profitFactor === null ? '—' : m.profitFactor.toFixed(2)}</td>
      <td className="num">{formatPrice(m.fees, moneyDecimals)}</td>
    </>
  );
}

/**
 * Shadow variants of a configuration: its champion (the current parameters) and parameter variants on
 * the same live bars, each on its own paper lane that never sends an order. Compare, add, remove, and
 * promote a variant to be the configuration's parameters.
 */
export function ShadowVariants({ config }: { config: StrategyConfigView }) {
  const info = useBacktestStore((s) => s.strategies)?.find((s) => s.name === config.strategy);
  const schema = useMemo(() => (info?.paramsSchema ?? {}) as JsonObjectSchema, [info]);
  const [view, setView] = useState<StrategyShadowsView | null>(null);
  // "Today" on the market's clock (the bars' time the shadows count by); only a new day re-renders.
  const marketDayStart = useMarketStore((s) => (s.marketTime === null ? null : s.marketTime - (s.marketTime % 86_400_000)));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The variant being typed stays while the trader looks at another tab.
  const adding = useDraftsStore((s) => s.variants[config.name] ?? null);
  const setAdding = (draft: VariantDraft | null) => useDraftsStore.getState().setVariant(config.name, draft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Lanes whose trades and risk events are shown under their row. */
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let cancelled = false;
    api
      .call('strategies.shadows', { name: config.name })
      .then((loaded) => !cancelled && setView(loaded))
      .catch((reason: unknown) => !cancelled && setError(describeError(reason)));
    const off = api.on('strategies.shadows', ({ shadows }) => {
      if (shadows.name === config.name) setView(shadows);
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [config.name]);

  const act = async (work: () => Promise<StrategyShadowsView>, done?: (view: StrategyShadowsView) => void) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await work();
      setView(next);
      done?.(next);
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!adding) return;
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      setView(await api.call('strategies.addShadow', { name: config.name, id: adding.id, params: toParams(schema, adding.values) }));
      setAdding(null);
    } catch (reason) {
      const fields = fieldErrors(reason);
      setErrors(fields);
      setError(Object.keys(fields).length > 0 ? formError(reason, (path) => path === 'id' || showsParam(schema, path)) : describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  const promote = (id: string) =>
    act(
      async () => {
        const answer = await api.call('strategies.promoteShadow', { name: config.name, id });
        setNotice(`${config.name} now trades the parameters of ${id}; the previous ones are kept as variant ${answer.keptAs}.`);
        return answer.shadows;
      },
      () => setConfirming(null),
    );

  const moneyDecimals = config.moneyDecimals ?? QUOTE_DECIMALS;
  if (!view) return error ? <p className="form-error small">{error}</p> : <p className="muted small">Loading shadow variants…</p>;
  const rows = new Map(view.rows.map((row) => [row.id, row]));
  const champion = view.rows.find((row) => row.champion);
  const toggle = (id: string) =>
    setExpanded((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const panelId = (id: string) => `shadow-trades-${config.name}-${id}`.replace(/\s+/g, '-');
  const tradesToggle = (id: string) => (
    <button type="button" className="small-btn" aria-expanded={expanded.has(id)} aria-controls={expanded.has(id) ? panelId(id) : undefined} aria-label={`Trades of ${id}`} onClick={() => toggle(id)}>
      {expanded.has(id) ? '▾' : '▸'} Trades
    </button>
  );
  const tradesRow = (row: LiveShadowRow | undefined) =>
    row && expanded.has(row.id) ? (
      <tr className="detail-row" data-trades-of={row.id}>
        <td colSpan={8}>
          <ShadowTrades row={row} label={row.id} id={panelId(row.id)} multiSymbol={config.symbols.length > 1} moneyDecimals={moneyDecimals} />
        </td>
      </tr>
    ) : null;
  const paramErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('params.')).map(([k, v]) => [k.slice(7), v]));

  return (
    <section className="shadow-variants" aria-label={`Shadow variants of ${config.name}`}>
      <div className="table-toolbar">
        <strong>Shadow variants</strong>
        <span className="spacer" />
        <button type="button" className="small-btn" aria-expanded={adding !== null} onClick={() => setAdding(adding ? null : { id: `v${view.variants.length + 1}`, values: initialValues(schema, config.params) })}>
          Add variant…
        </button>
      </div>
      <p className="muted small">
        {view.problem
          ? `Not running: ${view.problem}`
          : view.state === 'stopped'
            ? `Enable ${config.name} to run its variants on live bars (saved variants resume then).`
            : view.state === 'warming up'
              ? 'Warming up on recent history…'
              : `Same live bars as ${config.name}, each on its own paper lane — no orders are sent${champion?.since ? ` · counting since ${formatClockOrDateTime(champion.since, marketDayStart ?? Date.now())}` : ''}${view.cash ? ` · ${view.cash.toLocaleString('en-US', { maximumFractionDigits: 0 })} notional each` : ''}.`}
      </p>
      {adding ? (
        <form className="strategy-editor" aria-label={`New variant of ${config.name}`} onSubmit={(e) => void add(e)} noValidate>
          <div className="schema-field">
            <label htmlFor={`sv-${config.name}-id`}>Variant name</label>
            <input id={`sv-${config.name}-id`} value={adding.id} aria-invalid={!!errors.id} onChange={(e) => setAdding({ ...adding, id: e.target.value })} />
            {errors.id ? (
              <span className="field-error" role="alert">
                {errors.id}
              </span>
            ) : null}
          </div>
          <SchemaForm schema={schema} values={adding.values} onChange={(values) => setAdding({ ...adding, values })} errors={paramErrors} symbols={config.symbols} />
          <div className="button-row">
            <span className="spacer" />
            <button type="button" className="small-btn" onClick={() => setAdding(null)}>
              Cancel
            </button>
            <button type="submit" className="small-btn primary" disabled={busy}>
              Add variant
            </button>
          </div>
        </form>
      ) : null}
      <ActionMessages error={error} notice={notice} />
      <table className="mini-table" aria-label={`Shadow comparison of ${config.name}`}>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Win rate</th>
            <th scope="col" className="num">Return</th>
            <th scope="col" className="num">Max DD</th>
            <th scope="col" className="num">Profit factor</th>
            <th scope="col" className="num">Fees</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {champion ? (
            <>
              <tr data-variant="champion" data-champion="true">
                <th scope="row">
                  champion <span className="muted small">(current v{config.version})</span>
                </th>
                <MetricCells row={champion} moneyDecimals={moneyDecimals} />
                <td className="actions">{tradesToggle(champion.id)}</td>
              </tr>
              {tradesRow(champion)}
            </>
          ) : null}
          {view.variants.map((variant) => {
            const row = rows.get(variant.id);
            return (
              <Fragment key={variant.id}>
                <tr data-variant={variant.id}>
                  <th scope="row">
                    {variant.id} <span className="muted small" data-testid="variant-changes">{changes(variant.params, config.params)}</span>
                  </th>
                  {row ? (
                    <MetricCells row={row} moneyDecimals={moneyDecimals} />
                  ) : (
                    <td colSpan={6} className="muted">
                      {view.state === 'stopped' ? 'runs while the configuration is enabled' : 'warming up…'}
                    </td>
                  )}
                  <td className="actions">
                    {row ? <>{tradesToggle(variant.id)} </> : null}
                    {confirming === variant.id ? (
                      <span role="group" aria-label={`Confirm promoting ${variant.id}`}>
                        <span className="small">Save as {config.name} v{config.version + 1}? The current parameters stay as a variant. </span>
                        <button type="button" className="small-btn danger" disabled={busy} onClick={() => void promote(variant.id)}>
                          Confirm promote
                        </button>{' '}
                        <button type="button" className="small-btn" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="small-btn" disabled={busy} aria-label={`Promote ${variant.id}`} onClick={() => setConfirming(variant.id)}>
                          Promote…
                        </button>{' '}
                        <button type="button" className="small-btn" disabled={busy} aria-label={`Remove variant ${variant.id}`} onClick={() => void act(() => api.call('strategies.removeShadow', { name: config.name, id: variant.id }))}>
                          Remove
                        </button>
                      </>
                    )}
                  </td>
                </tr>
                {tradesRow(row)}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {view.variants.length === 0 ? <p className="muted small">No variants yet: add one with different parameters to see how it would have traded on the same bars.</p> : null}
    </section>
  );
}

import { useRef, useState } from 'react';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { EmptyState } from '../../app/EmptyState';
import { Progress } from '../../app/Progress';
import { useNow } from '../../app/useNow';
import { direction, formatPercent, formatPrice, formatWinRate } from '../../app/format';
import { initialValues, SchemaForm, toParams, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useBacktestStore } from '../../stores/backtest';
import { PromoteToConfig } from './PromoteToConfig';
import { backtestArgs, runKey } from './setup';
import { StaleNote } from './StaleNote';
import { FormProblem } from '../../app/FormProblem';
import { useFocusWhenDone } from '../../app/focus-kept';

/** `v1`, `v2`, …: the first such name not in `taken`. */
function unusedName(taken: readonly string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`v${n}`)) n++;
  return `v${n}`;
}

/** The issues of the variant sent at `index`, keyed by its parameter's name. */
function variantErrors(fields: Record<string, string>, index: number): Record<string, string> {
  const prefix = `variants.${index}.params.`;
  return Object.fromEntries(Object.entries(fields).flatMap(([path, message]) => (path.startsWith(prefix) ? [[path.slice(prefix.length), message]] : [])));
}

/**
 * Champion (the parameters on the left) against variants on the same bars, no orders anywhere.
 * The table compares their metrics; Promote makes a variant's parameters the champion's.
 */
export function ShadowCompare({ schema }: { schema: JsonObjectSchema }) {
  const setup = useBacktestStore((s) => s.setup);
  const update = useBacktestStore((s) => s.update);
  const variants = useBacktestStore((s) => s.variants);
  const setVariants = useBacktestStore((s) => s.setVariants);
  const rows = useBacktestStore((s) => s.compared);
  const setRows = useBacktestStore((s) => s.setCompared);
  const comparedKey = useBacktestStore((s) => s.comparedKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The core's issues by path: a variant's refused field is `variants.<index>.params.<field>`.
  const [fields, setFields] = useState<Record<string, string>>({});
  const [promoted, setPromoted] = useState<{ id: string; params: unknown } | null>(null);
  const running = useBacktestStore((s) => s.running);
  const now = useNow(running !== null);
  const compareButton = useRef<HTMLButtonElement>(null);
  useFocusWhenDone(busy, compareButton);

  // A name no variant has: after a removal, the count alone would give a remaining variant's name to the new one.
  const addVariant = () => setVariants((list) => [...list, { id: unusedName(list.map((v) => v.id)), values: { ...setup.params } }]);
  const variantParams = () => variants.map((v) => ({ id: v.id, params: toParams(schema, v.values) }));
  const run = async () => {
    const { args, errors } = backtestArgs(setup, schema);
    if (!args) {
      setError(Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('; '));
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    const runId = `sh-${Date.now().toString(36)}`;
    const key = runKey(setup, schema, variantParams());
    useBacktestStore.getState().setRunning({ runId, startedAt: Date.now(), done: 0, total: 0 });
    try {
      const { params, ...rest } = args;
      const answer = await api.call('backtest.shadow', { ...rest, runId, champion: params, variants: variantParams() });
      setRows(answer.rows, key);
    } catch (reason) {
      const issues = fieldErrors(reason);
      setFields(issues);
      // A refused variant: the core's message names it (its fields are marked in its own form).
      setError(Object.keys(issues).some((path) => path.startsWith('variants.')) && reason instanceof Error ? reason.message : describeError(reason));
    } finally {
      useBacktestStore.getState().setRunning(null);
      setBusy(false);
    }
  };
  const promote = (id: string, params: unknown) => {
    update({ params: initialValues(schema, (params ?? {}) as Record<string, unknown>) });
    setPromoted({ id, params });
  };

  return (
    <section className="shadow-compare" aria-label="Compare variants">
      <div className="table-toolbar">
        <strong>Champion vs variants</strong>
        <span className="muted small">Same data and settings as on the left; the champion uses the parameters there.</span>
        <span className="spacer" />
        <button type="button" className="small-btn" onClick={addVariant}>
          Add variant
        </button>
        {/* Not disabled while it runs (aria-disabled): a disabled button drops the keyboard focus to the page's top. */}
        <button ref={compareButton} type="button" className="small-btn primary" disabled={variants.length === 0} aria-disabled={busy} onClick={() => void (busy ? null : run())}>
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      {running ? (
        <div className="pad">
          <Progress label="Comparing variants…" done={running.done} total={running.total} startedAt={running.startedAt} now={now} onCancel={() => void api.call('backtest.cancel', { runId: running.runId }).catch((reason: unknown) => setError(describeError(reason)))} />
        </div>
      ) : null}
      {variants.map((variant, index) => (
        <details key={variant.id} className="variant" open={index === variants.length - 1}>
          <summary>
            Variant {variant.id}
            <button type="button" className="icon" aria-label={`Remove variant ${variant.id}`} onClick={() => {
                setVariants((list) => list.filter((v) => v.id !== variant.id));
                setFields({}); // they were keyed by the variants' places, which this changes
              }}>
              ×
            </button>
          </summary>
          <SchemaForm schema={schema} values={variant.values} onChange={(values) => setVariants((list) => list.map((v) => (v.id === variant.id ? { ...v, values } : v)))} errors={variantErrors(fields, index)} />
        </details>
      ))}
      <FormProblem message={error} />
      {variants.length === 0 && !rows ? <EmptyState title="No variants yet" detail="Add a variant, change its parameters, then Compare." /> : null}
      {rows ? <StaleNote stale={runKey(setup, schema, variantParams()) !== comparedKey} rerun="Compare" /> : null}
      {rows ? (
        <table className="data-table" aria-label="Variant comparison">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col" className="num">Trades</th>
              <th scope="col" className="num">Win rate</th>
              <th scope="col" className="num">Return</th>
              <th scope="col" className="num">Max DD</th>
              <th scope="col" className="num">Sharpe</th>
              <th scope="col" className="num">Profit factor</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-variant={row.id}>
                <th scope="row">{row.champion && row.id !== 'champion' ? `${row.id} (champion)` : row.id}</th>
                <td className="num">{row.metrics.trades}</td>
                <td className="num">{formatWinRate(row.metrics.winRate)}</td>
                <td className={`num ${direction(row.metrics.totalReturn)}`}>{formatPercent(row.metrics.totalReturn * 100)}</td>
                <td className="num">{(row.metrics.maxDrawdown * 100).toFixed(2)}%</td>
                <td className="num" title={row.metrics.sharpeNote}>{row.metrics.sharpeNote === undefined ? formatPrice(row.metrics.sharpe, 2) : '—'}</td>
                <td className="num">{row.metrics.profitFactor === null ? '—' : row.metrics.profitFactor.toFixed(2)}</td>
                <td className="actions">
                  {row.champion ? null : (
                    <button type="button" className="small-btn" onClick={() => promote(row.id, row.params)}>
                      Promote
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {promoted ? <PromoteToConfig key={`${setup.strategy}:${promoted.id}`} strategy={setup.strategy} variant={promoted.id} params={promoted.params} /> : null}
    </section>
  );
}

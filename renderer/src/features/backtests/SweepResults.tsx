import { useMemo, useState } from 'react';
import type { SweepResultView, SweepRowView } from '../../../../core/api/contract/index';
import { timeframeMs } from '../../../../core/market/candle';
import { formatDateTime, formatPrice, QUOTE_DECIMALS } from '../../app/format';
import { initialValues, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useBacktestStore } from '../../stores/backtest';
import { AddAsShadow } from './AddAsShadow';
import { PromoteToConfig } from './PromoteToConfig';
import { FOLD_METRIC_LABELS, METRIC_COLUMNS, OOS_COLUMNS, rank, sampled, type MetricColumn } from './sweep-setup';
import { SweepHeatmap } from './SweepHeatmap';

/** A walk-forward span as the trader typed it, in days: "90 days", "1.5 days", not "90d 0h". */
const inDays = (ms: number) => {
  const days = Number((ms / 86_400_000).toPrecision(6));
  return `${days} ${days === 1 ? 'day' : 'days'}`;
};

/** The table shows this many rows of the current order; the heatmap and sorting cover them all. */
const SHOWN_ROWS = 300;

interface Sort {
  key: string;
  descending: boolean;
}

/** A finished sweep: summary, walk-forward folds, a heatmap for two parameters, and every variant sortable by any metric. */
export function SweepResults({ result, schema }: { result: SweepResultView; schema: JsonObjectSchema }) {
  const update = useBacktestStore((s) => s.update);
  const columns = useMemo(() => (result.walkForward ? [...METRIC_COLUMNS, ...OOS_COLUMNS] : METRIC_COLUMNS), [result]);
  const [sort, setSort] = useState<Sort>(() => ({ key: result.walkForward ? 'oosSharpe' : 'sharpe', descending: true }));
  const [action, setAction] = useState<{ kind: 'promote' | 'shadow'; row: SweepRowView } | null>(null);
  const column = columns.find((c) => c.key === sort.key) ?? columns[0]!;
  const moneyDecimals = result.moneyDecimals ?? QUOTE_DECIMALS;
  const sorted = useMemo(() => {
    const rows = [...result.rows];
    rows.sort((a, b) => (sort.descending ? rank(column, b) - rank(column, a) : rank(column, a) - rank(column, b)) || 0);
    return rows;
  }, [result, column, sort.descending]);

  const sortBy = (next: MetricColumn) => setSort((current) => (current.key === next.key ? { key: next.key, descending: !current.descending } : { key: next.key, descending: !next.lowerIsBetter }));
  const promote = (row: SweepRowView) => {
    update({ params: initialValues(schema, row.params) });
    setAction({ kind: 'promote', row });
  };

  return (
    <section className="sweep-results" aria-label="Sweep result">
      <p className="pad small" data-testid="sweep-summary">
        {result.rows.length.toLocaleString('en-US')} variants of {result.strategy} on {result.bars.toLocaleString('en-US')} {result.timeframe} bars of {result.symbol}, {result.workers} worker
        {result.workers === 1 ? '' : 's'}, {(result.elapsedMs / 1000).toFixed(1)} s.
        {sampled(result)
          ? ` Drawn at random from the ${result.gridSize.toLocaleString('en-US')} combinations${result.skipped > 0 ? `; ${result.skipped} draws the strategy refused were replaced: ${result.skipReason ?? 'refused by the strategy'}` : ''}.`
          : result.skipped > 0
            ? ` ${result.skipped} of the ${result.gridSize} combinations skipped: ${result.skipReason ?? 'refused by the strategy'}.`
            : ''}
      </p>
      {result.rows[0]?.metrics.sharpeNote ? (
        <p className="pad small muted" data-testid="sweep-sharpe-note">
          Sharpe —: {result.rows[0].metrics.sharpeNote}.
        </p>
      ) : null}
      {result.walkForward ? <WalkForwardFolds walkForward={result.walkForward} barMs={timeframeMs(result.timeframe)} /> : null}
      {result.names.length === 2 ? <SweepHeatmap result={result} column={column} /> : null}
      <table className="data-table" aria-label="Sweep variants">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="num" aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="link-btn" onClick={() => sortBy(c)}>
                  {c.label}
                  {sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, SHOWN_ROWS).map((row) => (
            <tr key={row.id} data-sweep-row={row.id}>
              <th scope="row">{row.id}</th>
              {columns.map((c) => (
                <td key={c.key} className="num" data-metric={c.key}>
                  {c.format(c.value(row), moneyDecimals)}
                </td>
              ))}
              <td className="actions">
                <button type="button" className="small-btn" aria-label={`Promote ${row.id}`} onClick={() => promote(row)}>
                  Promote
                </button>
                <button type="button" className="small-btn" aria-label={`Add ${row.id} as shadow variant`} onClick={() => setAction({ kind: 'shadow', row })}>
                  Add as shadow
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > SHOWN_ROWS ? (
        <p className="muted small pad">
          The best {SHOWN_ROWS} of {sorted.length.toLocaleString('en-US')} by {column.label} are listed; sort by another metric to see others.
        </p>
      ) : null}
      <div className="pad">
        {action?.kind === 'promote' ? <PromoteToConfig key={`promote:${action.row.id}`} strategy={result.strategy} variant={action.row.id} params={action.row.params} /> : null}
        {action?.kind === 'shadow' ? <AddAsShadow key={`shadow:${action.row.id}`} strategy={result.strategy} names={result.names} row={action.row} /> : null}
      </div>
    </section>
  );
}

/** The folds; their bounds are bar close times, shown as the open time of each span's first bar (`barMs` earlier). */
function WalkForwardFolds({ walkForward, barMs }: { walkForward: NonNullable<SweepResultView['walkForward']>; barMs: number }) {
  const pct = (value: number) => `${formatPrice(value * 100, 2)}%`;
  return (
    <div className="pad">
      <p className="small" data-testid="sweep-oos-return">
        Walk-forward, each fold&apos;s best by {FOLD_METRIC_LABELS[walkForward.selectBy]} on {inDays(walkForward.trainMs)} then tested on the next {inDays(walkForward.testMs)}: out-of-sample return{' '}
        <strong>{pct(walkForward.outOfSampleReturn)}</strong> over {walkForward.folds.length} folds.
      </p>
      <table className="data-table" aria-label="Walk-forward folds">
        <thead>
          <tr>
            <th scope="col">Train from (UTC)</th>
            <th scope="col">Test from (UTC)</th>
            <th scope="col">Chosen</th>
            <th scope="col" className="num">Train return</th>
            <th scope="col" className="num">Test return</th>
            <th scope="col" className="num">Test trades</th>
          </tr>
        </thead>
        <tbody>
          {walkForward.folds.map((fold) => (
            <tr key={fold.trainFrom} data-fold={fold.trainFrom}>
              <td>{formatDateTime(fold.trainFrom - barMs)}</td>
              <td>{formatDateTime(fold.trainTo - barMs)}</td>
              <td>{fold.chosen}</td>
              <td className="num">{pct(fold.train.totalReturn)}</td>
              <td className="num">{pct(fold.test.totalReturn)}</td>
              <td className="num">{fold.test.trades}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

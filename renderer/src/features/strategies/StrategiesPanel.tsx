import { isCommandName } from '../../../../core/api/contract/index';
import { EmptyState } from '../../app/EmptyState';
import { SchemaForm, initialValues, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useBacktestStore } from '../../stores/backtest';
import { useLayoutStore } from '../../stores/layout';
import { useStrategies } from './useStrategies';

/**
 * Every strategy Halyard can run — built-ins and the trader's files — with its timeframes, warm-up
 * and parameter form (defaults and bounds from its schema). "Backtest…" carries the parameters to
 * the Backtests tab, where the core validates and runs them.
 */
function StrategyList() {
  const { error, reload } = useStrategies();
  const strategies = useBacktestStore((s) => s.strategies);
  const failures = useBacktestStore((s) => s.failures);
  const setup = useBacktestStore((s) => s.setup);
  const update = useBacktestStore((s) => s.update);
  if (error) return <EmptyState tone="error" title="Strategies could not be listed" detail={error} />;
  if (!strategies) return <EmptyState title="Loading strategies…" />;
  const backtest = (name: string, defaults: unknown, schema: JsonObjectSchema) => {
    const params = name === setup.strategy ? setup.params : initialValues(schema, (defaults ?? {}) as Record<string, unknown>);
    update({ strategy: name, params, paramsFor: name });
    useLayoutStore.getState().setTab('backtests');
  };
  return (
    <div className="strategies">
      <div className="table-toolbar">
        <span className="muted small">
          {strategies.length} strategies · your own go in <code>&lt;data dir&gt;/strategies/</code> (same interface as the built-ins; see the README)
        </span>
        <span className="spacer" />
        <button type="button" className="small-btn" onClick={reload}>
          Reload files
        </button>
      </div>
      {failures.length > 0 ? (
        <div className="form-error inline" role="alert">
          {failures.map((f) => (
            <p key={f.file}>
              Could not load {f.file}: {f.error}
            </p>
          ))}
        </div>
      ) : null}
      <p className="muted small pad">
        Live strategy runs (enable per symbol, readiness, last signals) are not exposed by this build's core yet; every strategy can be backtested now.
      </p>
      {strategies.map((strategy) => {
        const schema = (strategy.paramsSchema ?? {}) as JsonObjectSchema;
        const values = initialValues(schema, (strategy.defaults ?? {}) as Record<string, unknown>);
        return (
          <details key={strategy.name} className="strategy-card" data-strategy={strategy.name}>
            <summary>
              <strong>{strategy.name}</strong>
              <span className="pill">{strategy.builtin ? 'built-in' : 'your file'}</span>
              <span className="muted small">{strategy.description}</span>
              <span className="spacer" />
              <span className="muted small">
                {strategy.timeframes.join(' · ')} · warm-up {strategy.warmupBars} bars
              </span>
              <button type="button" className="small-btn" onClick={() => backtest(strategy.name, strategy.defaults, schema)}>
                Backtest…
              </button>
            </summary>
            {strategy.file ? <p className="muted small mono">{strategy.file}</p> : null}
            <SchemaForm schema={schema} values={values} onChange={() => undefined} disabled />
          </details>
        );
      })}
    </div>
  );
}

export function StrategiesPanel() {
  if (!isCommandName('strategies.list')) {
    return <EmptyState title="The strategy engine is not connected in this build" detail="Manual trading from the order ticket works now; strategies appear here once the core exposes them." />;
  }
  return <StrategyList />;
}

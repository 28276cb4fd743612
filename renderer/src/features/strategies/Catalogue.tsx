import { SchemaForm, initialValues, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useBacktestStore } from '../../stores/backtest';
import { useLayoutStore } from '../../stores/layout';

/** Every strategy Halyard can run (built-ins and the trader's files), with its default parameters. */
export function Catalogue({ onConfigure }: { onConfigure?: (strategy: string) => void }) {
  const strategies = useBacktestStore((s) => s.strategies) ?? [];
  const failures = useBacktestStore((s) => s.failures);
  const setup = useBacktestStore((s) => s.setup);
  const update = useBacktestStore((s) => s.update);
  const backtest = (name: string, defaults: unknown, schema: JsonObjectSchema) => {
    const params = name === setup.strategy ? setup.params : initialValues(schema, (defaults ?? {}) as Record<string, unknown>);
    update({ strategy: name, params, paramsFor: name });
    useLayoutStore.getState().setTab('backtests');
  };
  return (
    <section aria-label="Available strategies">
      {failures.length > 0 ? (
        <div className="form-error inline" role="alert">
          {failures.map((f) => (
            <p key={f.file}>
              Could not load {f.file}: {f.error}
            </p>
          ))}
        </div>
      ) : null}
      {strategies.map((strategy) => {
        const schema = (strategy.paramsSchema ?? {}) as JsonObjectSchema;
        const values = initialValues(schema, (strategy.defaults ?? {}) as Record<string, unknown>);
        return (
          <details key={strategy.name} className="strategy-card" data-strategy={strategy.name}>
            <summary>
              <strong>{strategy.name}</strong>
              <span className="pill">{strategy.builtin ? 'built-in' : 'your file'}</span>
              <span className="muted small desc" title={strategy.description}>
                {strategy.description}
              </span>
              <span className="muted small">
                {strategy.timeframes.join(' · ')} · warm-up {strategy.warmupBars} bars
              </span>
              {onConfigure ? (
                <button type="button" className="small-btn" onClick={() => onConfigure(strategy.name)}>
                  Run live…
                </button>
              ) : null}
              <button type="button" className="small-btn" onClick={() => backtest(strategy.name, strategy.defaults, schema)}>
                Backtest…
              </button>
            </summary>
            {strategy.file ? <p className="muted small mono">{strategy.file}</p> : null}
            <SchemaForm schema={schema} values={values} onChange={() => undefined} disabled />
          </details>
        );
      })}
    </section>
  );
}

import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { isCommandName } from '../../../../core/api/contract/index';
import { TIMEFRAMES } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { describeError, fieldErrors, formError } from '../../api/errors';
import { EmptyState } from '../../app/EmptyState';
import { initialValues, SchemaForm, showsParam, type JsonObjectSchema } from '../../app/forms/SchemaForm';
import { Progress } from '../../app/Progress';
import { useNow } from '../../app/useNow';
import { useBacktestStore, type BacktestSetup, type SourceKind } from '../../stores/backtest';
import { useDescribed, useStrategies } from '../strategies/useStrategies';
import { BacktestResult } from './BacktestResult';
import { backtestArgs, fitParams, rateAsPercent, runKey } from './setup';
import { SETTINGS_LABELS } from './settings-labels';
import { ShadowCompare } from './ShadowCompare';
import { SweepPanel } from './SweepPanel';
import { FormProblem } from '../../app/FormProblem';
import { useFocusWhenDone } from '../../app/focus-kept';

const SOURCES: { id: SourceKind; label: string }[] = [
  { id: 'simulated', label: 'Simulated' },
  { id: 'file', label: 'CSV file' },
  { id: 'stored', label: 'Stored candles' },
];

/** The core's issue paths this form shows beside a field of its own, for the data source picked. */
const SOURCE_FIELDS: Record<SourceKind, readonly string[]> = { simulated: ['source.seed', 'source.bars'], file: ['source.path'], stored: ['source.exchange'] };
const shownBeside = (source: SourceKind, path: string) => SOURCE_FIELDS[source].includes(path) || ['symbol', 'fee', 'slippage', 'cash'].includes(path);

function Field({ id, label, value, onChange, error, placeholder, hint }: { id: string; label: string; value: string; onChange(value: string): void; error?: string; placeholder?: string; hint?: string | null }) {
  return (
    <div className="schema-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} placeholder={placeholder} aria-invalid={!!error} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} />
      {hint ? (
        <span className="schema-hint muted" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A rate field's meaning in words ("= 0.1 % of each fill"): 0.1 typed for 0.1 % would be a 10 % fee. */
function ofEachFill(text: string, what: string): string | null {
  const percent = rateAsPercent(text);
  return percent === null ? null : `= ${percent} ${what}`;
}

/** Run a strategy over history with the same engine as live: progress with cancel, then metrics, equity and trades. */
export function BacktestsPanel() {
  if (!isCommandName('backtest.run')) {
    return (
      <EmptyState title="Backtests from the workspace are not available in this build yet" detail="Meanwhile the command line runs the same engine:">
        <pre className="code-hint">npm run backtest -- --strategy sma-cross --data candles.csv --json</pre>
      </EmptyState>
    );
  }
  return <BacktestWorkbench />;
}

function BacktestWorkbench() {
  const { error: listError } = useStrategies();
  const strategies = useBacktestStore((s) => s.strategies);
  const setup = useBacktestStore((s) => s.setup);
  const update = useBacktestStore((s) => s.update);
  const running = useBacktestStore((s) => s.running);
  const result = useBacktestStore((s) => s.result);
  const resultKey = useBacktestStore((s) => s.resultKey);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const mode = useBacktestStore((s) => s.mode);
  const setMode = useBacktestStore((s) => s.setMode);
  const reset = useBacktestStore((s) => s.reset);
  const now = useNow(running !== null);
  const runButton = useRef<HTMLButtonElement>(null);
  useFocusWhenDone(running !== null, runButton);
  const strategy = strategies?.find((s) => s.name === setup.strategy);
  const schema = useMemo(() => (strategy?.paramsSchema ?? {}) as JsonObjectSchema, [strategy]);

  const unreadable = useDescribed(strategy?.name);
  // A different strategy starts from its own defaults (a file's once it has been read in its sandbox);
  // values kept from an earlier session are fitted to its form as it is now.
  useEffect(() => {
    if (!strategy) return;
    const { paramsFor, params } = useBacktestStore.getState().setup;
    const defaults = (strategy.defaults ?? {}) as Record<string, unknown>;
    const startAfresh = (key: string) => {
      update({ params: initialValues(schema, defaults), paramsFor: key });
      // Variants (and their comparison) were another strategy's parameters.
      useBacktestStore.getState().setVariants(() => []);
      useBacktestStore.getState().setCompared(null);
    };
    if (!strategy.described) {
      // Not read yet, so no form: values kept for this very strategy wait until it is read.
      const key = `${strategy.name} (not read)`;
      if (paramsFor !== strategy.name && paramsFor !== key) startAfresh(key);
      return;
    }
    if (paramsFor !== strategy.name) {
      startAfresh(strategy.name);
      return;
    }
    const fitted = fitParams(schema, defaults, params);
    if (fitted) update({ params: fitted });
    // Kept variants are fitted the same way (the strategy's parameters may have changed since they were typed).
    const { variants, setVariants } = useBacktestStore.getState();
    const fittedVariants = variants.map((variant) => ({ ...variant, values: fitParams(schema, defaults, variant.values) ?? variant.values }));
    if (fittedVariants.some((variant, index) => variant.values !== variants[index]!.values)) setVariants(() => fittedVariants);
    // paramsFor: Reset form clears it, for the strategy shown as well.
  }, [strategy, schema, update, setup.paramsFor]);

  if (listError) return <EmptyState tone="error" title="Strategies could not be listed" detail={listError} />;
  if (!strategies) return <EmptyState title="Loading strategies…" />;

  const set = (patch: Partial<BacktestSetup>) => update(patch);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const { args, errors: local } = backtestArgs(setup, schema);
    setErrors(local);
    if (!args) return;
    const runId = `bt-${Date.now().toString(36)}`;
    // Taken before the run: fields edited while it runs make its result stale when it lands.
    const key = runKey(setup, schema);
    useBacktestStore.getState().setRunning({ runId, startedAt: Date.now(), done: 0, total: 0 });
    try {
      useBacktestStore.getState().setResult(await api.call('backtest.run', { ...args, runId }), key);
    } catch (reason) {
      setErrors(fieldErrors(reason));
      // What a field shows beside it is not said again under the form.
      setProblem(formError(reason, (path) => shownBeside(setup.source, path) || showsParam(schema, path)));
    } finally {
      useBacktestStore.getState().setRunning(null);
    }
  };
  const cancel = () => {
    if (running) void api.call('backtest.cancel', { runId: running.runId }).catch((reason: unknown) => setProblem(describeError(reason)));
  };

  return (
    <div className="backtests">
      <form className="backtest-form" onSubmit={(e) => void run(e)} aria-label="Backtest settings" noValidate>
        <div className="schema-field">
          <label htmlFor="bt-strategy">{SETTINGS_LABELS.strategy}</label>
          <select id="bt-strategy" value={setup.strategy} onChange={(e) => set({ strategy: e.target.value })}>
            {strategies.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
                {s.builtin ? '' : ' (your file)'}
              </option>
            ))}
          </select>
          {strategy ? <span className="schema-hint muted">{strategy.description}</span> : null}
        </div>
        <fieldset className="segmented source-switch">
          <legend className="field-label">Data</legend>
          {SOURCES.map((source) => (
            <label key={source.id} className={setup.source === source.id ? 'active' : undefined}>
              <input type="radio" name="bt-source" checked={setup.source === source.id} onChange={() => set({ source: source.id })} />
              {source.label}
            </label>
          ))}
        </fieldset>
        <div className="form-row">
          {setup.source === 'simulated' ? (
            <>
              <Field id="bt-seed" label={SETTINGS_LABELS.seed} value={setup.seed} onChange={(seed) => set({ seed })} error={errors.seed ?? errors['source.seed']} />
              <Field id="bt-bars" label={SETTINGS_LABELS.bars} value={setup.bars} onChange={(bars) => set({ bars })} error={errors.bars ?? errors['source.bars']} />
            </>
          ) : null}
          {setup.source === 'file' ? <Field id="bt-path" label={SETTINGS_LABELS.path} value={setup.path} onChange={(path) => set({ path })} error={errors['source.path']} placeholder="BTCUSDT-1m.csv (see Settings → Files)" /> : null}
          {setup.source === 'stored' ? (
            <>
              <Field id="bt-exchange" label={SETTINGS_LABELS.exchange} value={setup.exchange} onChange={(exchange) => set({ exchange })} error={errors['source.exchange']} />
              <div className="schema-field">
                <label htmlFor="bt-stored-tf">{SETTINGS_LABELS.storedTimeframe}</label>
                <select id="bt-stored-tf" value={setup.storedTimeframe} onChange={(e) => set({ storedTimeframe: e.target.value })}>
                  {TIMEFRAMES.map((tf) => (
                    <option key={tf}>{tf}</option>
                  ))}
                </select>
              </div>
            </>
          ) : null}
        </div>
        <div className="form-row">
          <Field id="bt-symbol" label={SETTINGS_LABELS.symbol} value={setup.symbol} onChange={(symbol) => set({ symbol })} error={errors.symbol} placeholder="auto" />
          <Field id="bt-fee" label={SETTINGS_LABELS.fee} value={setup.fee} onChange={(fee) => set({ fee })} error={errors.fee} hint={ofEachFill(setup.fee, 'of each fill')} />
          <Field id="bt-slippage" label={SETTINGS_LABELS.slippage} value={setup.slippage} onChange={(slippage) => set({ slippage })} error={errors.slippage} placeholder="tier default" hint={ofEachFill(setup.slippage, 'on market fills')} />
          <Field id="bt-cash" label={SETTINGS_LABELS.cash} value={setup.cash} onChange={(cash) => set({ cash })} error={errors.cash} />
        </div>
        <details open className="params-details">
          <summary>Parameters</summary>
          {strategy && !strategy.described ? (
            <p className="muted" role={unreadable ? 'alert' : 'status'}>
              {unreadable ?? `Reading ${strategy.name} in its sandbox…`}
            </p>
          ) : (
            <SchemaForm schema={schema} values={setup.params} onChange={(params) => set({ params })} errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^params\./, ''), v]))} />
          )}
        </details>
        <div className="segmented mode-switch" role="group" aria-label="Backtest mode">
          <button type="button" aria-pressed={mode === 'single'} onClick={() => setMode('single')}>
            Single run
          </button>
          <button type="button" aria-pressed={mode === 'shadow'} onClick={() => setMode('shadow')}>
            Compare variants
          </button>
          <button type="button" aria-pressed={mode === 'sweep'} onClick={() => setMode('sweep')}>
            Sweep
          </button>
        </div>
        {mode === 'single' ? (
          running ? (
            <Progress label={`Backtesting ${setup.strategy}…`} done={running.done} total={running.total} startedAt={running.startedAt} now={now} onCancel={cancel} />
          ) : (
            <button ref={runButton} type="submit" className="primary">
              Run backtest
            </button>
          )
        ) : null}
        {/* A file that cannot be read says so once: under Parameters, where its form would be (the run fails for that same reason). */}
        <FormProblem message={problem === unreadable ? null : problem} />
        {/* The form is remembered across reloads and restarts: this is the way back to a new one. */}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            reset();
            setErrors({});
            setProblem(null);
          }}
        >
          Reset form
        </button>
      </form>
      <div className="backtest-output">
        {mode === 'shadow' ? (
          <ShadowCompare schema={schema} />
        ) : mode === 'sweep' ? (
          <SweepPanel schema={schema} />
        ) : result ? (
          <BacktestResult result={result} stale={runKey(setup, schema) !== resultKey} />
        ) : (
          <EmptyState title="No backtest yet" detail="Pick a strategy and data, then Run backtest. The same engine and exits as live trading; results are deterministic for the same data and parameters." />
        )}
      </div>
    </div>
  );
}

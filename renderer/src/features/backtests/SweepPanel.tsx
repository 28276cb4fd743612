import { useRef } from 'react';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { EmptyState } from '../../app/EmptyState';
import { FormProblem } from '../../app/FormProblem';
import { useFocusWhenDone } from '../../app/focus-kept';
import { Progress } from '../../app/Progress';
import { useNow } from '../../app/useNow';
import type { JsonObjectSchema } from '../../app/forms/SchemaForm';
import { useBacktestStore } from '../../stores/backtest';
import { settingsLabel } from './settings-labels';
import { defaultRange, FOLD_METRICS, sweepable, sweepArgs, sweepKey, type RangeDraft, type SweepDraft } from './sweep-setup';
import { StaleNote } from './StaleNote';
import { useSweepStore } from './sweep-store';
import { timeLeft } from './time-left';
import { SweepResults } from './SweepResults';


/** Error paths this form shows beside a field of its own. */
const shownHere = (key: string) => key === 'sweep' || key.startsWith('sweep.') || key.startsWith('walkForward') || key === 'random' || key === 'workers';

/** The id of the message beside a field (or a range's row), which the field names as its description. */
const errorId = (key: string) => `sweep-error-${key.replace(/\W+/g, '-')}`;

function Text({ label, value, onChange, error, errorOf, placeholder, width }: { label: string; value: string; onChange(value: string): void; error?: string; errorOf: string; placeholder?: string; width?: number }) {
  return (
    <input
      aria-label={label}
      value={value}
      placeholder={placeholder}
      aria-invalid={!!error}
      aria-describedby={error ? errorId(errorOf) : undefined}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      spellCheck={false}
      style={width ? { width } : undefined}
    />
  );
}

/**
 * Sweep mode: every combination of the ticked parameters' ranges (or a random draw of them) is a full
 * backtest on the data and settings on the left, run on worker threads; optionally walk-forward.
 */
export function SweepPanel({ schema }: { schema: JsonObjectSchema }) {
  const setup = useBacktestStore((s) => s.setup);
  const draft = useBacktestStore((s) => s.sweep);
  const setDraft = useBacktestStore((s) => s.setSweep);
  const { running, result, resultKey, errors, problem, setProblems } = useSweepStore();
  // In the store, not this component: a run outlives the panel when the trader switches tabs or modes.
  const setErrors = (next: Record<string, string>) => setProblems(next, useSweepStore.getState().problem);
  const setProblem = (next: string | null) => setProblems(useSweepStore.getState().errors, next);
  const now = useNow(running !== null);
  const runButton = useRef<HTMLButtonElement>(null);
  useFocusWhenDone(running !== null, runButton);
  const names = sweepable(schema);
  const shown = result?.strategy === setup.strategy ? result : null;

  // A range is shown for every numeric parameter; it starts around the form's value and counts once ticked.
  const rangeOf = (name: string): RangeDraft => draft.ranges[name] ?? { ...defaultRange(schema, name, String(setup.params[name] ?? '')), on: false };
  const setRange = (name: string, patch: Partial<RangeDraft>) => setDraft({ ...draft, ranges: { ...draft.ranges, [name]: { ...rangeOf(name), ...patch } } });
  const set = (patch: Partial<SweepDraft>) => setDraft({ ...draft, ...patch });

  // Ranges of another strategy's parameters are not this one's to sweep.
  const ownDraft = (): SweepDraft => ({ ...draft, ranges: Object.fromEntries(Object.entries(draft.ranges).filter(([name]) => names.includes(name))) });

  const run = async () => {
    setProblem(null);
    const { args, errors: local } = sweepArgs(setup, schema, ownDraft());
    setErrors(local);
    if (!args) {
      const elsewhere = Object.entries(local).filter(([key]) => !shownHere(key));
      if (elsewhere.length > 0) setProblem(`Check the settings on the left: ${elsewhere.map(([k, v]) => `${settingsLabel(schema, k) ?? k} ${v}`).join('; ')}`);
      return;
    }
    const store = useSweepStore.getState();
    const runId = `sw-${Date.now().toString(36)}`;
    store.setRunning({ runId, startedAt: Date.now(), done: 0, total: 0, etaMs: null, etaAt: Date.now() });
    try {
      store.setResult(await api.call('backtest.sweep', { ...args, runId }), sweepKey(setup, schema, ownDraft()));
    } catch (reason) {
      const fields = fieldErrors(reason);
      setErrors(fields);
      // Problems with a place in this form are shown there; anything else (a setting on the left, a canceled run) below it.
      const keys = Object.keys(fields);
      // A setting on the left is named as its field is labelled there ("Timeframe: …", not "params.timeframe: …").
      setProblem(keys.length > 0 && keys.every(shownHere) ? null : describeError(reason, (path) => settingsLabel(schema, path)));
    } finally {
      useSweepStore.getState().setRunning(null);
    }
  };
  const cancel = () => {
    if (running) void api.call('backtest.cancel', { runId: running.runId }).catch((reason: unknown) => setProblem(describeError(reason)));
  };

  if (names.length === 0) return <EmptyState title="Nothing to sweep" detail={`${setup.strategy || 'This strategy'} has no numeric parameters.`} />;
  return (
    <section className="sweep" aria-label="Parameter sweep">
      <form
        className="sweep-form pad"
        aria-label="Sweep settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <p className="muted small">Every combination of the ticked ranges (both ends included) is a full backtest on the data and settings on the left.</p>
        <table className="data-table sweep-ranges" aria-label="Ranges">
          <thead>
            <tr>
              <th scope="col">Sweep</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Step</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const range = rangeOf(name);
              const error = errors[`sweep.${name}`];
              return (
                <tr key={name} data-range={name}>
                  <th scope="row">
                    <label>
                      <input type="checkbox" checked={range.on} onChange={(e) => setRange(name, { on: e.target.checked })} /> {name}
                    </label>
                    <FieldError message={error} of={`range-${name}`} />
                  </th>
                  <td>
                    <Text label={`${name} from`} value={range.from} onChange={(from) => setRange(name, { from, on: true })} error={error} errorOf={`range-${name}`} width={80} />
                  </td>
                  <td>
                    <Text label={`${name} to`} value={range.to} onChange={(to) => setRange(name, { to, on: true })} error={error} errorOf={`range-${name}`} width={80} />
                  </td>
                  <td>
                    <Text label={`${name} step`} value={range.step} onChange={(step) => setRange(name, { step, on: true })} error={error} errorOf={`range-${name}`} width={80} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <FieldError message={errors.sweep} of="sweep" />
        <div className="form-row">
          <fieldset className="segmented">
            <legend className="field-label">Search</legend>
            {(['grid', 'random'] as const).map((search) => (
              <label key={search} className={draft.search === search ? 'active' : undefined}>
                <input type="radio" name="sweep-search" checked={draft.search === search} onChange={() => set({ search })} />
                {search === 'grid' ? 'Every combination' : 'Random sample'}
              </label>
            ))}
          </fieldset>
          {draft.search === 'random' ? <LabeledText label="Combinations to draw" value={draft.random} onChange={(random) => set({ random })} error={errors.random} /> : null}
          <LabeledText label="Workers" value={draft.workers} onChange={(workers) => set({ workers })} error={errors.workers} placeholder="every core" />
        </div>
        <div className="form-row">
          <label className="check">
            <input type="checkbox" checked={draft.walkForward} onChange={(e) => set({ walkForward: e.target.checked })} /> Walk-forward
          </label>
          {draft.walkForward ? (
            <>
              <LabeledText label="Train days" value={draft.trainDays} onChange={(trainDays) => set({ trainDays })} error={errors.walkForward ?? errors['walkForward.trainDays']} />
              <LabeledText label="Test days" value={draft.testDays} onChange={(testDays) => set({ testDays })} error={errors['walkForward.testDays']} />
              <div className="schema-field">
                <label htmlFor="sweep-select-by">Pick each fold&apos;s best by</label>
                <select id="sweep-select-by" value={draft.selectBy} onChange={(e) => set({ selectBy: FOLD_METRICS.find((m) => m.id === e.target.value)?.id ?? 'sharpe' })}>
                  {FOLD_METRICS.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : null}
        </div>
        {running ? (
          <Progress label="Sweeping…" done={running.done} total={running.total} startedAt={running.startedAt} now={now} etaMs={timeLeft(running, now)} onCancel={cancel} />
        ) : (
          <button ref={runButton} type="submit" className="primary">
            Run sweep
          </button>
        )}
        <FormProblem message={problem} />
      </form>
      {running ? null : shown ? (
        // While a sweep runs, the last one's rows are not offered for Promote / Add as shadow as if they were its.
        <>
          <StaleNote stale={sweepKey(setup, schema, ownDraft()) !== resultKey} rerun="Run sweep" />
          <SweepResults key={shown.runId} result={shown} schema={schema} />
        </>
      ) : result ? (
        // Another strategy's rows under this one's form: Promote would put them in a form they do not fit.
        <EmptyState title={`The last sweep was of ${result.strategy}`} detail={`Pick ${result.strategy} again to see its result, or sweep ${setup.strategy || 'this strategy'}.`} />
      ) : (
        <EmptyState title="No sweep yet" detail="Tick the parameters to vary, set their ranges, then Run sweep." />
      )}
    </section>
  );
}

function LabeledText({ label, value, onChange, error, placeholder }: { label: string; value: string; onChange(value: string): void; error?: string; placeholder?: string }) {
  return (
    <div className="schema-field">
      <label>
        {label}
        <Text label={label} value={value} onChange={onChange} error={error} errorOf={label} placeholder={placeholder} width={90} />
      </label>
      <FieldError message={error} of={label} />
    </div>
  );
}

function FieldError({ message, of }: { message: string | undefined; of: string }) {
  return message ? (
    <span className="field-error" role="alert" id={errorId(of)}>
      {message}
    </span>
  ) : null;
}

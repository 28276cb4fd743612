import type { FormEvent, ReactNode } from 'react';
import { FormProblem } from '../../app/FormProblem';
import './risk-limits.css';

/**
 * One labelled field of a Risk tab configuration form: its hint, and the error (the form's format
 * check or the core's refusal) beside it, announced and tied to the input for screen readers.
 */
export function ConfigField({ id, label, hint, value, error, numeric = true, onChange }: { id: string; label: string; hint: string; value: string; error: string | undefined; numeric?: boolean; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={numeric ? 'num' : undefined}
        inputMode={numeric ? 'decimal' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      <span id={`${id}-hint`} className="muted small">
        {hint}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** One field of a configuration form, as its frame draws it. */
export interface ConfigFieldSpec<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly hint: string;
  readonly numeric?: boolean;
}

/** What the frame reads of `useRiskConfigForm`'s state. */
export interface ConfigFormState<K extends string> {
  readonly id: string;
  readonly values: Record<K, string> | null;
  readonly errors: Partial<Record<K, string>>;
  readonly problem: string | null;
  readonly saved: boolean;
  readonly busy: boolean;
  change(key: K, value: string): void;
  save(event: FormEvent): Promise<void>;
}

/**
 * The frame of a Risk tab configuration form: its titled region, the fields (each with its hint and its
 * error beside it), what follows them, the save button with the saved note, and the form-wide problem.
 */
export function ConfigFormFrame<K extends string>(props: {
  title: string;
  form: ConfigFormState<K>;
  fields: readonly ConfigFieldSpec<K>[];
  saveLabel: string;
  savedNote: string;
  savedTestId: string;
  after?: ReactNode;
  footer?: ReactNode;
}) {
  const { id, values, errors, problem, saved, busy, change, save } = props.form;
  return (
    <section className="risk-section risk-limits-form" aria-label={props.title}>
      <h4>{props.title}</h4>
      {values ? (
        <form onSubmit={(e) => void save(e)} noValidate>
          <div className="limit-fields">
            {props.fields.map(({ key, label, hint, numeric }) => (
              <ConfigField key={key} id={`${id}-${key}`} label={label} hint={hint} numeric={numeric} value={values[key]} error={errors[key]} onChange={(value) => change(key, value)} />
            ))}
          </div>
          {props.after}
          <div className="button-row">
            <button type="submit" disabled={busy}>
              {props.saveLabel}
            </button>
            {saved ? (
              <span className="form-ok" role="status" data-testid={props.savedTestId}>
                {props.savedNote}
              </span>
            ) : null}
          </div>
        </form>
      ) : null}
      <FormProblem message={problem} />
      {props.footer}
    </section>
  );
}

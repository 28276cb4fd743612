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

/**
 * The frame of a Risk tab configuration form: its titled region, the fields' grid, what follows them,
 * the save button with the saved note, and the form-wide problem (field problems stay beside their fields).
 */
export function ConfigFormFrame(props: { title: string; loaded: boolean; busy: boolean; saveLabel: string; saved: string | null; savedTestId: string; problem: string | null; onSubmit(event: FormEvent): void; fields: ReactNode; after?: ReactNode; footer?: ReactNode }) {
  return (
    <section className="risk-section risk-limits-form" aria-label={props.title}>
      <h4>{props.title}</h4>
      {props.loaded ? (
        <form onSubmit={props.onSubmit} noValidate>
          <div className="limit-fields">{props.fields}</div>
          {props.after}
          <div className="button-row">
            <button type="submit" disabled={props.busy}>
              {props.saveLabel}
            </button>
            {props.saved ? (
              <span className="form-ok" role="status" data-testid={props.savedTestId}>
                {props.saved}
              </span>
            ) : null}
          </div>
        </form>
      ) : null}
      <FormProblem message={props.problem} />
      {props.footer}
    </section>
  );
}

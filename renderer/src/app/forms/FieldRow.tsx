import type { InputHTMLAttributes, ReactNode } from 'react';

/** What ties a control to the message beside it: marked invalid, and described by the message while there is one. */
export function describedBy(id: string, error: string | undefined): { 'aria-invalid': boolean; 'aria-describedby'?: string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : { 'aria-invalid': false };
}

/** The core's message for one field, beside it: `id` is what the control's aria-describedby names. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={id} className="field-error" role="alert">
      {message}
    </span>
  ) : null;
}

/**
 * A row of a two-column form (`.form-grid`): the label, then the control in a box of its own with the core's
 * message for that field beside it. The control spreads `describedBy(id, error)` (TextRow does, for a text input).
 */
export function FieldRow({ id, label, error, children }: { id: string; label: string; error: string | undefined; children: ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <span className="field-box">
        {children}
        <FieldError id={`${id}-error`} message={error} />
      </span>
    </>
  );
}

/** A text field's row: its input tied to the message beside it. What the trader types is not offered back by the browser. */
export function TextRow({
  id,
  label,
  error,
  value,
  onChange,
  ...input
}: { id: string; label: string; error: string | undefined; value: string; onChange(value: string): void } & Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'placeholder' | 'list' | 'spellCheck'>) {
  return (
    <FieldRow id={id} label={label} error={error}>
      <input id={id} autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} {...input} {...describedBy(id, error)} />
    </FieldRow>
  );
}

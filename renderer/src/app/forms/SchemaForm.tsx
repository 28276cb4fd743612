import { useId } from 'react';
import { paramLabel } from './param-label';

/** The subset of JSON Schema (as zod's `toJSONSchema` emits it) the parameter forms understand. */
export interface JsonSchemaProperty {
  type?: 'number' | 'integer' | 'boolean' | 'string' | 'array' | 'object';
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: readonly (string | number)[];
  /** What a quantity is counted in (a strategy's `.meta({ unit })`): `base`, the traded symbol's base coin. */
  unit?: string;
}

export interface JsonObjectSchema {
  type?: 'object';
  properties?: Record<string, JsonSchemaProperty>;
  required?: readonly string[];
}

/** Form values stay text until submitted, so "0." or "" can be typed; the core validates. */
export type FormValues = Record<string, string | boolean>;

export function initialValues(schema: JsonObjectSchema, current: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = current[key] ?? prop.default;
    values[key] = prop.type === 'boolean' ? value === true : value === undefined || value === null ? '' : String(value);
  }
  return values;
}

/**
 * Turns the text back into JSON for the core: numbers parse strictly (an invalid number is sent as
 * the text, so the core's validator names the field), empty optional fields are left out.
 */
export function toParams(schema: JsonObjectSchema, values: FormValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = values[key];
    if (typeof value === 'boolean') params[key] = value;
    else if (value === undefined || value.trim() === '') continue;
    else if (prop.type === 'number' || prop.type === 'integer') params[key] = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    else params[key] = value;
  }
  return params;
}

/** Whether a form of `schema` shows the core's issue at `path` beside a field (`params.fast`). */
export function showsParam(schema: JsonObjectSchema, path: string): boolean {
  return path.startsWith('params.') && Object.hasOwn(schema.properties ?? {}, path.slice('params.'.length));
}

/** The allowed range as the hint says it; a strict bound (`positive()`: greater than 0) reads > or <. */
function bounds(prop: JsonSchemaProperty): string {
  const low = prop.minimum ?? prop.exclusiveMinimum;
  const high = prop.maximum ?? prop.exclusiveMaximum;
  const strictLow = prop.minimum === undefined && prop.exclusiveMinimum !== undefined;
  const strictHigh = prop.maximum === undefined && prop.exclusiveMaximum !== undefined;
  if (low !== undefined && high !== undefined && !strictLow && !strictHigh) return `${low} – ${high}`;
  return [low === undefined ? '' : `${strictLow ? '>' : '≥'} ${low}`, high === undefined ? '' : `${strictHigh ? '<' : '≤'} ${high}`].filter(Boolean).join(', ');
}

/** A base-coin quantity's unit for the symbols it applies to: one coin named, several named per symbol. */
function unitOf(prop: JsonSchemaProperty, symbols: readonly string[] | undefined): string {
  if (prop.unit !== 'base') return '';
  const bases = [...new Set((symbols ?? []).map((symbol) => symbol.split('/')[0]!))];
  if (bases.length === 1) return `in ${bases[0]!}`;
  if (bases.length > 1) return `in each symbol’s base coin, per symbol (${bases.join(', ')})`;
  return 'in the symbol’s base coin';
}

/** The hint under a field: its bounds, default and unit, each said once and joined by " · ". */
function hintOf(prop: JsonSchemaProperty, symbols: readonly string[] | undefined): string {
  return [bounds(prop), prop.default !== undefined ? `default ${String(prop.default)}` : '', unitOf(prop, symbols)].filter(Boolean).join(' · ');
}


/** A form generated from a parameter schema: one labelled field per property, defaults and bounds shown, errors from the core beside each field. */
export function SchemaForm({ schema, values, onChange, errors = {}, disabled = false, symbols }: { schema: JsonObjectSchema; values: FormValues; onChange(values: FormValues): void; errors?: Record<string, string>; disabled?: boolean; symbols?: readonly string[] }) {
  const id = useId();
  return (
    <div className="schema-form">
      {Object.entries(schema.properties ?? {}).map(([key, prop]) => {
        const fieldId = `${id}-${key}`;
        const label = paramLabel(schema, key);
        const error = errors[key] ?? errors[`params.${key}`];
        const value = values[key];
        return (
          <div key={key} className="schema-field">
            <label htmlFor={fieldId} title={prop.description}>
              {label}
            </label>
            {prop.type === 'boolean' ? (
              <input id={fieldId} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange({ ...values, [key]: e.target.checked })} />
            ) : prop.enum ? (
              <select id={fieldId} value={String(value ?? '')} disabled={disabled} onChange={(e) => onChange({ ...values, [key]: e.target.value })}>
                {prop.enum.map((option) => (
                  <option key={String(option)} value={String(option)}>
                    {String(option)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={fieldId}
                inputMode={prop.type === 'number' || prop.type === 'integer' ? 'decimal' : undefined}
                value={String(value ?? '')}
                disabled={disabled}
                aria-invalid={!!error}
                onChange={(e) => onChange({ ...values, [key]: e.target.value })}
                className={prop.type === 'number' || prop.type === 'integer' ? 'num' : undefined}
              />
            )}
            <span className="schema-hint muted">{hintOf(prop, symbols)}</span>
            {error ? (
              <span className="field-error" role="alert">
                {error}
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

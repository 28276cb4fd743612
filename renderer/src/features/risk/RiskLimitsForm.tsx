import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { describeBounds, LIMIT_BOUNDS, LIMIT_FIELDS, mergeLimits, serverLimitErrors, validateLimits, valuesFromConfig, type LimitErrors, type LimitValues } from './limit-fields';
import { FormProblem } from '../../app/FormProblem';
import './risk-limits.css';

/**
 * Risk tab → Risk limits: the six limits every order (paper, live, manual, strategy) is checked
 * against. Checked here with the core's own schema, saved through `risk.config.set` onto the stored
 * configuration (other risk settings are kept), applied and audited by the core at once. Saved
 * limits are also what arming a live account requires.
 */
/** The stored "cancel protective stops on emergency stop" setting (off unless saved on). */
function protectiveFromConfig(config: Record<string, unknown>): boolean {
  const section = config.emergencyStop;
  return typeof section === 'object' && section !== null && (section as Record<string, unknown>).cancelProtectiveStops === true;
}

export function RiskLimitsForm() {
  const id = useId();
  const [values, setValues] = useState<LimitValues | null>(null);
  const [cancelProtective, setCancelProtective] = useState(false);
  const [errors, setErrors] = useState<LimitErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    api
      .call('risk.config.get', {})
      .then((config) => {
        if (!alive) return;
        setValues(valuesFromConfig(config));
        setCancelProtective(protectiveFromConfig(config));
      })
      .catch((reason: unknown) => alive && setProblem(`The risk limits could not be read: ${describeError(reason)}`));
    return () => {
      alive = false;
    };
  }, []);

  const change = (key: keyof LimitValues, value: string) => {
    if (!values) return;
    setValues({ ...values, [key]: value });
    setErrors((previous) => ({ ...previous, [key]: undefined }));
    setSaved(false);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!values) return;
    setProblem(null);
    setSaved(false);
    const checked = validateLimits(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      // Straight to the first field to fix, as a keyboard or screen-reader user needs.
      const first = LIMIT_FIELDS.find(({ key }) => checked.errors[key]);
      if (first) document.getElementById(`${id}-${first.key}`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      // Merged onto the configuration as stored now, so a change made elsewhere meanwhile is kept.
      const current = await api.call('risk.config.get', {});
      const merged = mergeLimits(current, checked.limits);
      const emergencyStop = { ...(typeof current.emergencyStop === 'object' && current.emergencyStop !== null ? current.emergencyStop : {}), cancelProtectiveStops: cancelProtective };
      const stored = await api.call('risk.config.set', { config: { ...merged, emergencyStop } });
      setValues(valuesFromConfig(stored));
      setCancelProtective(protectiveFromConfig(stored));
      setSaved(true);
    } catch (reason) {
      const byField = serverLimitErrors(reason);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setProblem(`The limits were not saved: ${describeError(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="risk-section risk-limits-form" aria-label="Risk limits">
      <h4>Risk limits</h4>
      {values ? (
        <form onSubmit={(e) => void save(e)} noValidate>
          <div className="limit-fields">
            {LIMIT_FIELDS.map(({ key, label, hint }) => {
              const fieldId = `${id}-${key}`;
              const error = errors[key];
              return (
                <div key={key} className="field">
                  <label htmlFor={fieldId}>{label}</label>
                  <input
                    id={fieldId}
                    className="num"
                    inputMode="decimal"
                    autoComplete="off"
                    value={values[key]}
                    onChange={(e) => change(key, e.target.value)}
                    aria-invalid={!!error}
                    aria-describedby={`${fieldId}-hint${error ? ` ${fieldId}-error` : ''}`}
                  />
                  <span id={`${fieldId}-hint`} className="muted small">
                    {hint} Allowed: {describeBounds(LIMIT_BOUNDS[key])}.
                  </span>
                  {error ? (
                    <span id={`${fieldId}-error`} className="field-error" role="alert">
                      {error}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </div>
          <label className="check-row">
            <input
              type="checkbox"
              checked={cancelProtective}
              onChange={(e) => {
                setCancelProtective(e.target.checked);
                setSaved(false);
              }}
            />
            Cancel protective stops on emergency stop
          </label>
          <p className="muted small">Off (the default): stops resting at the venue keep protecting what is still held after an emergency stop; Flatten cancels them as it sells.</p>
          <div className="button-row">
            <button type="submit" disabled={busy}>
              Save limits
            </button>
            {saved ? (
              <span className="form-ok" role="status" data-testid="risk-limits-saved">
                Limits saved — every new order is checked against them from now on.
              </span>
            ) : null}
          </div>
        </form>
      ) : null}
      <FormProblem message={problem} />
      <p className="muted small">Saved limits are required before a live account can be armed (Settings → Accounts).</p>
    </section>
  );
}

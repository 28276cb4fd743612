import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

type Config = Record<string, unknown>;
type Errors<K extends string> = Partial<Record<K, string>>;

export interface RiskConfigFormRules<K extends string> {
  /** The fields' keys in the order shown: the first with an error gets the focus. */
  readonly order: readonly K[];
  /** The fields' texts from the stored configuration. */
  read(config: Config): Record<K, string>;
  /** The form's own check (never the core's rules); when it passes, how the typed values go onto the stored configuration. */
  check(values: Record<K, string>): { ok: true; apply(current: Config): Config } | { ok: false; errors: Errors<K> };
  /** The core's refusal, by field. */
  refused(reason: unknown): Errors<K>;
  /** Told the stored configuration on load and after each save (for settings kept outside the text fields). */
  stored?(config: Config): void;
  readonly readProblem: string;
  readonly saveProblem: string;
}

/**
 * The Risk tab's configuration forms: read the stored risk configuration, check the format, merge the
 * typed values onto the configuration as stored at that moment and save it through `risk.config.set`
 * (the core validates, applies and audits); a refusal goes beside the fields it names and what was
 * typed stays.
 */
export function useRiskConfigForm<K extends string>(rules: RiskConfigFormRules<K>) {
  const id = useId();
  const [values, setValues] = useState<Record<K, string> | null>(null);
  const [errors, setErrors] = useState<Errors<K>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { read, stored, readProblem } = rules;

  useEffect(() => {
    let alive = true;
    api
      .call('risk.config.get', {})
      .then((config) => {
        if (!alive) return;
        setValues(read(config));
        stored?.(config);
      })
      .catch((reason: unknown) => alive && setProblem(`${readProblem}: ${describeError(reason)}`));
    return () => {
      alive = false;
    };
    // Read once, when the form is shown: the rules are the same on every render.
  }, []);

  const change = (key: K, value: string) => {
    if (!values) return;
    setValues({ ...values, [key]: value });
    setErrors((previous) => ({ ...previous, [key]: undefined }));
    setSaved(false);
  };

  // Straight to the first field to fix, as a keyboard or screen-reader user needs.
  const showErrors = (found: Errors<K>) => {
    setErrors(found);
    const first = rules.order.find((key) => found[key]);
    if (first) document.getElementById(`${id}-${first}`)?.focus();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!values) return;
    setProblem(null);
    setSaved(false);
    const checked = rules.check(values);
    if (!checked.ok) return showErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      // Merged onto the configuration as stored now, so a change made elsewhere meanwhile is kept.
      const current = await api.call('risk.config.get', {});
      const next = await api.call('risk.config.set', { config: checked.apply(current) });
      setValues(rules.read(next));
      rules.stored?.(next);
      setSaved(true);
    } catch (reason) {
      const byField = rules.refused(reason);
      showErrors(byField);
      if (Object.keys(byField).length === 0) setProblem(`${rules.saveProblem}: ${describeError(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  return { id, values, errors, problem, saved, busy, change, save, unsave: () => setSaved(false) };
}

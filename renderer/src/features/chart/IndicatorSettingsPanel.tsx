import { useState } from 'react';
import { useDropdown } from '../../app/useDropdown';
import { INDICATORS, usePreferencesStore, type IndicatorId } from '../../stores/preferences';
import { INDICATOR_PARAMETERS, PRICE_SOURCES, SOURCE_LABELS, indicatorLabel, relationProblems, useChartSettingsStore, valueProblem, type NumberParameter, type PriceSource } from './chart-settings';

/** Why `text` is not a valid value of `parameter`, in the trader's words; null when it is. */
export function numberProblem(parameter: NumberParameter, text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'required';
  const pattern = parameter.integer ? /^\d{1,4}$/ : /^\d{1,3}(\.\d{1,4})?$/;
  return valueProblem(parameter, pattern.test(trimmed) ? Number(trimmed) : Number.NaN);
}

/**
 * One indicator's parameters: they apply as soon as every one is valid and they fit together (MACD's
 * fast shorter than its slow); a wrong one says why beside it and what the trader typed stays.
 */
function IndicatorFields({ id }: { id: IndicatorId }) {
  const settings = useChartSettingsStore((s) => s.indicators[id]);
  const setIndicator = useChartSettingsStore((s) => s.setIndicator);
  const resetIndicator = useChartSettingsStore((s) => s.resetIndicator);
  const spec = INDICATOR_PARAMETERS[id];
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const textOf = (parameter: NumberParameter, from = drafts) => from[parameter.key] ?? String(settings.numbers[parameter.key] ?? parameter.initial);

  const change = (parameter: NumberParameter, text: string) => {
    const nextDrafts = { ...drafts, [parameter.key]: text };
    setDrafts(nextDrafts);
    const next: Record<string, string> = {};
    for (const each of spec.numbers) {
      const problem = numberProblem(each, textOf(each, nextDrafts));
      if (problem !== null) next[each.key] = problem;
    }
    const numbers = Object.fromEntries(spec.numbers.map((each) => [each.key, Number(textOf(each, nextDrafts).trim())]));
    if (Object.keys(next).length === 0) Object.assign(next, relationProblems(id, numbers, parameter.key));
    setProblems(next);
    if (Object.keys(next).length === 0) setIndicator(id, { ...settings, numbers: { ...settings.numbers, ...numbers } });
  };

  return (
    <fieldset className="indicator-fields" aria-label={`${spec.name} settings`}>
      <legend>{indicatorLabel(id, settings)}</legend>
      {spec.numbers.map((parameter) => {
        const fieldId = `indicator-${id}-${parameter.key}`;
        const problem = problems[parameter.key];
        return (
          <label key={parameter.key} htmlFor={fieldId}>
            <span>{`${spec.name} ${parameter.label.toLowerCase()}`}</span>
            <input
              id={fieldId}
              inputMode={parameter.integer ? 'numeric' : 'decimal'}
              value={textOf(parameter)}
              aria-invalid={problem !== undefined}
              aria-describedby={problem ? `${fieldId}-error` : undefined}
              onChange={(event) => change(parameter, event.target.value)}
            />
            {problem ? (
              <span id={`${fieldId}-error`} className="field-error" role="alert">
                {`${parameter.label}: ${problem}`}
              </span>
            ) : null}
          </label>
        );
      })}
      <label>
        <span>{`${spec.name} source`}</span>
        <select value={settings.source} onChange={(event) => setIndicator(id, { ...settings, source: event.target.value as PriceSource })}>
          {PRICE_SOURCES.map((source) => (
            <option key={source} value={source}>
              {SOURCE_LABELS[source]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{`${spec.name} colour`}</span>
        <input type="color" value={settings.color} onChange={(event) => setIndicator(id, { ...settings, color: event.target.value })} />
      </label>
      <button
        type="button"
        className="small-btn"
        onClick={() => {
          setDrafts({});
          setProblems({});
          resetIndicator(id);
        }}
      >
        {`Reset ${spec.name}`}
      </button>
    </fieldset>
  );
}

/** The toolbar's "Indicator settings": period(s), source and colour of each indicator on the chart. */
export function IndicatorSettingsPanel() {
  const active = usePreferencesStore((s) => s.indicators);
  const { open, setOpen, anchor } = useDropdown<HTMLDivElement>();
  const shown = INDICATORS.filter((id) => active.includes(id));
  return (
    <div className="menu-anchor" ref={anchor}>
      <button type="button" className="ghost icon-button" aria-label="Indicator settings" title="Indicator settings" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">⚙</span>
      </button>
      {open ? (
        <div className="menu indicator-settings" role="group" aria-label="Indicator settings">
          {shown.length === 0 ? <p className="muted small">Add an indicator from the Indicators menu first.</p> : shown.map((id) => <IndicatorFields key={id} id={id} />)}
        </div>
      ) : null}
    </div>
  );
}

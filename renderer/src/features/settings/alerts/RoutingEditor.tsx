import { ALERT_KIND_LABELS, ALERT_KINDS, ALERT_LEVELS } from '../../../../../core/api/contract/alerts';

export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export interface Routing {
  kinds: AlertKind[];
  minLevel: AlertLevel;
}

const LEVEL_LABELS: Record<AlertLevel, string> = { info: 'Everything (info and up)', warning: 'Warnings and critical', critical: 'Critical only' };

/** Which kinds of alert a channel gets, and from which level up. */
export function RoutingEditor({ value, onChange, idPrefix }: { value: Routing; onChange(next: Routing): void; idPrefix: string }) {
  const toggle = (kind: AlertKind) => onChange({ ...value, kinds: value.kinds.includes(kind) ? value.kinds.filter((k) => k !== kind) : ALERT_KINDS.filter((k) => k === kind || value.kinds.includes(k)) });
  return (
    <fieldset className="routing" aria-label="Routing">
      <legend className="field-label">Send these alerts</legend>
      <ul className="check-list routing-kinds">
        {ALERT_KINDS.map((kind) => (
          <li key={kind}>
            <label>
              <input type="checkbox" checked={value.kinds.includes(kind)} onChange={() => toggle(kind)} />
              {ALERT_KIND_LABELS[kind]}
            </label>
          </li>
        ))}
      </ul>
      <label htmlFor={`${idPrefix}-level`}>Minimum level</label>{' '}
      <select id={`${idPrefix}-level`} value={value.minLevel} onChange={(e) => onChange({ ...value, minLevel: e.target.value as AlertLevel })}>
        {ALERT_LEVELS.map((level) => (
          <option key={level} value={level}>
            {LEVEL_LABELS[level]}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

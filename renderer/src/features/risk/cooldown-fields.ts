import { riskBreakerTimeZonePath, riskCooldownNumberFields, type RiskCooldownNumberKey } from '../../../../core/api/contract/risk-cooldowns';
import { boundsOf, coreIssues, describeBounds, issueNames, NUMBER_TEXT, valueAt, withValueAt } from './config-field-rules';

/**
 * Risk tab → Cooldowns and breaker: the fields, read from and merged into the stored risk
 * configuration. The form checks only the format (a number, a name); what is allowed is the core's
 * schema's to say, and its refusal is shown beside the field its path names.
 */
export type CooldownKey = RiskCooldownNumberKey | 'timeZone';
export type CooldownValues = Record<CooldownKey, string>;
export type CooldownErrors = Partial<Record<CooldownKey, string>>;

interface CooldownField {
  readonly key: CooldownKey;
  readonly label: string;
  readonly hint: string;
  readonly path: readonly string[];
  readonly numeric: boolean;
}

const tierHours = (key: RiskCooldownNumberKey, tier: string): CooldownField => ({
  key,
  label: `Cooldown after stop-losses, ${tier} tier (hours)`,
  hint: `How long new entries on a ${tier}-tier symbol are blocked once it has had the stop-losses above.`,
  path: riskCooldownNumberFields[key].path,
  numeric: true,
});

/** The form's fields in the order shown; labels are promises to traders' scripts. */
export const COOLDOWN_FIELDS: readonly CooldownField[] = [
  { key: 'stopCooldownStops', label: 'Stop-losses before a cooldown', hint: 'Consecutive stop-losses on one symbol that block new entries there; a take-profit resets the count.', path: riskCooldownNumberFields.stopCooldownStops.path, numeric: true },
  tierHours('stopCooldownHoursLarge', 'large'),
  tierHours('stopCooldownHoursMid', 'mid'),
  tierHours('stopCooldownHoursSmall', 'small'),
  tierHours('stopCooldownHoursMeme', 'meme'),
  { key: 'tradeCooldownMinutes', label: 'Trade cooldown (minutes)', hint: 'After a position closes, the same strategy (or manual trading) may enter that symbol again only this much later; 0 = off.', path: riskCooldownNumberFields.tradeCooldownMinutes.path, numeric: true },
  { key: 'timeZone', label: 'Trading day time zone', hint: 'Whose midnight starts the daily-loss breaker’s trading day: UTC or a name such as Europe/Berlin or America/New_York.', path: riskBreakerTimeZonePath, numeric: false },
];

/** Each field's hint, with "Allowed: …" from the core's schema beside the numbers (worked out once). */
export const COOLDOWN_HINTS: Record<CooldownKey, string> = Object.fromEntries(
  COOLDOWN_FIELDS.map((field) => [field.key, field.key === 'timeZone' ? field.hint : `${field.hint} Allowed: ${describeBounds(boundsOf(riskCooldownNumberFields[field.key].schema))}.`]),
) as Record<CooldownKey, string>;

/** Reads the settings out of the stored configuration; anything missing or odd shows empty (and must be filled). */
export function cooldownValuesFromConfig(config: Record<string, unknown>): CooldownValues {
  const values = {} as CooldownValues;
  for (const { key, path, numeric } of COOLDOWN_FIELDS) {
    const value = valueAt(config, path);
    values[key] = numeric ? (typeof value === 'number' && Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value : '';
  }
  return values;
}

/** The format check before anything is sent: each field filled, numbers written as numbers. */
export function checkCooldownFormat(values: CooldownValues): { ok: true; settings: Record<CooldownKey, number | string> } | { ok: false; errors: CooldownErrors } {
  const errors: CooldownErrors = {};
  const settings = {} as Record<CooldownKey, number | string>;
  for (const { key, label, numeric } of COOLDOWN_FIELDS) {
    const text = values[key].trim();
    if (text === '') errors[key] = `${label} is required`;
    else if (numeric && !NUMBER_TEXT.test(text)) errors[key] = `${label} must be a number, like 12`;
    else settings[key] = numeric ? Number(text) : text;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}

/** The stored configuration with only these settings changed: limits, regime and the rest are kept. */
export function mergeCooldowns(current: Record<string, unknown>, settings: Record<CooldownKey, number | string>): Record<string, unknown> {
  return COOLDOWN_FIELDS.reduce((next, { key, path }) => withValueAt(next, path, settings[key]), current);
}

/** The core's refusal of `risk.config.set`, by field (an issue naming none of these is left to the form's message). */
export function serverCooldownErrors(reason: unknown): CooldownErrors {
  const errors: CooldownErrors = {};
  for (const issue of coreIssues(reason)) {
    const field = COOLDOWN_FIELDS.find(({ path }) => issueNames(issue.path, path));
    if (field) errors[field.key] ??= `${field.label} was refused by the core: ${issue.message}`;
  }
  return errors;
}

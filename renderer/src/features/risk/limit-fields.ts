import { riskLimitFields, type RiskLimitKey } from '../../../../core/api/contract/risk-limits';
import { boundsOf, coreIssues, describeBounds, issueNames, NUMBER_TEXT, sectionOf, type Bounds } from './config-field-rules';

export { describeBounds };

/** The form's fields in the order shown; labels are promises to traders' scripts (issue 12). */
export const LIMIT_FIELDS: readonly { key: RiskLimitKey; label: string; hint: string }[] = [
  { key: 'maxOrderNotional', label: 'Max order notional', hint: 'Largest single entry order, in the quote currency (USDT on BTC/USDT).' },
  { key: 'maxExposurePerSymbolPct', label: 'Max exposure per symbol (%)', hint: 'Position plus resting entry orders on one symbol, as % of equity.' },
  { key: 'maxExposureTotalPct', label: 'Max total exposure (%)', hint: 'All positions plus resting entry orders, as % of equity (100 = no leverage).' },
  { key: 'maxOpenPositionsTotal', label: 'Max open positions', hint: 'Open positions across every strategy and manual trading.' },
  { key: 'maxOpenPositionsPerStrategy', label: 'Max open positions per strategy', hint: 'Open positions one strategy configuration may hold.' },
  { key: 'dailyLossPct', label: 'Daily loss limit (%)', hint: 'Today’s loss (realized + unrealized) that halts new entries, as % of the day’s starting equity.' },
  { key: 'maxSlippagePct', label: 'Max slippage (%)', hint: 'A market entry whose expected fill from the order book is this much worse than the last price is refused.' },
];

export type LimitValues = Record<RiskLimitKey, string>;
export type LimitNumbers = Record<RiskLimitKey, number>;
export type LimitErrors = Partial<Record<RiskLimitKey, string>>;

export const LIMIT_BOUNDS: Record<RiskLimitKey, Bounds> = Object.fromEntries(LIMIT_FIELDS.map(({ key }) => [key, boundsOf(riskLimitFields[key].schema)])) as Record<RiskLimitKey, Bounds>;

const labelOf = (key: RiskLimitKey) => LIMIT_FIELDS.find((field) => field.key === key)?.label ?? key;

/** Reads the limits out of the stored configuration; anything missing or odd shows empty (and must be filled). */
export function valuesFromConfig(config: Record<string, unknown>): LimitValues {
  const values = {} as LimitValues;
  for (const { key } of LIMIT_FIELDS) {
    const value = sectionOf(config, riskLimitFields[key].section)[key];
    values[key] = typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  }
  return values;
}

/** Checks every field with the core's own schema; the messages name the field. */
export function validateLimits(values: LimitValues): { ok: true; limits: LimitNumbers } | { ok: false; errors: LimitErrors } {
  const errors: LimitErrors = {};
  const limits = {} as LimitNumbers;
  for (const { key, label } of LIMIT_FIELDS) {
    const text = values[key].trim();
    const bounds = LIMIT_BOUNDS[key];
    if (text === '') errors[key] = `${label} is required`;
    else if (!NUMBER_TEXT.test(text)) errors[key] = `${label} must be a number, like ${bounds.integer ? '20' : '12.5'}`;
    else if (bounds.integer && !Number.isInteger(Number(text))) errors[key] = `${label} must be a whole number`;
    else if (!riskLimitFields[key].schema.safeParse(Number(text)).success) errors[key] = `${label} must be ${describeBounds(bounds)}`;
    else limits[key] = Number(text);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, limits };
}

/** The stored configuration with only these limits changed: regime, cooldowns and the rest are kept. */
export function mergeLimits(current: Record<string, unknown>, limits: LimitNumbers): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const { key } of LIMIT_FIELDS) {
    const section = riskLimitFields[key].section;
    next[section] = { ...sectionOf(next, section), [key]: limits[key] };
  }
  return next;
}

/** The core's refusal of `risk.config.set`, by limit (an issue naming no limit is left to the form's message). */
export function serverLimitErrors(reason: unknown): LimitErrors {
  const errors: LimitErrors = {};
  for (const issue of coreIssues(reason)) {
    const key = LIMIT_FIELDS.find(({ key: candidate }) => issueNames(issue.path, [riskLimitFields[candidate].section, candidate]))?.key;
    if (key) errors[key] ??= `${labelOf(key)} was refused by the core: ${issue.message}`;
  }
  return errors;
}

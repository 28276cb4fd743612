import { z } from 'zod';
import { riskLimitFields, type RiskLimitKey } from '../../../../core/api/contract/risk-limits';
import { ApiError } from '../../../../core/api/errors';

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

interface Bounds {
  readonly integer: boolean;
  readonly min: number | null;
  readonly minExclusive: boolean;
  readonly max: number | null;
  readonly maxExclusive: boolean;
}

const jsonNumberSchema = z.looseObject({
  type: z.enum(['number', 'integer']),
  minimum: z.number().optional(),
  exclusiveMinimum: z.number().optional(),
  maximum: z.number().optional(),
  exclusiveMaximum: z.number().optional(),
});

/** A bound at the edge of safe integers is zod's `int()` range, not a limit a trader should read. */
const meaningful = (value: number | undefined): number | null => (value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? null : value);

function boundsOf(key: RiskLimitKey): Bounds {
  const json = jsonNumberSchema.parse(z.toJSONSchema(riskLimitFields[key].schema, { io: 'input' }));
  const exclusiveMin = meaningful(json.exclusiveMinimum);
  const exclusiveMax = meaningful(json.exclusiveMaximum);
  return {
    integer: json.type === 'integer',
    min: exclusiveMin ?? meaningful(json.minimum),
    minExclusive: exclusiveMin !== null,
    max: exclusiveMax ?? meaningful(json.maximum),
    maxExclusive: exclusiveMax !== null,
  };
}

export const LIMIT_BOUNDS: Record<RiskLimitKey, Bounds> = Object.fromEntries(LIMIT_FIELDS.map(({ key }) => [key, boundsOf(key)])) as Record<RiskLimitKey, Bounds>;

/** "more than 0 and at most 100", in words a trader reads next to the field. */
export function describeBounds(bounds: Bounds): string {
  const parts: string[] = [];
  if (bounds.min !== null) parts.push(`${bounds.minExclusive ? 'more than' : 'at least'} ${bounds.min}`);
  if (bounds.max !== null) parts.push(`${bounds.maxExclusive ? 'less than' : 'at most'} ${bounds.max}`);
  return `${bounds.integer ? 'a whole number ' : ''}${parts.join(' and ')}`.trim();
}

const sectionSchema = z.record(z.string(), z.unknown()).catch({});
const sectionOf = (config: Record<string, unknown>, section: string): Record<string, unknown> => sectionSchema.parse(config[section] ?? {});

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

// Also the exponent form: it is how a saved very large or very small limit comes back (1e+21), and it must save again.
const NUMBER_TEXT = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

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

const coreIssuesSchema = z.array(z.looseObject({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }));

/**
 * The core's refusal of `risk.config.set`, by field. Issues arrive as `issues` (path
 * `config.limits.maxOrderNotional`) or, from a core that only words them, as zod's list in the message.
 */
export function serverLimitErrors(reason: unknown): LimitErrors {
  if (!(reason instanceof ApiError)) return {};
  let issues: { path: string[]; message: string }[] = (reason.issues ?? []).map((issue) => ({ path: issue.path.split('.'), message: issue.message }));
  if (issues.length === 0) {
    const start = reason.message.indexOf('[');
    if (start >= 0) {
      try {
        const parsed = coreIssuesSchema.safeParse(JSON.parse(reason.message.slice(start)));
        if (parsed.success) issues = parsed.data.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
      } catch {
        // Not a list after all: the whole message is shown under the form instead.
        issues = [];
      }
    }
  }
  const errors: LimitErrors = {};
  for (const issue of issues) {
    const key = LIMIT_FIELDS.find(({ key: candidate }) => issue.path.some((part, i) => part === candidate && issue.path[i - 1] === riskLimitFields[candidate].section))?.key;
    if (key) errors[key] ??= `${labelOf(key)} was refused by the core: ${issue.message}`;
  }
  return errors;
}

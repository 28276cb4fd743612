import { z } from 'zod';
import { ApiError } from '../../../../core/api/errors';

/**
 * What the Risk tab's configuration forms share: a field's bounds read from the core's own schema
 * (shown beside it, never a second rule book), the number format a field must have, where a value sits
 * in the stored configuration, and the core's refusal of `risk.config.set` split by field path.
 */

export interface Bounds {
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

/** The bounds of one of the core's number schemas. */
export function boundsOf(schema: z.ZodType): Bounds {
  const json = jsonNumberSchema.parse(z.toJSONSchema(schema, { io: 'input' }));
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

/** "more than 0 and at most 100", in words a trader reads next to the field. */
export function describeBounds(bounds: Bounds): string {
  const parts: string[] = [];
  if (bounds.min !== null) parts.push(`${bounds.minExclusive ? 'more than' : 'at least'} ${bounds.min}`);
  if (bounds.max !== null) parts.push(`${bounds.maxExclusive ? 'less than' : 'at most'} ${bounds.max}`);
  return `${bounds.integer ? 'a whole number ' : ''}${parts.join(' and ')}`.trim();
}

// Also the exponent form: it is how a saved very large or very small number comes back (1e+21), and it must save again.
export const NUMBER_TEXT = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

const sectionSchema = z.record(z.string(), z.unknown()).catch({});

/** One section of the stored configuration (an odd or missing one reads as empty). */
export const sectionOf = (config: Record<string, unknown>, section: string): Record<string, unknown> => sectionSchema.parse(config[section] ?? {});

/** The value at `path` in the stored configuration, or undefined. */
export function valueAt(config: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = config;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `config` with only the value at `path` replaced; every other setting is kept as stored. */
export function withValueAt(config: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return config;
  return { ...config, [key]: rest.length === 0 ? value : withValueAt(sectionOf(config, key), rest, value) };
}

const coreIssuesSchema = z.array(z.looseObject({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }));

/**
 * The core's refusal of `risk.config.set` as path + message. Issues arrive as `issues` (path
 * `limits.maxOrderNotional`) or, from a core that only words them, as zod's list in the message.
 */
export function coreIssues(reason: unknown): { path: string[]; message: string }[] {
  if (!(reason instanceof ApiError)) return [];
  const issues = (reason.issues ?? []).map((issue) => ({ path: issue.path.split('.'), message: issue.message }));
  if (issues.length > 0) return issues;
  const start = reason.message.indexOf('[');
  if (start < 0) return [];
  try {
    const parsed = coreIssuesSchema.safeParse(JSON.parse(reason.message.slice(start)));
    return parsed.success ? parsed.data.map((issue) => ({ path: issue.path.map(String), message: issue.message })) : [];
  } catch {
    // Not a list after all: the whole message is shown under the form instead.
    return [];
  }
}

/** True when an issue's path ends with the field's path (the core may name it under `config.`). */
export const issueNames = (issuePath: readonly string[], fieldPath: readonly string[]): boolean =>
  issuePath.length >= fieldPath.length && fieldPath.every((part, i) => issuePath[issuePath.length - fieldPath.length + i] === part);

import { ApiError } from '../../../core/api/errors';

type Issue = NonNullable<ApiError['issues']>[number];

/** An issue as words: its path, except for a rule over several fields (`params.(root)`), which its message says alone. */
const issueLine = (issue: Issue) => (/(^|\.)\(root\)$/.test(issue.path) ? issue.message : `${issue.path}: ${issue.message}`);

/** One line a trader can act on, from whatever the core (or the transport) threw. */
export function describeError(reason: unknown): string {
  if (reason instanceof ApiError && reason.issues?.length) return reason.issues.map(issueLine).join('; ');
  return reason instanceof Error ? reason.message : String(reason);
}

/** Field-level messages from the core's validation, keyed by the argument's path (e.g. `amount`). */
export function fieldErrors(reason: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (reason instanceof ApiError) for (const issue of reason.issues ?? []) fields[issue.path] ??= issue.message;
  return fields;
}

/**
 * The error without its field-level parts: what to show under a form. Given `shown` (the issue paths the
 * form shows beside a field), the issues no field shows — a rule over several parameters — are said here.
 */
export function formError(reason: unknown, shown?: (path: string) => boolean): string | null {
  if (reason instanceof ApiError && reason.code === 'bad_request' && reason.issues?.length) {
    const elsewhere = shown ? reason.issues.filter((issue) => !shown(issue.path)) : [];
    return elsewhere.length > 0 ? elsewhere.map(issueLine).join('; ') : null;
  }
  return describeError(reason);
}

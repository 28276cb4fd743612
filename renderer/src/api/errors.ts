import { ApiError } from '../../../core/api/errors';

/**
 * One line a trader can act on, from whatever the core (or the transport) threw. A validation failure's
 * message is generic ("invalid arguments for …"), so its issues say what is wrong, by argument; any other
 * refusal's message is the whole sentence (its issues only tie it to a field: "amount: …" would be jargon).
 */
export function describeError(reason: unknown): string {
  if (reason instanceof ApiError && reason.code === 'bad_request' && reason.issues?.length) return describeIssues(reason.issues);
  return reason instanceof Error ? reason.message : String(reason);
}

function describeIssues(issues: NonNullable<ApiError['issues']>): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Field-level messages from the core's validation, keyed by the argument's path (e.g. `amount`). */
export function fieldErrors(reason: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (reason instanceof ApiError) for (const issue of reason.issues ?? []) fields[issue.path] ??= issue.message;
  return fields;
}

/** The error without its field-level parts: what to show under a form. */
export function formError(reason: unknown): string | null {
  if (reason instanceof ApiError && reason.code === 'bad_request' && reason.issues?.length) return null;
  return describeError(reason);
}

/**
 * What to show under a form whose `fields` show their own problems: the error without the parts already
 * beside a field (whatever the code — a rule the core refused on `amount` is said once, beside Amount);
 * null when every part is beside its field.
 */
export function formErrorBeside(reason: unknown, fields: readonly string[]): string | null {
  if (!(reason instanceof ApiError) || !reason.issues?.length) return formError(reason);
  const elsewhere = reason.issues.filter((issue) => !fields.includes(issue.path));
  if (elsewhere.length === 0) return null;
  return reason.code === 'bad_request' ? describeIssues(elsewhere) : reason.message;
}

// With its extension: the unit tests (Node's module resolution) read this file too.
import { ApiError } from '../../../core/api/errors.js';

type Issue = NonNullable<ApiError['issues']>[number];

/**
 * Lists a trader types into one field, comma-separated, by the argument they are sent as (`allowedChatIds`,
 * `daily`): the core's issue about one item (`daily.1`) belongs beside that field, naming the item typed.
 */
export type TypedLists = Readonly<Record<string, readonly string[]>>;

/** What names a field in words: the label its form shows, by the argument's path; undefined keeps the path. */
export type FieldLabels = (path: string) => string | undefined;

/** An issue as words: its field (labelled, when a label is known), except for a rule over several fields (`params.(root)`), which its message says alone. */
const issueLine = (issue: Issue, labels?: FieldLabels) => (/(^|\.)\(root\)$/.test(issue.path) ? issue.message : `${labels?.(issue.path) ?? issue.path}: ${issue.message}`);

/** The issue as its field shows it: an item of a typed list becomes the list's field, its message naming the item. */
function asTyped(issue: Issue, lists: TypedLists): Issue {
  const item = /^(.+)\.(\d+)$/.exec(issue.path);
  const typed = item ? lists[item[1]!]?.[Number(item[2])] : undefined;
  return item && typed !== undefined ? { path: item[1]!, message: `"${typed}": ${issue.message}` } : issue;
}

/**
 * One line a trader can act on, from whatever the core (or the transport) threw. A validation failure's
 * message is generic ("invalid arguments for …"), so its issues say what is wrong, by argument; any other
 * refusal's message is the whole sentence (its issues only tie it to a field: "amount: …" would be jargon).
 */
export function describeError(reason: unknown, labels?: FieldLabels): string {
  if (reason instanceof ApiError && reason.code === 'bad_request' && reason.issues?.length) return reason.issues.map((issue) => issueLine(issue, labels)).join('; ');
  return reason instanceof Error ? reason.message : String(reason);
}

/** Field-level messages from the core's validation, keyed by the argument's path (e.g. `amount`); one per field. */
export function fieldErrors(reason: unknown, lists: TypedLists = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  if (reason instanceof ApiError) {
    for (const issue of reason.issues ?? []) {
      const typed = asTyped(issue, lists);
      fields[typed.path] ??= typed.message;
    }
  }
  return fields;
}

/**
 * The error without its field-level parts: what to show under a form; null when every part is beside its
 * field. Without `shown`, a validation failure's issues are all taken as shown beside fields. Given `shown`
 * (the issue paths the form shows beside a field; an item of one of `lists` by the list's path), the issues
 * no field shows — a rule over several parameters, an argument the form has no field for — are said here;
 * and a refusal that is not a validation failure but names a shown field (a rule the core refused on
 * `amount`, a name already taken) is said once, beside that field.
 */
export function formError(reason: unknown, shown?: (path: string) => boolean, lists: TypedLists = {}): string | null {
  if (!(reason instanceof ApiError) || !reason.issues?.length) return describeError(reason);
  const validation = reason.code === 'bad_request';
  if (!shown) return validation ? null : reason.message;
  const elsewhere = reason.issues.filter((issue) => !shown(asTyped(issue, lists).path));
  if (elsewhere.length === 0) return null;
  return validation ? elsewhere.map((issue) => issueLine(issue)).join('; ') : reason.message;
}

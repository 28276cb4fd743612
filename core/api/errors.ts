import { z } from 'zod';

/** Error codes every API response may carry. Stable: scripts and the UI switch on them. */
export const apiErrorCodeSchema = z.enum([
  'bad_request', // the envelope or arguments failed validation
  'unknown_command',
  'halted', // refused because the terminal is in emergency-stop
  'rejected', // a business rule said no (risk gate, precision, funds); message says which rule
  'not_found',
  'unavailable', // a dependency (keychain, exchange, database) cannot be used right now
  'internal',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const apiErrorSchema = z.object({
  code: apiErrorCodeSchema,
  message: z.string(),
  /** Field-level problems for bad_request: path + message, never the offending value. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorShape = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorShape['issues'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toShape(): ApiErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function issuesFromZod(error: z.ZodError): NonNullable<ApiErrorShape['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

/**
 * A strategy's refused parameters as argument paths, so a form shows each beside its field: `params.fast`
 * (under `prefix`, e.g. `variants.1.params.fast`), and `params.(root)` for a rule over several fields.
 */
export function paramIssues(issues: readonly { path: string; message: string }[], prefix = 'params'): NonNullable<ApiErrorShape['issues']> {
  return issues.map((issue) => ({ path: `${prefix}.${issue.path || '(root)'}`, message: issue.message }));
}

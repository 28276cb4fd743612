import type { z } from 'zod';

/** Null when `schema` accepts `params`; else each problem as "field: why" (the threshold manager's `validate`). */
export function paramProblems(schema: z.ZodType, params: Readonly<Record<string, unknown>>): string | null {
  const parsed = schema.safeParse(params);
  return parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
}

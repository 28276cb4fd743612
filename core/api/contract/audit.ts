import { z } from 'zod';
import { command } from './define.js';

export const auditCategorySchema = z.enum(['emergency_stop', 'risk', 'credentials', 'mode', 'settings', 'system', 'remote']);

/** One entry of the append-only, hash-chained audit log (emergency stops, limit hits, credential changes, …). */
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  category: auditCategorySchema,
  /** What happened, e.g. `halt`, `rearm`, `account_added`. */
  action: z.string(),
  /** Who or what did it: `button`, `shortcut`, `api`, `breaker`, `user`, … */
  source: z.string(),
  detail: z.record(z.string(), z.unknown()),
  /** sha256 of the previous entry's hash and this entry. */
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditVerificationSchema = z.object({
  /** True when every entry is present and unchanged. */
  ok: z.boolean(),
  checked: z.number().int(),
  problem: z
    .object({
      seq: z.number().int(),
      kind: z.enum(['modified', 'missing', 'truncated']),
      message: z.string(),
    })
    .nullable(),
});
export type AuditVerificationView = z.infer<typeof auditVerificationSchema>;

export const auditCommands = {
  /** Newest first; page back with `beforeSeq`. */
  'audit.list': command(
    z
      .object({
        limit: z.number().int().min(1).max(1_000).default(100),
        beforeSeq: z.number().int().positive().optional(),
        category: auditCategorySchema.optional(),
      })
      .strict(),
    z.array(auditEntrySchema),
  ),
  /** Recomputes the whole hash chain: detects edited, deleted and lost entries. */
  'audit.verify': command(z.object({}).strict(), auditVerificationSchema),
} as const;

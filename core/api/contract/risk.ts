import { z } from 'zod';
import { riskStateSchema, riskEventSchema, flattenReportSchema, stopReportSchema, differenceSchema, reconcileReportSchema, resumePreviewSchema } from '../../risk/reports.js';
import { command } from './define.js';

/**
 * The risk domain as the workspace sees it: the regime and the numbers behind it, limits with their
 * usage, cooldowns, the breaker, the events feed, the emergency stop's per-order results, flatten,
 * reconciliation differences and the risk configuration. (`risk.emergencyStop` / `risk.rearm` are in app.ts.)
 */

export {
  regimeMeasureSchema,
  lockViewSchema,
  limitUsageSchema,
  riskStateSchema,
  riskEventSchema,
  cancelOutcomeSchema,
  stopOrderResultSchema,
  flattenResultSchema,
  flattenReportSchema,
  stopReportSchema,
  differenceSchema,
  reconcileReportSchema,
  resumePreviewSchema,
  type RiskStateView,
  type RiskEventView,
  type StopOrderResult,
  type FlattenReport,
  type StopReport,
  type Difference,
  type ReconcileReport,
} from '../../risk/reports.js';

const confirm = z.object({ confirm: z.literal(true) }).strict();

export const riskCommands = {
  /** One account's view: `paper` (the default) or an armed account's `<exchange>:<label>`; refused (`not_found`) for any other. */
  'risk.state': command(z.object({ account: z.string().trim().min(1).max(100).optional() }).strict(), riskStateSchema),
  /** Newest first, this run's and earlier runs' (the log is kept in the store); optionally one kind (or family: `regime`), words, older than an id. */
  'risk.events': command(
    z
      .object({
        limit: z.number().int().min(1).max(1_000).default(100),
        kind: z.string().trim().min(1).max(60).optional(),
        search: z.string().max(100).optional(),
        before: z.number().int().positive().optional(),
      })
      .strict(),
    z.array(riskEventSchema),
  ),
  'risk.resetBreaker': command(confirm, riskStateSchema),
  'risk.config.get': command(z.object({}).strict(), z.record(z.string(), z.unknown())),
  /** A whole or partial configuration; validated, defaults filled; answers with the stored configuration. */
  'risk.config.set': command(z.object({ config: z.record(z.string(), z.unknown()) }).strict(), z.record(z.string(), z.unknown())),
  'risk.flatten': command(confirm, flattenReportSchema),
  'risk.lastStop': command(z.object({}).strict(), stopReportSchema.nullable()),
  /** Retries the cancels that failed in the last stop (and anything still open). */
  'risk.retryStop': command(z.object({}).strict(), stopReportSchema.nullable()),
  'risk.reconcile': command(z.object({ trigger: z.enum(['start', 'reconnect', 'resume', 'manual']).default('manual') }).strict(), reconcileReportSchema),
  'risk.differences': command(z.object({}).strict(), z.array(differenceSchema)),
  'risk.resolve': command(z.object({ id: z.string().min(1), action: z.enum(['adopt', 'ignore', 'cancel']) }).strict(), z.array(differenceSchema)),
  'risk.resumePreview': command(z.object({}).strict(), resumePreviewSchema),
} as const;

export const riskEvents = {
  'risk.event': riskEventSchema,
  'risk.stop': stopReportSchema,
  /** After each reconciliation (start, reconnect, wake): what was updated and what needs the trader. */
  'risk.reconciled': reconcileReportSchema,
  /** For a desktop notification: the host shows it, the renderer may toast it. */
  'risk.notification': z.object({ title: z.string(), body: z.string(), level: z.enum(['info', 'warning', 'critical']) }),
} as const;

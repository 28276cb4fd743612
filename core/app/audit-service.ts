import type { HaltState } from '../api/contract/app.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { AuditLog } from '../store/repositories/audit-log.js';
import type { HandlerMap } from './handlers/merge.js';

/** The `audit.*` commands: read the log and verify its hash chain. */
export function auditHandlers(audit: AuditLog): HandlerMap {
  return {
    'audit.list': async ({ limit, beforeSeq, category }) =>
      audit.list({ limit, beforeSeq, category }).map(({ seq, at, category: entryCategory, action, source, detail, hash }) => ({ seq, at, category: entryCategory, action, source, detail, hash })),
    'audit.verify': async () => audit.verify(),
  };
}

/** Writes every emergency stop and re-arm to the audit log, whoever triggered it. */
export function auditHaltChanges(halt: HaltSwitch, audit: AuditLog): () => void {
  let previous: HaltState = halt.current;
  return halt.onChange((state) => {
    if (state.halted) {
      audit.append({ category: 'emergency_stop', action: 'halt', source: state.source ?? 'unknown', detail: { reason: state.reason } });
    } else {
      audit.append({ category: 'emergency_stop', action: 'rearm', source: 'user', detail: { haltedSince: previous.since, haltReason: previous.reason } });
    }
    previous = state;
  });
}

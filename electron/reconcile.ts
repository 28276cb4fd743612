import type { Handlers } from '../core/api/contract/index.js';

/** Wake-up reconciliation through the core's `risk.reconcile` command (journal vs exchanges). */
export function reconcileThroughApi(handlers: Handlers, log: (line: string) => void): (trigger: 'resume') => Promise<void> {
  return async (trigger) => {
    const report = await handlers['risk.reconcile']({ trigger });
    log(`reconciled after ${trigger}: ${report.differences.length} difference(s) for the trader to review`);
  };
}

import { z } from 'zod';
import { commands, isCommandName, type Handlers } from '../core/api/contract/index.js';

/** Expected as `{ trigger: 'resume' | … } → …` once the risk domain provides it. */
export const RECONCILE_COMMAND: string = 'risk.reconcile';

/**
 * The default wake-up reconciliation: the core's `risk.reconcile` command when the contract has
 * it. A build without it says so in the log instead of pretending to have reconciled.
 */
export function reconcileThroughApi(handlers: Handlers, log: (line: string) => void): (trigger: 'resume') => Promise<void> {
  return async (trigger) => {
    if (!isCommandName(RECONCILE_COMMAND)) {
      log(`no ${RECONCILE_COMMAND} in this build: nothing to reconcile after ${trigger}`);
      return;
    }
    const args = (commands[RECONCILE_COMMAND].request as z.ZodType).parse({ trigger });
    const handler = (handlers as unknown as Record<string, (args: unknown) => Promise<unknown>>)[RECONCILE_COMMAND];
    await handler?.(args);
  };
}

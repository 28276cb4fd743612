import { ApiError } from '../../api/errors.js';
import { ArmingError, type LiveAccounts } from '../../accounts/live-accounts.js';
import { toView } from '../accounts-service.js';
import type { HandlerMap } from './merge.js';

/** `accounts.arm` / `accounts.disarm`: live trading, armed deliberately. */
export function liveAccountHandlers(live: LiveAccounts): HandlerMap {
  return {
    'accounts.arm': async ({ id, confirmLabel }) => toView(await arming(() => live.arm(id, confirmLabel))),
    'accounts.disarm': async ({ id }) => toView(await arming(() => live.disarm(id))),
  };
}

async function arming<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ArmingError) throw new ApiError(error.kind, error.message);
    throw error;
  }
}

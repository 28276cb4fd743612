import type { Handlers } from '../../api/contract/index.js';
import { ApiError, issuesFromZod } from '../../api/errors.js';
import { z } from 'zod';
import { RiskUnavailableError, type RiskService } from '../../risk/service.js';
import type { AccountRegistry } from '../../accounts/registry.js';
import type { HandlerMap } from './merge.js';
import { stopReportView } from './views.js';

/** `risk.*`: the risk panel, the emergency stop and re-arm, flatten, reconciliation and the risk configuration. */
export function riskHandlers(risk: RiskService, registry: Pick<AccountRegistry, 'get'>): HandlerMap {
  const handlers: Partial<Handlers> = {
    'risk.emergencyStop': async ({ source, reason, flatten }) => {
      const halted = await unavailableAsApi(() => risk.emergencyStop(source, reason ?? 'Emergency Stop pressed', flatten === true));
      return { ...halted, stop: stopReportView(halted.stop, registry) };
    },
    'risk.rearm': async () => risk.rearm('user'),
    'risk.state': async ({ account }) => {
      if (account !== undefined && !risk.hasAccount(account)) throw new ApiError('not_found', `${account} is not the paper account nor an armed account`);
      return risk.state(account);
    },
    'risk.events': async ({ limit, kind, search, before }) => risk.controls.events.query({ limit, ...(kind ? { kind } : {}), ...(search ? { search } : {}), ...(before ? { before } : {}) }),
    'risk.resetBreaker': async () => {
      risk.resetBreaker('trader');
      return risk.state();
    },
    'risk.config.get': async () => risk.controls.config as unknown as Record<string, unknown>,
    'risk.config.set': async ({ config }) => {
      try {
        return risk.setConfig(config) as unknown as Record<string, unknown>;
      } catch (error) {
        if (error instanceof z.ZodError) {
          const issues = issuesFromZod(error);
          throw new ApiError('bad_request', `invalid risk configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
        }
        throw new ApiError('bad_request', `invalid risk configuration: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    'risk.flatten': async () => unavailableAsApi(() => risk.flatten('api')),
    'risk.lastStop': async () => (risk.stop.lastReport ? stopReportView(structuredClone(risk.stop.lastReport), registry) : null),
    'risk.retryStop': async () => {
      const report = await risk.stop.retryFailed();
      return report && stopReportView(report, registry);
    },
    'risk.reconcile': async ({ trigger }) => unavailableAsApi(() => risk.reconcile(trigger)),
    'risk.differences': async () => unavailableAsApi(async () => risk.requireReconciler().differences()),
    'risk.resolve': async ({ id, action }) => {
      const reconciler = await unavailableAsApi(async () => risk.requireReconciler());
      try {
        return await reconciler.resolve(id, action);
      } catch (error) {
        throw new ApiError('rejected', error instanceof Error ? error.message : String(error));
      }
    },
    'risk.resumePreview': async () => {
      const preview = risk.resumePreview();
      return { ...preview, lastStop: preview.lastStop && stopReportView(preview.lastStop, registry) };
    },
  };
  return handlers;
}

async function unavailableAsApi<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RiskUnavailableError) throw new ApiError('unavailable', error.message);
    throw error;
  }
}

import type { Handlers } from '../api/contract/index.js';
import { clockWithNow } from '../alerts/clock.js';
import { AlertsService } from '../alerts/service.js';
import type { RiskService } from '../risk/service.js';
import type { EventBus } from './event-bus.js';
import type { TerminalStorage } from './storage.js';

export { alertHandlers } from '../alerts/handlers.js';
export type { AlertsService } from '../alerts/service.js';

/**
 * Builds the alerts service from the terminal's parts: it reads through the terminal's own API, hears
 * its event bus, keeps channel rows in the store and their secrets in the keychain, and may only ever
 * halt (and, after a confirmation, flatten) — never re-arm or trade.
 */
export function createAlerts(parts: { readonly events: EventBus; readonly storage: TerminalStorage; readonly api: () => Handlers; readonly risk: () => RiskService; readonly now: () => number }): AlertsService {
  const { storage } = parts;
  const store = storage.store;
  return new AlertsService({
    api: parts.api,
    events: parts.events,
    store: store.alerts,
    settings: store.settings,
    priceAlerts: store.priceAlerts,
    audit: store.audit,
    vault: storage.keychain,
    secretsBlocked: () => {
      if (!storage.keychainHealth.ok) return storage.keychainHealth.message ?? 'the keychain is not available';
      if (!store.location.persistent) return `Alert channels cannot be added while the database is not available. ${storage.databaseHealth.message ?? ''}`.trim();
      return null;
    },
    emergencyStop: (source, reason) => parts.risk().emergencyStop(source, reason),
    flatten: (source) => parts.risk().flatten(source),
    clock: clockWithNow(parts.now),
  });
}

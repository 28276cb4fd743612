import type { Clock } from '../../core/alerts/clock.js';
import type { SecretVault } from '../../core/alerts/ports.js';
import { AlertsService } from '../../core/alerts/service.js';
import type { Terminal } from '../../core/app/terminal.js';

/**
 * An AlertsService on a running terminal's API, events and store, like the terminal's own, but with
 * the clock and keychain the test chooses (a fake clock for report times, an in-memory vault for benches).
 */
export function alertsServiceOn(terminal: Terminal, options: { readonly vault: SecretVault; readonly clock?: Clock; readonly telegramPollSeconds?: number }): AlertsService {
  const store = terminal.storage.store;
  return new AlertsService({
    api: () => terminal.handlers,
    events: terminal.events,
    store: store.alerts,
    settings: store.settings,
    priceAlerts: store.priceAlerts,
    audit: store.audit,
    vault: options.vault,
    secretsBlocked: () => null,
    emergencyStop: (source, reason) => terminal.risk.emergencyStop(source, reason),
    flatten: (source) => terminal.risk.flatten(source),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.telegramPollSeconds ? { telegramPollSeconds: options.telegramPollSeconds } : {}),
  });
}

import { commands, type CommandName, type Handlers } from '../../api/contract/index.js';

/** A domain's slice of the API. */
export type HandlerMap = Partial<Handlers>;

/**
 * Merges per-domain handler maps into the one API. A name registered twice is a wiring bug
 * and fails at start-up, as does a command in the contract that nobody implements.
 */
export function mergeHandlers(...maps: HandlerMap[]): Handlers {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in merged) throw new Error(`API command "${name}" is registered twice`);
      merged[name] = handler;
    }
  }
  const missing = (Object.keys(commands) as CommandName[]).filter((name) => !(name in merged));
  if (missing.length > 0) throw new Error(`API commands without a handler: ${missing.join(', ')}`);
  return merged as Handlers;
}

import type { CommandParsedArgs, Handlers } from '../core/api/contract/index.js';

/** What the quit dialog needs from the core about live orders. */
export interface LiveOrderControl {
  /** Open orders on live accounts; null when the core cannot tell (then the trader is asked anyway). */
  countOpenLiveOrders(): Promise<number | null>;
  /** Whether the emergency stop can also close the bot's positions. */
  readonly canFlatten: boolean;
  cancelAll(): Promise<void>;
  cancelAllAndFlatten(): Promise<void>;
}

type EmergencyStopArgs = CommandParsedArgs<'risk.emergencyStop'>;

/** Arguments of the emergency stop the quit dialog triggers. */
export function quitEmergencyStopArgs(flatten: boolean): EmergencyStopArgs {
  return flatten
    ? { source: 'quit', reason: 'Quit: cancel open orders and flatten positions', flatten: true }
    : { source: 'quit', reason: 'Quit: cancel open orders' };
}

export function liveOrderControlFromHandlers(handlers: Handlers, log: (line: string) => void): LiveOrderControl {
  async function stop(flatten: boolean, what: string): Promise<void> {
    const state = await handlers['risk.emergencyStop'](quitEmergencyStopArgs(flatten));
    log(`quit: ${what} requested; halted=${String(state.halted)}`);
  }

  return {
    canFlatten: true,
    async countOpenLiveOrders() {
      try {
        return (await handlers['orders.openCount']({})).live;
      } catch (error) {
        log(`quit: counting open live orders failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
    },
    cancelAll: () => stop(false, 'cancel the open orders'),
    cancelAllAndFlatten: () => stop(true, 'cancel the open orders and flatten positions'),
  };
}

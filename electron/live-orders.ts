import { z } from 'zod';
import { commands, isCommandName, type CommandParsedArgs, type Handlers } from '../core/api/contract/index.js';

/** What the quit dialog needs from the core about live orders. */
export interface LiveOrderControl {
  /** Open orders on live accounts; null when the core cannot tell (then the trader is asked anyway). */
  countOpenLiveOrders(): Promise<number | null>;
  /** Whether the emergency stop can also close the bot's positions. */
  readonly canFlatten: boolean;
  cancelAll(): Promise<void>;
  cancelAllAndFlatten(): Promise<void>;
}

/**
 * Commands this host uses when the contract has them. `orders.openCount` is expected as
 * `{} → { live: number, … }`; `risk.emergencyStop` may gain `flatten: boolean` and the source
 * `quit`. Until then the adapter degrades safely: live mode without a count means "ask".
 */
export const OPEN_COUNT_COMMAND: string = 'orders.openCount';
const openCountResultSchema = z.object({ live: z.number().int().nonnegative() });

type EmergencyStopArgs = CommandParsedArgs<'risk.emergencyStop'>;

/** Arguments for the stop the quit dialog triggers, as the current contract accepts them; null if it cannot flatten. */
export function quitEmergencyStopArgs(flatten: boolean): EmergencyStopArgs | null {
  const reason = flatten ? 'Quit: cancel open orders and flatten positions' : 'Quit: cancel open orders';
  const extra = flatten ? { flatten: true } : {};
  for (const source of ['quit', 'api']) {
    const parsed = commands['risk.emergencyStop'].request.safeParse({ source, reason, ...extra });
    // A schema that strips unknown keys would accept `flatten` and drop it: that is "cannot flatten".
    if (parsed.success && (!flatten || (parsed.data as Record<string, unknown>).flatten === true)) return parsed.data;
  }
  return null;
}

export function liveOrderControlFromHandlers(handlers: Handlers, log: (line: string) => void): LiveOrderControl {
  const flattenArgs = quitEmergencyStopArgs(true);
  const cancelArgs = quitEmergencyStopArgs(false);

  async function stop(args: EmergencyStopArgs | null, what: string): Promise<void> {
    if (args === null) throw new Error(`this version of Halyard cannot ${what}`);
    const state = await handlers['risk.emergencyStop'](args);
    log(`quit: ${what} requested; halted=${String(state.halted)}`);
  }

  return {
    canFlatten: flattenArgs !== null,
    async countOpenLiveOrders() {
      if (isCommandName(OPEN_COUNT_COMMAND)) {
        const handler = (handlers as unknown as Record<string, (args: unknown) => Promise<unknown>>)[OPEN_COUNT_COMMAND];
        const args = (commands[OPEN_COUNT_COMMAND].request as z.ZodType).safeParse({});
        if (!handler || !args.success) return null;
        try {
          const result = openCountResultSchema.safeParse(await handler(args.data));
          if (result.success) return result.data.live;
          log(`quit: ${OPEN_COUNT_COMMAND} answered in an unexpected shape`);
        } catch (error) {
          log(`quit: ${OPEN_COUNT_COMMAND} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return null;
      }
      // Without an order count, paper mode has no live orders by definition; live mode is unknown.
      const status = await handlers['app.status']({});
      return status.mode.kind === 'live' ? null : 0;
    },
    cancelAll: () => stop(cancelArgs, 'cancel the open orders'),
    cancelAllAndFlatten: () => stop(flattenArgs, 'cancel the open orders and flatten positions'),
  };
}

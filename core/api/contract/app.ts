import { z } from 'zod';
import { command } from './define.js';
import { stopReportSchema } from './risk.js';

export { haltStateSchema, type HaltState } from '../../risk/halt-state.js';
import { haltStateSchema } from '../../risk/halt-state.js';

export { connectionSchema, dataSourceSchema } from '../../market/feed.js';
import { connectionSchema, dataSourceSchema } from '../../market/feed.js';

export const tradingModeSchema = z.object({
  kind: z.enum(['paper', 'live']),
  /** Label of the armed live account; null in paper. */
  account: z.string().nullable(),
});

/** An armed live account: how its private updates arrive, and its dead-man (cancel-all-after) timer. */
export const liveAccountHealthSchema = z.object({
  /** `<exchange>:<label>` */
  account: z.string(),
  /** Order and balance updates: `websocket` where the venue has it, `polling` (REST) otherwise or as the fallback. */
  updates: z.object({
    state: z.enum(['connecting', 'connected', 'reconnecting', 'disconnected']),
    transport: z.enum(['websocket', 'polling']),
    lastUpdate: z.number().nullable(),
    message: z.string().nullable(),
  }),
  deadMan: z.object({
    /** The venue has a cancel-all-after timer (ccxt `cancelAllOrdersAfter`). */
    supported: z.boolean(),
    /** Armed now: the venue cancels every open order if Halyard stops re-arming it. Off while HALTED. */
    armed: z.boolean(),
    timeoutMs: z.number().nullable(),
    /** What is wrong with the timer, or why it is off on purpose (then also in `heldOff`). */
    problem: z.string().nullable(),
    /**
     * Present only while the timer is switched off on purpose, not by a fault: why (a protective stop rests at
     * the venue, and the timer would cancel it too).
     */
    heldOff: z.string().optional(),
  }),
  /**
   * Present while the account's last reconciliation failed (the venue's error or timeout): it is retried on its
   * own; how many runs failed in a row, when the next one goes (ms), and in plain words what that means.
   */
  reconcile: z.object({ error: z.string(), failures: z.number().int(), nextAt: z.number(), note: z.string() }).optional(),
  /**
   * The account's last successful reconciliation: when it finished (ms) and the markets whose trades it read
   * (`marketsChecked`) or left for the next run (`marketsLater`), and `everyMarket` where one listing held every
   * market's trades and was read (Kraken), as in its `risk.reconciled` report.
   */
  reconciled: z.object({ at: z.number(), marketsChecked: z.array(z.string()), marketsLater: z.array(z.string()).optional(), everyMarket: z.boolean().optional() }).optional(),
});
export type LiveAccountHealth = z.infer<typeof liveAccountHealthSchema>;

export const serviceHealthSchema = z.object({
  ok: z.boolean(),
  /** What is wrong and how to fix it, in words a trader can act on. */
  message: z.string().nullable(),
});

export const appStatusSchema = z.object({
  version: z.string(),
  dataSource: dataSourceSchema,
  connection: connectionSchema,
  mode: tradingModeSchema,
  halt: haltStateSchema,
  keychain: serviceHealthSchema,
  database: serviceHealthSchema,
  /** Armed live accounts (absent or empty in paper). */
  liveAccounts: z.array(liveAccountHealthSchema).optional(),
  /** Where the trader's files go (Settings → Files): strategy files, and candle CSVs the app may read. */
  folders: z.object({ data: z.string(), strategies: z.string(), imports: z.string() }).optional(),
  serverTime: z.number(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

const empty = z.object({}).strict();

export const appCommands = {
  'app.status': command(empty, appStatusSchema),
  'risk.emergencyStop': command(
    z
      .object({
        source: z.enum(['button', 'shortcut', 'tray', 'api', 'quit']).default('api'),
        reason: z.string().max(500).optional(),
        /** Also close the bot's positions: only after the trader confirmed it (a separate, explicit choice). */
        flatten: z.boolean().optional(),
      })
      .strict(),
    /** The halt state, plus the per-order cancel outcomes once the cancels are done. */
    haltStateSchema.extend({ stop: stopReportSchema.optional() }),
  ),
  'risk.rearm': command(z.object({ confirm: z.literal(true) }).strict(), haltStateSchema),
} as const;

export const appEvents = {
  'app.status': appStatusSchema,
} as const;

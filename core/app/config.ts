import { z } from 'zod';

/** Where market data comes from: `simulated` (default, offline) or `replay:<csv>`. */
export const marketSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated'), seed: z.number().int().default(42) }),
  z.object({ kind: z.literal('replay'), file: z.string().min(1) }),
]);
export type MarketSourceConfig = z.infer<typeof marketSourceSchema>;

/** Parses the `--market` flag: `simulated` or `replay:<path-to-csv>`. */
export function parseMarketFlag(flag: string, seed = 42): MarketSourceConfig {
  if (flag === 'simulated') return { kind: 'simulated', seed };
  if (flag.startsWith('replay:') && flag.length > 'replay:'.length) return { kind: 'replay', file: flag.slice('replay:'.length) };
  throw new Error(`--market must be "simulated" or "replay:<csv file>", got "${flag}"`);
}

/** Minutes of history the simulated market starts with; 500k (about a year) bounds startup time and memory. */
export const historyMinutesSchema = z.number().int().min(1).max(500_000);

/** Parses the `--history-minutes` flag: a whole number of minutes from 1 to 500000. */
export function parseHistoryMinutesFlag(flag: string): number {
  const parsed = historyMinutesSchema.safeParse(/^\d+$/.test(flag) ? Number(flag) : Number.NaN);
  if (!parsed.success) throw new Error(`--history-minutes must be a whole number of minutes from 1 to 500000, got "${flag}"`);
  return parsed.data;
}

/** One validated configuration for how the terminal is hosted; domain settings live in the store. */
export const terminalConfigSchema = z.object({
  dataDir: z.string().min(1),
  market: marketSourceSchema.default({ kind: 'simulated', seed: 42 }),
  /** Market minutes per real minute. */
  speed: z.number().positive().max(1_000_000).default(1),
  /** Minutes of history the simulated market starts with (ignored by replay). */
  historyMinutes: historyMinutesSchema.default(3_000),
  /** Keychain service name; tests use their own so they never touch a trader's entries. */
  keychainService: z.string().min(1).default('halyard'),
  /** Milliseconds between feed updates. */
  tickMs: z.number().int().min(10).max(5_000).default(250),
  /** Milliseconds between REST polls of a live exchange's candles when its websocket is unavailable. */
  venuePollMs: z.number().int().min(50).max(60_000).default(5_000),
});
export type TerminalConfig = z.infer<typeof terminalConfigSchema>;
export type TerminalConfigInput = z.input<typeof terminalConfigSchema>;

import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

/** One strategy on one watchlist symbol: its readiness (0–100) and the parts behind it. */
export const scannerRowSchema = z.object({
  strategy: z.string(),
  symbol: symbolSchema,
  /** Null before the strategy has seen enough bars. */
  readiness: z.number().nullable(),
  /** Each part of the score, 0–100, by name (strategies that report them). */
  components: z.record(z.string(), z.number()),
  /** Why the strategy cannot be scanned, else null. */
  problem: z.string().nullable(),
});
export type ScannerRowView = z.infer<typeof scannerRowSchema>;

export const scannerCommands = {
  /** Every watchlist symbol × every strategy (default parameters), by readiness; never places an order. */
  'scanner.list': command(z.object({}).strict(), z.array(scannerRowSchema)),
} as const;

import { z } from 'zod';
import { symbolSchema } from '../market/candle.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { Intent } from '../strategies/contract.js';

/**
 * Runtime shape of the intents a trader's strategy file returns (built-ins are type-checked at
 * compile time). An intent that does not match is reported as a StrategyError and dropped.
 */
export const intentSchema = lazySchema((): z.ZodType<Intent> => {
  const price = z.number().finite().positive();
  const exitReason = z.enum(['take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual']);
  const exitPlan = z.object({
    stopLoss: price.optional(),
    takeProfits: z.array(z.object({ price, fraction: z.number().gt(0).max(1) })).optional(),
    trailing: z.object({ activationPrice: price, distancePct: z.number().gt(0).lt(100) }).optional(),
    maxHoldMs: z.number().int().positive().optional(),
  });
  const size = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('quantity'), quantity: z.number().finite().positive() }),
    z.object({ kind: z.literal('quote'), amount: z.number().finite().positive() }),
    z.object({ kind: z.literal('equity_fraction'), fraction: z.number().gt(0).max(1) }),
  ]);

  return z.union([
    z.object({
      kind: z.enum(['enter', 'add']),
      symbol: symbolSchema,
      size,
      orderType: z.enum(['market', 'limit']),
      limitPrice: price.optional(),
      exits: exitPlan.optional(),
      reason: z.string().max(500),
      score: z.number().finite().optional(),
      components: z.record(z.string(), z.number()).optional(),
    }),
    z.object({ kind: z.literal('exit_part'), symbol: symbolSchema, fraction: z.number().gt(0).max(1), reason: exitReason, note: z.string().optional() }),
    z.object({ kind: z.literal('exit_all'), symbol: symbolSchema, reason: exitReason, note: z.string().optional() }),
    z.object({ kind: z.literal('update_exits'), symbol: symbolSchema, exits: exitPlan, note: z.string().optional() }),
    z.object({ kind: z.literal('cancel_entries'), symbol: symbolSchema, note: z.string().optional() }),
  ]);
});

/**
 * The intent as the engine may act on it: validated against the contract when the strategy is a trader's
 * file (`validate`), and about the symbol the strategy is deciding on; else the Error saying why not.
 */
export function checkIntent(raw: Intent, symbol: string, validate: boolean): Intent | Error {
  let intent = raw;
  if (validate) {
    const parsed = intentSchema().safeParse(raw);
    if (!parsed.success) return new Error(`invalid intent: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    intent = parsed.data as Intent;
  }
  if (intent.symbol !== symbol) return new Error(`intent for ${intent.symbol} while deciding on ${symbol}`);
  return intent;
}

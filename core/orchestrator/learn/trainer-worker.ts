import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { LeakageError } from './dataset.js';
import { trainFilter } from './train-filter.js';

/**
 * The learned filter's training thread: validation, walk-forward and fitting run here, never on the
 * thread that trades. One job per message; the answer carries the trained filter or why it failed.
 */
const jobSchema = z.object({
  id: z.number().int(),
  examples: z.array(
    z.object({
      id: z.string(),
      time: z.number(),
      source: z.enum(['live', 'paper', 'shadow', 'backtest']),
      features: z.record(z.string(), z.number()),
      featureTimes: z.record(z.string(), z.number()),
      closedAt: z.number(),
      ret: z.number(),
    }),
  ),
  options: z.object({
    features: z.array(z.string()),
    blend: z.object({ weight: z.number().min(0).max(1), minScore: z.number() }),
    folds: z.number().int().min(1).optional(),
    minTrain: z.number().int().min(1).optional(),
    minExamples: z.number().int().min(1).optional(),
  }),
});

parentPort?.on('message', (message: unknown) => {
  const parsed = jobSchema.safeParse(message);
  if (!parsed.success) {
    parentPort!.postMessage({ id: -1, ok: false, error: `bad training job: ${parsed.error.message}`, leakage: false });
    return;
  }
  const { id, examples, options } = parsed.data;
  try {
    parentPort!.postMessage({ id, ok: true, result: trainFilter(examples, options) });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error), leakage: error instanceof LeakageError });
  }
});

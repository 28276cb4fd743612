import { z } from 'zod';

/** Whether trading is HALTED (the emergency stop), since when, why and by whom. */
export const haltStateSchema = z.object({
  halted: z.boolean(),
  since: z.number().nullable(),
  reason: z.string().nullable(),
  /** Who or what triggered it: `button`, `shortcut`, `tray`, `api`, `breaker`, … */
  source: z.string().nullable(),
});
export type HaltState = z.infer<typeof haltStateSchema>;

import { z } from 'zod';
import { command } from './define.js';

/**
 * The workspace's view state — chart settings (indicator parameters, log scale), panel layout, view
 * preferences, the Backtests tab's form — kept in the core's encrypted store, so it survives a restart of
 * `serve` on another port (another browser origin, whose localStorage starts empty). The core keeps it as JSON; the renderer,
 * which owns its shape, checks it again with its own schema when reading it back. Never money, never secrets.
 */
export const VIEW_STATE_KEYS = ['chart', 'layout', 'preferences', 'backtest'] as const;
export const viewStateKeySchema = z.enum(VIEW_STATE_KEYS);
export type ViewStateKey = z.infer<typeof viewStateKeySchema>;

/** View state is small: a few dozen settings, not a place to park data. */
export const VIEW_STATE_MAX_CHARS = 16_000;

export const viewStateValueSchema = z
  .record(z.string().max(100), z.json())
  .refine((value) => JSON.stringify(value).length <= VIEW_STATE_MAX_CHARS, `at most ${VIEW_STATE_MAX_CHARS} characters of JSON`);
export type ViewStateValue = z.infer<typeof viewStateValueSchema>;

export const viewStateCommands = {
  /** Every kept part of the view state; a part never saved is absent. */
  'view.state.get': command(z.object({}).strict(), z.partialRecord(viewStateKeySchema, viewStateValueSchema)),
  /** Replaces one part. */
  'view.state.set': command(z.object({ key: viewStateKeySchema, value: viewStateValueSchema }).strict(), z.object({ key: viewStateKeySchema, savedAt: z.number() })),
} as const;

import { z } from 'zod';
import { command } from './define.js';
import { shadowRowSchema } from './strategies.js';

/** Live shadow variants: parameter variants of a running configuration, on the same bars, no orders anywhere. */

const configName = z.string().trim().min(1).max(40);
const variantId = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9 _.-]+$/, 'name may use letters, digits, space, _ . -')
  .refine((id) => id !== 'champion', 'champion names the configuration’s own parameters; choose another name');

/** One lane of the comparison; the champion's figures come from the same shadow computation as its variants'. */
export const liveShadowRowSchema = shadowRowSchema.extend({
  /** Close time of the first bar the lane counted (metrics cover it onwards); null while warming up. */
  since: z.number().nullable(),
});
export type LiveShadowRow = z.infer<typeof liveShadowRowSchema>;

export const strategyShadowsViewSchema = z.object({
  /** The configuration's name. */
  name: z.string(),
  /** `running` (enabled configurations), `warming up` (replaying recent history first), or `stopped`. */
  state: z.enum(['running', 'warming up', 'stopped']),
  /** Why an enabled configuration's comparison is not running (strategy not loaded, history unavailable); null otherwise. */
  problem: z.string().nullable(),
  /** Notional quote cash every lane started with. */
  cash: z.number().nullable(),
  /** The saved variants (shown even while the configuration is stopped). */
  variants: z.array(z.object({ id: z.string(), params: z.record(z.string(), z.unknown()) })),
  /** Champion first, then the variants that have warmed up; most recent 200 trades and risk events per lane. */
  rows: z.array(liveShadowRowSchema),
});
export type StrategyShadowsView = z.infer<typeof strategyShadowsViewSchema>;

export const strategyShadowCommands = {
  'strategies.shadows': command(z.object({ name: configName }).strict(), strategyShadowsViewSchema),
  /** Params validated by the strategy's own schema (a bad field is named); the variant warms up on recent history. */
  'strategies.addShadow': command(
    z.object({ name: configName, id: variantId, params: z.record(z.string(), z.unknown()).default({}) }).strict(),
    strategyShadowsViewSchema,
  ),
  'strategies.removeShadow': command(z.object({ name: configName, id: z.string().min(1).max(40) }).strict(), strategyShadowsViewSchema),
  /**
   * The variant's parameters become the configuration's (a new version, as the Parameters editor saves
   * one; the running instance restarts with them); the replaced parameters stay on as a variant.
   */
  'strategies.promoteShadow': command(
    z.object({ name: configName, id: z.string().min(1).max(40) }).strict(),
    z.object({ shadows: strategyShadowsViewSchema, keptAs: z.string() }),
  ),
} as const;

export const strategyShadowEvents = {
  /** A configuration's comparison changed (a bar closed, a variant was added, removed or promoted). */
  'strategies.shadows': z.object({ shadows: strategyShadowsViewSchema }),
} as const;

import { riskConfigSchema } from '../../risk/config.js';

/**
 * The settings a trader sets in the Risk tab's "Cooldowns and breaker" form: where each sits in the
 * risk configuration that `risk.config.get` answers and `risk.config.set` takes, and the core's own
 * schema for it (the form shows its bounds; the core alone decides what is accepted).
 */
const stopCooldown = riskConfigSchema.shape.stopCooldown.unwrap();
const hoursByTier = stopCooldown.shape.hoursByTier.unwrap();

export const riskCooldownNumberFields = {
  stopCooldownStops: { path: ['stopCooldown', 'stops'], schema: stopCooldown.shape.stops },
  stopCooldownHoursLarge: { path: ['stopCooldown', 'hoursByTier', 'large'], schema: hoursByTier.shape.large },
  stopCooldownHoursMid: { path: ['stopCooldown', 'hoursByTier', 'mid'], schema: hoursByTier.shape.mid },
  stopCooldownHoursSmall: { path: ['stopCooldown', 'hoursByTier', 'small'], schema: hoursByTier.shape.small },
  stopCooldownHoursMeme: { path: ['stopCooldown', 'hoursByTier', 'meme'], schema: hoursByTier.shape.meme },
  tradeCooldownMinutes: { path: ['tradeCooldownMinutes'], schema: riskConfigSchema.shape.tradeCooldownMinutes },
} as const;

/** The trading day's time zone: an IANA name, checked by the core against the runtime's zone list. */
export const riskBreakerTimeZonePath = ['breaker', 'timeZone'] as const;

export type RiskCooldownNumberKey = keyof typeof riskCooldownNumberFields;

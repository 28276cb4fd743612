import { z } from 'zod';

/** How the orchestrator treats one configuration; every field has the seed's default. */
export const policySchema = z
  .object({
    /** `propose`: the threshold manager proposes and the trader accepts or declines; `auto`: it applies them. */
    tuning: z.enum(['propose', 'auto']).default('propose'),
    /** May this configuration open a coin another configuration on the account holds (or is buying)? */
    allowStacking: z.boolean().default(false),
    /** Size new positions by fractional Kelly once enough closed trades exist on the symbol. */
    kellySizing: z.boolean().default(true),
    /** The learned filter's share of the setup score (0 = the strategy's own score only). */
    filterWeight: z.number().min(0).max(1).default(0.3),
    /** Setups scoring below this are skipped while a learned filter is active. */
    filterMinScore: z.number().min(0).max(100).default(50),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;
export const policyChangeSchema = policySchema.partial();
export type PolicyChange = z.infer<typeof policyChangeSchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** Where policies are kept (the settings repository: key `policy:<config>`). */
export interface PolicySettings {
  getRaw(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Each configuration's policy, validated on every read and write. */
export class PolicyBook {
  private readonly cache = new Map<string, Policy>();

  constructor(private readonly settings: PolicySettings) {}

  get(config: string): Policy {
    const cached = this.cache.get(config);
    if (cached) return cached;
    const parsed = policySchema.safeParse(this.settings.getRaw(`policy:${config}`) ?? {});
    const policy = parsed.success ? parsed.data : DEFAULT_POLICY;
    this.cache.set(config, policy);
    return policy;
  }

  set(config: string, change: PolicyChange): Policy {
    const next = policySchema.parse({ ...this.get(config), ...change });
    this.settings.set(`policy:${config}`, next);
    this.cache.set(config, next);
    return next;
  }
}

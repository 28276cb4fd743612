import { z } from 'zod';
import { isTimeZone } from './trading-day.js';

/**
 * The one validated risk configuration: every threshold the gate, the regime detector, the
 * volatility switch and the adaptive stops use lives here, with the product spec's defaults.
 * Percentages are written as a trader says them (20 = 20 %).
 */

const pct = z.number().finite().positive().max(100);
const ratio = z.number().finite().positive();

export const REGIMES = ['PANIC', 'CAUTION', 'EUPHORIA', 'NORMAL'] as const;
export const regimeSchema = z.enum(REGIMES);
export type Regime = z.infer<typeof regimeSchema>;

export const TIERS = ['large', 'mid', 'small', 'meme'] as const;
/** One number per liquidity tier; any tier left out keeps its default. */
const perTier = (value: z.ZodNumber, d: Record<(typeof TIERS)[number], number>) =>
  z.object({ large: value.default(d.large), mid: value.default(d.mid), small: value.default(d.small), meme: value.default(d.meme) }).strict().prefault({});

/** One number per regime; any regime left out keeps its default. */
const perRegime = (value: z.ZodNumber, d: Record<Regime, number>) =>
  z.object({ PANIC: value.default(d.PANIC), CAUTION: value.default(d.CAUTION), EUPHORIA: value.default(d.EUPHORIA), NORMAL: value.default(d.NORMAL) }).strict().prefault({});

/** A move measured over a time window of the benchmark's 1m closes. */
const windowRule = z.object({ minutes: z.number().int().min(2).max(10_080), pct }).strict();

export const limitsConfigSchema = z
  .object({
    /** Largest single entry order, in quote currency. */
    maxOrderNotional: z.number().finite().positive().default(10_000),
    maxOpenPositionsTotal: z.number().int().positive().default(200),
    maxOpenPositionsPerStrategy: z.number().int().positive().default(50),
    /** Position + resting entry orders on one symbol, as % of equity. */
    maxExposurePerSymbolPct: pct.default(20),
    /** All positions + resting entry orders, as % of equity (100 = no leverage). */
    maxExposureTotalPct: z.number().finite().positive().max(1_000).default(100),
    /** A market entry whose expected fill from the book is this much worse than the last price (in %) is refused. */
    maxSlippagePct: z.number().finite().positive().max(20).default(0.5),
  })
  .strict();

export const regimeConfigSchema = z
  .object({
    /** Default benchmark symbol on the account's exchange. */
    benchmark: z.string().default('BTC/USDT'),
    /** Drop from the window's highest close to the current close. Any one → PANIC. */
    panic: z.array(windowRule).min(1).default([{ minutes: 60, pct: 5 }, { minutes: 240, pct: 10 }]),
    /** Drop from the window's highest close. Any one → CAUTION (between these and PANIC's). */
    caution: z.array(windowRule).default([{ minutes: 60, pct: 3 }]),
    /** Slow bleed: net fall of the close over the window (close now vs close `minutes` ago). Any one → CAUTION. */
    bleed: z.array(windowRule).default([{ minutes: 1_440, pct: 3 }, { minutes: 2_880, pct: 5 }]),
    /** Rise from the window's lowest close. Any one → EUPHORIA. */
    euphoria: z.array(windowRule).default([{ minutes: 60, pct: 5 }]),
    /**
     * Hysteresis: once in a regime, its condition keeps holding down to `releaseRatio` × the threshold
     * (0.8 → PANIC entered at 5 % is left only once the drop is under 4 %)…
     */
    releaseRatio: z.number().gt(0).max(1).default(0.8),
    /** …and a calmer regime is entered only after this many minutes in the current one. Escalation is immediate. */
    minDwellMinutes: z.number().int().min(0).max(1_440).default(30),
    /** Size multiplier for new entries per regime (PANIC 0 = entries blocked). */
    sizeMultiplier: perRegime(z.number().min(0).max(1), { PANIC: 0, CAUTION: 0.5, EUPHORIA: 0.7, NORMAL: 1 }),
  })
  .strict();

export const volatilityConfigSchema = z
  .object({
    /** Volatility = (highest high − lowest low) / lowest low over this window, in %. */
    windowMinutes: z.number().int().min(60).max(10_080).default(1_440),
    /** Per strategy: disabled when volatility rises above `offAbovePct`, enabled again below `onBelowPct`. */
    strategies: z
      .record(z.string().min(1), z.object({ offAbovePct: pct, onBelowPct: pct }).strict())
      .default({ channel: { offAbovePct: 8, onBelowPct: 6 } }),
  })
  .strict();

export const stopsConfigSchema = z
  .object({
    regimeMultiplier: perRegime(ratio, { PANIC: 1.5, CAUTION: 1.3, EUPHORIA: 1.2, NORMAL: 1.0 }),
    /** Volatility factor = volatility / referencePct, clamped to [minFactor, maxFactor]. */
    volatility: z
      .object({ referencePct: pct.default(5), minFactor: ratio.default(1), maxFactor: ratio.default(2) })
      .strict()
      .prefault({}),
    /** The widest stop any adjustment may produce, per liquidity tier, in %. */
    capPctByTier: perTier(pct, { large: 10, mid: 12, small: 15, meme: 15 }),
  })
  .strict();

export const riskConfigSchema = z
  .object({
    limits: limitsConfigSchema.prefault({}),
    breaker: z
      .object({
        /** Realised + unrealised P&L of the trading day at or below −this % of the day's starting equity halts new entries. */
        dailyLossPct: pct.default(5),
        /** The time zone whose midnight starts the trading day (an IANA name such as `Europe/Berlin`); UTC by default. */
        timeZone: z.string().default('UTC').refine(isTimeZone, { message: 'must be a time zone name such as UTC or Europe/Berlin' }),
      })
      .strict()
      .prefault({}),
    stopCooldown: z
      .object({
        /** Consecutive stop-losses on a symbol that start the cooldown; a take-profit resets the count. */
        stops: z.number().int().min(1).max(100).default(3),
        hoursByTier: perTier(z.number().positive().max(720), { large: 4, mid: 6, small: 12, meme: 24 }),
      })
      .strict()
      .prefault({}),
    /** A strategy may not re-enter a symbol until this long after its last position there closed. */
    tradeCooldownMinutes: z.number().min(0).max(10_080).default(15),
    emergencyStop: z
      .object({
        /** Protective stops at the venue are kept through an emergency stop (they protect what is still held) unless this is on. */
        cancelProtectiveStops: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /**
     * Liquidity tiers of a real venue's markets from their 24 h volume in US dollars (the quote volume of
     * a USD-stable pair, or converted through the quote's own USD pair), refreshed daily; below `small` is meme.
     */
    tiers: z
      .object({
        minQuoteVolume24h: z
          .object({ large: z.number().finite().positive().default(1_000_000_000), mid: z.number().finite().positive().default(100_000_000), small: z.number().finite().positive().default(10_000_000) })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    regime: regimeConfigSchema.prefault({}),
    volatility: volatilityConfigSchema.prefault({}),
    stops: stopsConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [name, rule] of Object.entries(config.volatility.strategies)) {
      if (rule.onBelowPct >= rule.offAbovePct) {
        ctx.addIssue({ code: 'custom', path: ['volatility', 'strategies', name], message: `onBelowPct (${rule.onBelowPct}) must be below offAbovePct (${rule.offAbovePct}) for hysteresis` });
      }
    }
    const { volatility } = config.stops;
    if (volatility.minFactor > volatility.maxFactor) {
      ctx.addIssue({ code: 'custom', path: ['stops', 'volatility'], message: `minFactor (${volatility.minFactor}) must not exceed maxFactor (${volatility.maxFactor})` });
    }
    const volume = config.tiers.minQuoteVolume24h;
    if (!(volume.large > volume.mid && volume.mid > volume.small)) {
      ctx.addIssue({ code: 'custom', path: ['tiers', 'minQuoteVolume24h'], message: `tier volumes must fall from large (${volume.large}) to mid (${volume.mid}) to small (${volume.small})` });
    }
    const panicMin = Math.min(...config.regime.panic.map((rule) => rule.pct));
    for (const [index, rule] of config.regime.caution.entries()) {
      if (rule.pct >= panicMin) {
        ctx.addIssue({ code: 'custom', path: ['regime', 'caution', index], message: `a CAUTION drop (${rule.pct} %) must be smaller than the smallest PANIC drop (${panicMin} %)` });
      }
    }
  });

export type RiskConfig = z.output<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;

export const DEFAULT_RISK_CONFIG: RiskConfig = riskConfigSchema.parse({});

/** Validates a (partial) configuration, filling spec defaults. Throws a ZodError naming the bad field. */
export function parseRiskConfig(input: unknown): RiskConfig {
  return riskConfigSchema.parse(input ?? {});
}

import { z } from 'zod';
import { lazySchema } from '../market/lazy-schema.js';
import { clamp01 } from './support/scoring.js';

/** Validator settings; part of the fibonacci strategy's parameters (defaults = the product spec). */
export const fibonacciValidatorParamsSchema = lazySchema(() =>
  z.object({
    rsiMin: z.number().min(0).max(100).default(35).describe('Healthy pullback: RSI at least this'),
    rsiMax: z.number().min(0).max(100).default(65).describe('Healthy pullback: RSI at most this'),
    minVolumeRatio: z.number().min(0).max(10).default(1).describe('Volume confirmation: bar volume ≥ this × average'),
    volumeFullRatio: z.number().min(0.1).max(10).default(1.5).describe('Volume score is 100 at this × average'),
    atrMaxRatio: z.number().min(1.1).max(10).default(2.5).describe('Volatility score is 0 at ATR this × (or 1/this ×) its average'),
    minConfirmations: z.number().int().min(0).max(3).default(2).describe('Of RSI, EMA trend and volume, how many must confirm'),
    weightTechnical: z.number().min(0).max(100).default(30).describe('Score weight: technical alignment (%)'),
    weightVolume: z.number().min(0).max(100).default(20).describe('Score weight: volume (%)'),
    weightVolatility: z.number().min(0).max(100).default(20).describe('Score weight: volatility / ATR regime (%)'),
    weightWinRate: z.number().min(0).max(100).default(15).describe('Score weight: historical win rate (%)'),
    weightMarket: z.number().min(0).max(100).default(15).describe('Score weight: market condition (%)'),
    fullScore: z.number().min(0).max(100).default(75).describe('Score for FULL size'),
    reducedScore: z.number().min(0).max(100).default(60).describe('Score for REDUCED size (below: SKIP)'),
    reducedSizeFactor: z.number().min(0.05).max(1).default(0.65).describe('REDUCED tier size as a fraction of FULL'),
  }),
);

export type FibonacciValidatorParams = z.infer<ReturnType<typeof fibonacciValidatorParamsSchema>>;

export type MarketTrend = 'up' | 'down' | 'mixed' | 'unknown';

/** Market state at a candidate entry (all values from closed bars). */
export interface FibonacciCandidate {
  /** 0 = the close sits exactly on the Fibonacci level, 1 = at the edge of the tolerance band. */
  readonly levelDistance: number;
  readonly open: number;
  readonly close: number;
  readonly rsi: number;
  readonly emaFast: number;
  readonly emaSlow: number;
  /** Bar volume / average volume. */
  readonly volumeRatio: number;
  /** ATR / its own moving average: 1 = the usual volatility. */
  readonly atrRatio: number;
  /** The instance's own win rate, 0–100 (50 when no history). */
  readonly winRate: number;
  /** Trend of the higher timeframe. */
  readonly marketTrend: MarketTrend;
}

export type FibonacciTier = 'FULL' | 'REDUCED' | 'SKIP';

export interface FibonacciVerdict {
  readonly confirmations: { readonly rsi: boolean; readonly trend: boolean; readonly volume: boolean };
  readonly confirmed: boolean;
  /** Each 0–100. */
  readonly components: { readonly technical: number; readonly volume: number; readonly volatility: number; readonly winRate: number; readonly market: number };
  /** Weighted 0–100. */
  readonly score: number;
  readonly tier: FibonacciTier;
  /** 1 for FULL, `reducedSizeFactor` for REDUCED, 0 for SKIP. */
  readonly sizeFactor: number;
}

const MARKET_SCORE: Record<MarketTrend, number> = { up: 100, mixed: 50, unknown: 50, down: 0 };

/**
 * Scores a Fibonacci entry. Technical alignment = mean of four checks (closeness to the level,
 * RSI in band, fast EMA above slow EMA, bullish bar); volume = ratio / full ratio; volatility = 100
 * at the usual ATR falling to 0 at `atrMaxRatio` times (or a fraction) of it, on a log scale;
 * win rate as given; market = 100 up / 50 mixed or unknown / 0 down on the higher timeframe.
 * The entry must also be confirmed by at least `minConfirmations` of RSI, EMA trend and volume.
 */
export function validateFibonacciEntry(c: FibonacciCandidate, p: FibonacciValidatorParams): FibonacciVerdict {
  const rsi = c.rsi >= p.rsiMin && c.rsi <= p.rsiMax;
  const trend = c.emaFast > c.emaSlow;
  const volume = c.volumeRatio >= p.minVolumeRatio;
  const confirmed = Number(rsi) + Number(trend) + Number(volume) >= p.minConfirmations;

  const technical = 25 * (1 - clamp01(c.levelDistance) + Number(rsi) + Number(trend) + Number(c.close > c.open));
  const components = {
    technical,
    volume: 100 * clamp01(c.volumeRatio / p.volumeFullRatio),
    volatility: c.atrRatio > 0 ? 100 * clamp01(1 - Math.abs(Math.log(c.atrRatio)) / Math.log(p.atrMaxRatio)) : 0,
    winRate: Math.max(0, Math.min(100, c.winRate)),
    market: MARKET_SCORE[c.marketTrend],
  };
  const weights = p.weightTechnical + p.weightVolume + p.weightVolatility + p.weightWinRate + p.weightMarket;
  const score =
    weights > 0
      ? (p.weightTechnical * components.technical +
          p.weightVolume * components.volume +
          p.weightVolatility * components.volatility +
          p.weightWinRate * components.winRate +
          p.weightMarket * components.market) /
        weights
      : 0;
  const tier: FibonacciTier = !confirmed ? 'SKIP' : score >= p.fullScore ? 'FULL' : score >= p.reducedScore ? 'REDUCED' : 'SKIP';
  const sizeFactor = tier === 'FULL' ? 1 : tier === 'REDUCED' ? p.reducedSizeFactor : 0;
  return { confirmations: { rsi, trend, volume }, confirmed, components, score, tier, sizeFactor };
}

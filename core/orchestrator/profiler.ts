import type { LiquidityTier } from '../exchange/port.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import { tierOf } from '../exchange/volume-tiers.js';
import { DEFAULT_RISK_CONFIG } from '../risk/config.js';
import { round } from './format.js';

const MINUTE = 60_000;
const DAY_BARS = 1_440;

/** What a symbol's recent market is like: how much it moves, how liquid it is, how trends persist, how wide it trades. */
export interface SymbolProfile {
  readonly symbol: MarketSymbol;
  /** Close time of the newest bar the profile read. */
  readonly asOf: number;
  /** 1m bars it read (at most 7 days). */
  readonly bars: number;
  /** Realized volatility of the last 24 h, as a daily standard deviation of returns in %. */
  readonly volatilityPct: number;
  /** Volatility of the last 24 h against the 6 days before it (1 = unchanged; null without that history). */
  readonly volatilityChange: number | null;
  /** Quote volume of the last 24 h (Σ close × volume of the 1m bars). */
  readonly quoteVolume24h: number;
  readonly liquidityTier: LiquidityTier;
  /** Kaufman efficiency ratio of hourly closes over 48 h: 0 = back and forth, 1 = a straight line. */
  readonly trendPersistence: number;
  /** Bid–ask spread estimated from closes, highs and lows (Abdi & Ranaldo 2017), in basis points. */
  readonly spreadBps: number;
}

/** The tier of a 24 h quote volume (USDT-like quotes), with the risk configuration's default thresholds — the live venues' tiers use the same. */
export function liquidityTierOf(quoteVolume24h: number): LiquidityTier {
  return tierOf(quoteVolume24h, DEFAULT_RISK_CONFIG.tiers.minQuoteVolume24h);
}

/** Daily standard deviation (%) of 1m log returns of `bars` (needs at least three). */
export function dailyVolatilityPct(bars: readonly Candle[]): number {
  if (bars.length < 3) return 0;
  const returns: number[] = [];
  for (let i = 1; i < bars.length; i++) if (bars[i - 1]!.close > 0 && bars[i]!.close > 0) returns.push(Math.log(bars[i]!.close / bars[i - 1]!.close));
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / Math.max(1, returns.length - 1);
  return Math.sqrt(variance * DAY_BARS) * 100;
}

/** Efficiency ratio |last − first| / Σ|steps| of hourly closes taken from 1m bars. */
export function efficiencyRatio(bars: readonly Candle[]): number {
  const hourly: number[] = [];
  for (let i = bars.length - 1; i >= 0; i -= 60) hourly.push(bars[i]!.close);
  hourly.reverse();
  if (hourly.length < 3) return 0;
  let path = 0;
  for (let i = 1; i < hourly.length; i++) path += Math.abs(hourly[i]! - hourly[i - 1]!);
  return path > 0 ? Math.abs(hourly.at(-1)! - hourly[0]!) / path : 0;
}

/**
 * Abdi & Ranaldo's close-high-low spread estimator: s² = 4·E[(c_t − η_t)(c_t − η_{t+1})] with η the
 * log mid-range of a bar; negative estimates count as zero. Venues' order books are not part of the
 * feed, so the spread is estimated from bars.
 */
export function estimatedSpreadBps(bars: readonly Candle[]): number {
  if (bars.length < 3) return 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 1 < bars.length; i++) {
    const bar = bars[i]!;
    const next = bars[i + 1]!;
    if (!(bar.low > 0 && next.low > 0 && bar.close > 0)) continue;
    const c = Math.log(bar.close);
    const eta = (Math.log(bar.high) + Math.log(bar.low)) / 2;
    const etaNext = (Math.log(next.high) + Math.log(next.low)) / 2;
    sum += (c - eta) * (c - etaNext);
    n++;
  }
  if (n === 0) return 0;
  return Math.sqrt(Math.max(0, (4 * sum) / n)) * 10_000;
}

/** The bars whose close time is at or before `asOf` (bars ascending by open time). */
export function barsUpTo(bars: readonly Candle[], asOf: number): readonly Candle[] {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time + MINUTE <= asOf) lo = mid + 1;
    else hi = mid;
  }
  return lo === bars.length ? bars : bars.slice(0, lo);
}

/** A symbol's profile from its closed 1m bars up to `asOf` (null with fewer than an hour of them). */
export function profileSymbol(symbol: MarketSymbol, allBars: readonly Candle[], asOf: number): SymbolProfile | null {
  const known = barsUpTo(allBars, asOf);
  if (known.length < 60) return null;
  const day = known.slice(-DAY_BARS);
  const before = known.slice(-7 * DAY_BARS, -DAY_BARS);
  const volatility = dailyVolatilityPct(day);
  const previous = before.length >= 60 ? dailyVolatilityPct(before) : null;
  const quoteVolume = day.reduce((sum, bar) => sum + bar.close * bar.volume, 0);
  return {
    symbol,
    asOf: known.at(-1)!.time + MINUTE,
    bars: Math.min(known.length, 7 * DAY_BARS),
    volatilityPct: round(volatility, 6),
    volatilityChange: previous !== null && previous > 0 ? round(volatility / previous, 6) : null,
    quoteVolume24h: round(quoteVolume, 2),
    liquidityTier: liquidityTierOf(quoteVolume * (DAY_BARS / day.length)),
    trendPersistence: round(efficiencyRatio(known.slice(-2 * DAY_BARS)), 6),
    spreadBps: round(estimatedSpreadBps(day), 4),
  };
}

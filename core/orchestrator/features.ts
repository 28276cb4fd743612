import { RSI } from '../indicators/index.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import { round } from './format.js';
import { barsUpTo, profileSymbol, type SymbolProfile } from './profiler.js';

const MINUTE = 60_000;
/** Bars kept per symbol: a week of 1m bars (the profiler's longest look-back). */
export const BOOK_BARS = 7 * 1_440;

/** The features of a setup, each with the close time of the newest bar it read (never after the decision). */
export interface FeatureVector {
  readonly values: Readonly<Record<string, number>>;
  readonly times: Readonly<Record<string, number>>;
}

/** Every feature the learned filter may use, in a stable order. */
export const FEATURE_NAMES = [
  'rule_score',
  'ret_15m',
  'ret_1h',
  'ret_4h',
  'ret_24h',
  'vol_1h',
  'volatility_24h',
  'volatility_change',
  'trend_persistence',
  'liquidity_tier',
  'spread_bps',
  'range_position_24h',
  'volume_ratio_1h',
  'rsi_14',
  'hour_utc',
  'weekday',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

const TIER_RANK = { large: 0, mid: 1, small: 2, meme: 3 } as const;

const pctChange = (bars: readonly Candle[], minutes: number) => {
  if (bars.length <= minutes) return 0;
  const then = bars[bars.length - 1 - minutes]!.close;
  return then > 0 ? ((bars.at(-1)!.close - then) / then) * 100 : 0;
};

function stdevPct(bars: readonly Candle[]): number {
  if (bars.length < 3) return 0;
  const r: number[] = [];
  for (let i = 1; i < bars.length; i++) r.push(Math.log(bars[i]!.close / bars[i - 1]!.close));
  const mean = r.reduce((s, v) => s + v, 0) / r.length;
  return Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, r.length - 1)) * 100;
}

function rsi(bars: readonly Candle[]): number {
  const indicator = new RSI(14);
  let value: number | null = null;
  for (const bar of bars.slice(-60)) value = indicator.add(bar.close);
  return value ?? 50;
}

/**
 * The features of a setup on `symbol` decided at `asOf`, from closed bars up to that time only:
 * recent returns and volatility, the symbol's profile, where price sits in its 24 h range, volume
 * against its average, RSI, the time of day and the strategy's own score.
 */
export function setupFeatures(symbol: MarketSymbol, bars: readonly Candle[], asOf: number, ruleScore: number): FeatureVector {
  const known = barsUpTo(bars, asOf);
  const lastClose = known.length > 0 ? known.at(-1)!.time + MINUTE : asOf;
  const profile: SymbolProfile | null = profileSymbol(symbol, known, asOf);
  const day = known.slice(-1_440);
  const high = day.reduce((m, b) => Math.max(m, b.high), -Infinity);
  const low = day.reduce((m, b) => Math.min(m, b.low), Infinity);
  const last = known.at(-1)?.close ?? 0;
  const hourVolume = known.slice(-60).reduce((s, b) => s + b.volume, 0) / Math.max(1, Math.min(60, known.length));
  const dayVolume = day.reduce((s, b) => s + b.volume, 0) / Math.max(1, day.length);
  const date = new Date(asOf);
  const values: Record<FeatureName, number> = {
    rule_score: ruleScore,
    ret_15m: pctChange(known, 15),
    ret_1h: pctChange(known, 60),
    ret_4h: pctChange(known, 240),
    ret_24h: pctChange(known, 1_440),
    vol_1h: stdevPct(known.slice(-61)),
    volatility_24h: profile?.volatilityPct ?? 0,
    volatility_change: profile?.volatilityChange ?? 1,
    trend_persistence: profile?.trendPersistence ?? 0,
    liquidity_tier: profile ? TIER_RANK[profile.liquidityTier] : 2,
    spread_bps: profile?.spreadBps ?? 0,
    range_position_24h: high > low ? (last - low) / (high - low) : 0.5,
    volume_ratio_1h: dayVolume > 0 ? hourVolume / dayVolume : 1,
    rsi_14: rsi(known),
    hour_utc: date.getUTCHours(),
    weekday: date.getUTCDay(),
  };
  const times: Record<string, number> = {};
  for (const name of FEATURE_NAMES) times[name] = name === 'rule_score' || name === 'hour_utc' || name === 'weekday' ? asOf : lastClose;
  const rounded: Record<string, number> = {};
  for (const name of FEATURE_NAMES) rounded[name] = round(Number.isFinite(values[name]) ? values[name] : 0, 8);
  return { values: rounded, times };
}

/**
 * Recent closed 1m bars per feed and symbol, kept from the live feeds (warmed from history): what features
 * and profiles are computed from. A feed is the chart's market or a live venue's (core/runner/run-feeds.ts
 * keys): a venue's BTC/USDT and a simulated chart's BTC/USDT are different markets and never share bars.
 * Bars arrive in time order; a repeated bar replaces the last one.
 */
export class BarBook {
  private readonly feeds = new Map<string, Map<MarketSymbol, Candle[]>>();

  /** Seeds a feed's symbol with history (closed bars, ascending); bars already held stay. */
  warm(feed: string, symbol: MarketSymbol, history: readonly Candle[]): void {
    const bars = this.bars(feed);
    const held = bars.get(symbol) ?? [];
    const first = held[0]?.time ?? Infinity;
    const merged = [...history.filter((bar) => bar.time < first), ...held].slice(-BOOK_BARS);
    bars.set(symbol, merged);
  }

  push(feed: string, symbol: MarketSymbol, candle: Candle): void {
    const bars = this.bars(feed);
    let list = bars.get(symbol);
    if (!list) bars.set(symbol, (list = []));
    const last = list.at(-1);
    if (last && candle.time < last.time) return;
    if (last && candle.time === last.time) list[list.length - 1] = candle;
    else list.push(candle);
    if (list.length > BOOK_BARS + 500) list.splice(0, list.length - BOOK_BARS);
  }

  of(feed: string, symbol: MarketSymbol): readonly Candle[] {
    return this.feeds.get(feed)?.get(symbol) ?? [];
  }

  symbols(feed: string): MarketSymbol[] {
    return [...(this.feeds.get(feed)?.keys() ?? [])];
  }

  /** Every symbol with bars on any feed (the chart's market or a venue's). */
  allSymbols(): MarketSymbol[] {
    return [...new Set([...this.feeds.values()].flatMap((bars) => [...bars.keys()]))];
  }

  /** Forgets one feed's bars (its market was switched). */
  clear(feed: string): void {
    this.feeds.delete(feed);
  }

  private bars(feed: string): Map<MarketSymbol, Candle[]> {
    let bars = this.feeds.get(feed);
    if (!bars) this.feeds.set(feed, (bars = new Map()));
    return bars;
  }
}

import { alignToTimeframe, timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { MarketFeed } from '../market/feed.js';
import type { RunnableStrategy, StrategyRequirements } from '../strategies/contract.js';
import type { Running } from './launch.js';

/** At most this many 1m bars of history are replayed to warm a strategy up (runner, shadows and Scanner alike). */
export const MAX_WARMUP_MINUTES = 20_000;
/** At most this many bars of one higher timeframe are fetched whole, for the history the 1m bars do not reach. */
export const MAX_WARMUP_BARS = 5_000;
const MINUTE_MS = 60_000;

/** The most recent `limit` bars of a symbol's `timeframe`, oldest first, the last one possibly forming (MarketFeed.history). */
export type WarmUpHistory = (symbol: MarketSymbol, timeframe: Timeframe, limit: number) => Promise<readonly Candle[]>;

/** What warms up: an engine, or a shadow lane around one. */
export interface WarmUpTarget {
  onCandle(symbol: MarketSymbol, candle: Candle): void;
  warmUpBar(symbol: MarketSymbol, timeframe: Timeframe, bar: Candle): boolean;
  rollUpFrom(symbol: MarketSymbol, timeframe: Timeframe, time: number): boolean;
}

/** One bar of a warm-up: a 1m bar (the engine rolls it up), or a closed bar of a higher timeframe fetched whole. */
export interface WarmUpStep {
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe;
  readonly candle: Candle;
}

/** A symbol's warm-up: where each higher timeframe's roll-up of the 1m bars takes over, and the bars in the order a replay from the start would deliver them. */
export interface WarmUpPlan {
  readonly seams: readonly { readonly symbol: MarketSymbol; readonly timeframe: Timeframe; readonly from: number }[];
  readonly steps: readonly WarmUpStep[];
}

export function requirementsOf(definition: Pick<RunnableStrategy, 'warmupBars' | 'timeframes' | 'requirements'>, params: unknown): StrategyRequirements {
  return definition.requirements?.(params) ?? { timeframes: definition.timeframes, warmupBars: definition.warmupBars };
}

/** The 1m bars replayed for these requirements: enough for the warm-up of the slowest timeframe, capped. */
export function warmupMinutes(requirements: StrategyRequirements): number {
  return Math.min(MAX_WARMUP_MINUTES, Math.ceil(spanMs(requirements) / MINUTE_MS));
}

/** History today's 1m replay aims for: warmupBars (+2) of the slowest timeframe. */
function spanMs(requirements: StrategyRequirements): number {
  return (requirements.warmupBars + 2) * Math.max(MINUTE_MS, ...requirements.timeframes.map(timeframeMs));
}

/**
 * The warm-up of one symbol on `minutes` (its closed 1m bars, oldest first): for each higher timeframe,
 * the venue's own closed bars for the history those minutes do not reach, up to the first bucket the
 * minutes cover whole (the seam, UTC-aligned as the engine's roll-up), then the minutes, which the
 * engine rolls up from the seam on: no bar counted twice or skipped. A timeframe whose history the
 * venue cannot give is left to the minutes alone (the warm-up progress then says how far they got).
 */
export async function planWarmUp(symbol: MarketSymbol, minutes: readonly Candle[], requirements: StrategyRequirements, history: WarmUpHistory): Promise<WarmUpPlan> {
  const seams: { symbol: MarketSymbol; timeframe: Timeframe; from: number }[] = [];
  const steps: WarmUpStep[] = minutes.map((candle) => ({ symbol, timeframe: '1m', candle }));
  if (minutes.length === 0) return { seams, steps };
  const first = minutes[0]!.time;
  const end = minutes[minutes.length - 1]!.time + MINUTE_MS;
  const higher = [...new Set(requirements.timeframes)].filter((tf) => timeframeMs(tf) > MINUTE_MS);
  for (const timeframe of higher) {
    const ms = timeframeMs(timeframe);
    // The first bucket the minutes cover from its start; when they all lie in one forming bucket, that one (partial, as before).
    const whole = alignToTimeframe(first + ms - MINUTE_MS, timeframe);
    const seam = whole <= end ? whole : alignToTimeframe(first, timeframe);
    const wanted = Math.min(MAX_WARMUP_BARS, Math.ceil((spanMs(requirements) - Math.max(0, end - seam)) / ms));
    if (wanted <= 0) continue;
    const limit = wanted + Math.ceil(Math.max(0, end - seam) / ms) + 2;
    const bars = await history(symbol, timeframe, limit).catch(() => [] as readonly Candle[]);
    const before = bars.filter((bar) => bar.time < seam && alignToTimeframe(bar.time, timeframe) === bar.time).slice(-wanted);
    if (before.length === 0) continue;
    seams.push({ symbol, timeframe, from: seam });
    for (const candle of before) steps.push({ symbol, timeframe, candle });
  }
  return { seams, steps: inReplayOrder(steps) };
}

/**
 * By close time; at the same close, the 1m bar first, then the timeframes ascending: the order the
 * engine delivers them in when it rolls everything up itself.
 */
export function inReplayOrder(steps: readonly WarmUpStep[]): WarmUpStep[] {
  const close = (step: WarmUpStep) => step.candle.time + timeframeMs(step.timeframe);
  return [...steps].sort((a, b) => close(a) - close(b) || timeframeMs(a.timeframe) - timeframeMs(b.timeframe));
}

/** Sets where each higher timeframe's roll-up takes over; call before the first step. */
export function applySeams(target: WarmUpTarget, plan: WarmUpPlan): void {
  for (const seam of plan.seams) target.rollUpFrom(seam.symbol, seam.timeframe, seam.from);
}

export function applyStep(target: WarmUpTarget, step: WarmUpStep): void {
  if (step.timeframe === '1m') target.onCandle(step.symbol, step.candle);
  else target.warmUpBar(step.symbol, step.timeframe, step.candle);
}

/** The closed 1m bars and the plan of each symbol, from a market feed. */
export async function feedWarmUp(feed: Pick<MarketFeed, 'history'>, symbol: MarketSymbol, requirements: StrategyRequirements): Promise<WarmUpPlan> {
  // The last bar may still be forming; warm up on closed bars only.
  const minutes = (await feed.history(symbol, '1m', warmupMinutes(requirements))).slice(0, -1);
  return planWarmUp(symbol, minutes, requirements, (s, timeframe, limit) => feed.history(s, timeframe, limit));
}

/**
 * Replays recent history through a new engine (every order refused meanwhile) so its indicators are ready.
 * A symbol whose history cannot be fetched throws, or, given `onDataFailed`, is taken out of the run and told there.
 */
export async function warmUp(run: Running, definition: Pick<RunnableStrategy, 'warmupBars' | 'timeframes' | 'requirements'>, feed: Pick<MarketFeed, 'history'>, onDataFailed?: (symbol: MarketSymbol, error: unknown) => void): Promise<void> {
  const requirements = requirementsOf(definition, run.record.params);
  for (const symbol of run.symbols) {
    let plan: WarmUpPlan;
    try {
      plan = await feedWarmUp(feed, symbol, requirements);
    } catch (error) {
      if (!onDataFailed) throw error;
      run.symbols = run.symbols.filter((each) => each !== symbol);
      onDataFailed(symbol, error);
      continue;
    }
    applySeams(run.engine, plan);
    for (const step of plan.steps) applyStep(run.engine, step);
  }
  // A sandboxed file decides asynchronously: the warm-up is over once its last decision came back.
  await run.engine.settled();
}

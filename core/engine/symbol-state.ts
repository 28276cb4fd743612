import { SteadyMap } from '../exchange/paper-lists.js';
import type { LiquidityTier, MarketRules } from '../exchange/port.js';
import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { AnyStrategyInstance, ExitPlan, RunnableStrategy, TierExitDefaults } from '../strategies/contract.js';
import { StrategyError } from '../strategies/strategy-error.js';
import { ReusedBarContext } from './bar-context.js';
import { CandleRing } from './candle-ring.js';
import { DecisionQueue } from './decision-queue.js';
import { EntryOrders } from './entry-orders.js';
import type { Position } from './positions.js';
import { TimeframeAggregator } from './timeframe-aggregator.js';

/** Everything the engine tracks for one symbol of one strategy. */
export class SymbolState {
  instance: AnyStrategyInstance | null;
  position: Position | null = null;
  /** Trade id of the last position that closed: late entry fills must not reopen it under that id. */
  lastClosedTradeId: string | null = null;
  /** Trade id promised to working entry orders before any of them filled. */
  pendingTradeId: string | null = null;
  /** Exit plan for a position that does not exist yet (update_exits before the entry filled). */
  pendingExits: ExitPlan | null = null;
  /** Working entry orders. */
  readonly entryOrders = new EntryOrders();
  /** Working exit orders and the quantity each still has to sell. */
  readonly exitOrders = new SteadyMap<number>();
  lastClose = Number.NaN;
  /** The last risk event reported for this symbol, to drop identical repeats (a blocked stop retried every bar). */
  lastEventKey: string | null = null;
  lastCandle: Candle | null = null;
  consecutiveErrors = 0;
  /** The first malformed intent of the decision being applied (counted as one error of that call). */
  malformedIntent: StrategyError | null = null;
  /** Bars waiting for an asynchronous decision (a sandboxed file) to come back. */
  readonly decisions = new DecisionQueue();
  readonly rings = new Map<Timeframe, CandleRing>();
  /** Higher timeframes, ascending, built from the base bars. */
  readonly aggregators: TimeframeAggregator[] = [];
  /** One callback per aggregator, made once so the hot path allocates no closures. */
  emitters: ((bar: Candle) => void)[] = [];
  /** True when the strategy wants the base timeframe itself. */
  readonly deliversBase: boolean;
  /** The base timeframe's ring when the strategy wants base bars and windows (looked up once, not per bar). */
  readonly baseRing: CandleRing | null;
  /** A streaming strategy's one reused context (no windows kept for it); null: a fresh context per call. */
  readonly reusedContext: ReusedBarContext | null;
  /** The slowest timeframe the strategy requires: its warm-up is counted in bars of it. */
  readonly warmupTimeframe: Timeframe;
  /** Bars of `warmupTimeframe` the strategy has had, counted up to the `windowBars` it requires. */
  warmupHave = 0;

  constructor(
    readonly symbol: MarketSymbol,
    readonly rules: MarketRules,
    readonly tier: LiquidityTier,
    readonly tierDefaults: TierExitDefaults,
    instance: AnyStrategyInstance,
    base: Timeframe,
    timeframes: readonly Timeframe[],
    readonly windowBars: number,
    streaming = false,
  ) {
    this.instance = instance;
    this.reusedContext = streaming ? new ReusedBarContext(symbol, tier, tierDefaults) : null;
    const sorted = [...new Set(timeframes)].sort((a, b) => timeframeMs(a) - timeframeMs(b));
    this.deliversBase = sorted.includes(base);
    for (const timeframe of sorted) {
      if (timeframeMs(timeframe) < timeframeMs(base)) {
        throw new Error(`the strategy needs ${timeframe} candles but the data is ${base}; use data of ${timeframe} or finer`);
      }
      if (!streaming) this.rings.set(timeframe, new CandleRing(windowBars));
      if (timeframe !== base) this.aggregators.push(new TimeframeAggregator(timeframe, base));
    }
    this.baseRing = this.rings.get(base) ?? null;
    this.warmupTimeframe = sorted[sorted.length - 1] ?? base;
  }

  /**
   * Warm-up only: a closed bar of one of the strategy's higher timeframes fetched whole (the venue's own,
   * for history the 1m bars do not reach), handed on as if rolled up here (so orders it decides on meet the
   * same gate). False when this symbol rolls up no such timeframe.
   */
  warmUpBar(timeframe: Timeframe, bar: Candle): boolean {
    const index = this.aggregators.findIndex((aggregator) => aggregator.timeframe === timeframe);
    if (index < 0) return false;
    this.emitters[index]!({ time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume });
    return true;
  }

  /** Warm-up only: `timeframe` is rolled up from base bars from `time` on (its bars before came whole through warmUpBar). */
  rollUpFrom(timeframe: Timeframe, time: number): boolean {
    const aggregator = this.aggregators.find((candidate) => candidate.timeframe === timeframe);
    aggregator?.startAt(time);
    return aggregator !== undefined;
  }

  /** Still short of the history the strategy requires: how many bars of its slowest timeframe it has of how many; null once it has them. */
  warmupProgress(): WarmupProgress | null {
    return this.warmupHave >= this.windowBars ? null : { have: this.warmupHave, need: this.windowBars, timeframe: this.warmupTimeframe };
  }
}

/** A strategy warming up on a symbol: `have` of the `need` bars of `timeframe` its requirements ask for. */
export interface WarmupProgress {
  readonly have: number;
  readonly need: number;
  readonly timeframe: Timeframe;
}

/** How many of the states hold a position. */
export function countOpen(states: readonly SymbolState[]): number {
  let open = 0;
  for (const state of states) if (state.position !== null) open++;
  return open;
}

/** A symbol's state with a fresh strategy instance, windows and roll-ups for what the strategy requires. */
export function createSymbolState<P>(strategy: RunnableStrategy<P>, params: P, symbol: MarketSymbol, rules: MarketRules, base: Timeframe, tiers: Readonly<Record<LiquidityTier, TierExitDefaults>>): SymbolState {
  const requirements = strategy.requirements?.(params) ?? { timeframes: strategy.timeframes, warmupBars: strategy.warmupBars };
  let instance: AnyStrategyInstance;
  try {
    instance = strategy.create(params, symbol);
  } catch (error) {
    throw StrategyError.wrap(strategy.name, 'create', error, symbol);
  }
  return new SymbolState(symbol, rules, rules.tier, tiers[rules.tier], instance, base, requirements.timeframes, Math.max(1, requirements.warmupBars), strategy.streaming === true);
}

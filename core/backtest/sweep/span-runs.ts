import type { ClosedTrade } from '../../engine/positions.js';
import type { RiskGate } from '../../engine/risk-gate.js';
import { timeframeMs, type CandleColumns, type Timeframe } from '../../market/candle.js';
import type { RunnableStrategy } from '../../strategies/contract.js';
import { computeMetrics, type BacktestMetrics } from '../metrics.js';
import type { SpanFigures } from './walk-forward.js';

/**
 * How long each walk-forward span's run watches the bars before it, orders refused, so its indicators
 * are warm when it starts trading: what the slowest of the variants needs — its warm-up bars (+2) of its
 * slowest timeframe, as a live runner replays history (core/runner/warm-up.ts) — one length for all of
 * them, so every variant's span run covers the same bars.
 */
export function spanWarmUpMs(strategy: Pick<RunnableStrategy, 'warmupBars' | 'timeframes' | 'requirements'>, paramSets: readonly unknown[], base: Timeframe): number {
  let longest = 0;
  for (const params of paramSets) {
    const needs = strategy.requirements?.(params) ?? { timeframes: strategy.timeframes, warmupBars: strategy.warmupBars };
    const slowest = Math.max(timeframeMs(base), ...needs.timeframes.map(timeframeMs));
    longest = Math.max(longest, (needs.warmupBars + 2) * slowest);
  }
  return longest;
}

/** A span's run: the bars `[warmFrom, end)` of the data, trading from `first` on (indices). */
export interface SpanBars {
  readonly warmFrom: number;
  readonly first: number;
  readonly end: number;
}

/** The bars of the span whose bars close in [from, to), and the warm-up before it (clipped to the data's start). */
export function spanBars(openTimes: Float64Array, closeTimes: Float64Array, from: number, to: number, warmUpMs: number): SpanBars {
  const first = lowerBound(closeTimes, from);
  const end = lowerBound(closeTimes, to);
  const warmFrom = first < openTimes.length ? lowerBound(openTimes, openTimes[first]! - warmUpMs) : first;
  return { warmFrom, first, end };
}

/** Views of rows [from, to) of the columns (no copy). */
export function columnsBetween(columns: CandleColumns, from: number, to: number): CandleColumns {
  return {
    time: columns.time.subarray(from, to),
    open: columns.open.subarray(from, to),
    high: columns.high.subarray(from, to),
    low: columns.low.subarray(from, to),
    close: columns.close.subarray(from, to),
    volume: columns.volume.subarray(from, to),
  };
}

/** The benchmark rows from the open time `time` on (the runner pairs bars by open time; the earlier ones it would only skip). */
export function benchmarkFrom(benchmark: CandleColumns, time: number): CandleColumns {
  return columnsBetween(benchmark, lowerBound(benchmark.time, time), benchmark.time.length);
}

/** Each span's risk gates, worked out once per worker for all its variants (they all run the same bars). */
export class SpanGates {
  private readonly gates = new Map<string, () => RiskGate>();

  constructor(private readonly make: (bars: SpanBars) => () => RiskGate) {}

  gate(bars: SpanBars): RiskGate {
    const key = `${bars.warmFrom}:${bars.end}`;
    let gates = this.gates.get(key);
    if (gates === undefined) this.gates.set(key, (gates = this.make(bars)));
    return gates();
  }
}

export function figuresOf(metrics: BacktestMetrics): SpanFigures {
  return { trades: metrics.trades, winRate: metrics.winRate, profitFactor: metrics.profitFactor, totalReturn: metrics.totalReturn, maxDrawdown: metrics.maxDrawdown, sharpe: metrics.sharpe };
}

/**
 * A variant's test spans' runs, one after the other, as one out-of-sample record: each run's equity
 * scaled to start where the previous one ended (their returns compound, as the walk-forward summary's),
 * every run's trades (kept apart by the span they closed in).
 */
export class OutOfSampleChain {
  private readonly trades: ClosedTrade[] = [];
  private length = 0;
  private value: number;

  constructor(
    /** Room for the equity of every test span's bars. */
    private readonly equity: Float64Array,
    /** Close time of each bar of the test spans, in order. */
    private readonly closeTimes: Float64Array,
    private readonly cash: number,
  ) {
    this.value = cash;
  }

  add(span: number, curve: Float64Array, trades: readonly ClosedTrade[], finalValue: number): void {
    const scale = this.value / this.cash;
    for (let i = 0; i < curve.length; i++) this.equity[this.length + i] = curve[i]! * scale;
    this.length += curve.length;
    this.value = finalValue * scale;
    for (const trade of trades) this.trades.push({ ...trade, id: `${span}:${trade.id}` });
  }

  figures(): SpanFigures {
    return figuresOf(
      computeMetrics({
        trades: this.trades,
        totalFees: 0,
        initialCash: this.cash,
        finalValue: this.value,
        equity: this.equity.subarray(0, this.length),
        times: this.closeTimes.subarray(0, this.length),
        barsInPosition: 0,
      }),
    );
  }
}

function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

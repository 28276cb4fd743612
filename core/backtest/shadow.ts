import type { RiskEvent, RiskGate } from '../engine/risk-gate.js';
import type { ClosedTrade } from '../engine/positions.js';
import type { MarketRules } from '../exchange/port.js';
import { candleAt, type Candle, type CandleColumns, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { StrategyDefinition } from '../strategies/contract.js';
import type { BacktestMetrics } from './metrics.js';
import { ShadowLane } from './shadow-lane.js';

export interface ShadowVariantSpec {
  readonly id: string;
  /** Validated by the strategy's schema. */
  readonly params: unknown;
}

export interface ShadowOptions {
  readonly strategy: StrategyDefinition;
  readonly champion: ShadowVariantSpec;
  readonly variants: readonly ShadowVariantSpec[];
  readonly market: MarketRules;
  readonly baseTimeframe: Timeframe;
  /** Notional cash each variant starts with, in the market's quote currency. */
  readonly cash: number;
  readonly fee: number;
  readonly slippage?: number;
  readonly validateIntents?: boolean;
  /**
   * Builds one risk gate per variant (each keeps its own regime, cooldowns and breaker, as in its own
   * backtest); pass-through when absent. The API and CLI pass `backtestRiskGate`, as for `backtest.run`.
   */
  readonly riskGate?: () => RiskGate;
  /** The regime's benchmark series (`--benchmark`); absent = the shadowed series itself. */
  readonly benchmark?: CandleColumns;
}

export interface ShadowRow {
  readonly id: string;
  readonly champion: boolean;
  readonly params: unknown;
  readonly metrics: BacktestMetrics;
  readonly trades: readonly ClosedTrade[];
  /** What the variant's risk gate did: regime changes, blocked entries, cooldowns, breaker trips. */
  readonly riskEvents: readonly RiskEvent[];
}

/**
 * Shadow testing: the champion and any number of parameter variants run side by side on the same
 * live or replayed bars, each against its own private paper exchange — no order ever reaches the
 * trader's account. `compare()` gives their trades and metrics; `promote(id)` makes a variant the
 * champion (the old champion stays on as a variant).
 */
export class ShadowRunner {
  private readonly lanes = new Map<string, ShadowLane>();
  private championId: string;
  private benchmarkIndex = 0;

  constructor(private readonly options: ShadowOptions) {
    this.championId = options.champion.id;
    for (const spec of [options.champion, ...options.variants]) this.add(spec);
  }

  add(spec: ShadowVariantSpec): void {
    if (this.lanes.has(spec.id)) throw new Error(`a shadow variant named "${spec.id}" already exists`);
    const { options } = this;
    this.lanes.set(
      spec.id,
      new ShadowLane({
        id: spec.id,
        strategy: options.strategy,
        params: spec.params,
        markets: [options.market],
        baseTimeframe: options.baseTimeframe,
        cash: options.cash,
        fee: options.fee,
        ...(options.slippage !== undefined ? { slippage: options.slippage } : {}),
        validateIntents: options.validateIntents ?? false,
        ...(options.riskGate ? { riskGate: options.riskGate() } : {}),
      }),
    );
  }

  remove(id: string): void {
    if (id === this.championId) throw new Error('the champion cannot be removed; promote another variant first');
    this.lanes.get(id)?.close();
    this.lanes.delete(id);
  }

  /** Feeds one closed base bar to every variant. */
  onCandle(symbol: MarketSymbol, candle: Candle): void {
    if (symbol !== this.options.market.symbol) return;
    const benchmark = this.options.benchmark === undefined ? null : this.benchmarkAt(this.options.benchmark, candle.time);
    for (const lane of this.lanes.values()) lane.onCandle(symbol, candle, benchmark);
  }

  get champion(): string {
    return this.championId;
  }

  compare(): ShadowRow[] {
    return [...this.lanes.values()].map((lane) => ({ id: lane.id, champion: lane.id === this.championId, params: lane.params, ...lane.result() }));
  }

  /** Makes `id` the champion; returns its parameters (for the caller to persist and trade with). */
  promote(id: string): unknown {
    const lane = this.lanes.get(id);
    if (lane === undefined) throw new Error(`no shadow variant named "${id}"`);
    this.championId = id;
    return lane.params;
  }

  /** The benchmark bar at `time`, as the backtest runner picks it (bars arrive in time order). */
  private benchmarkAt(series: CandleColumns, time: number): Candle | null {
    const times = series.time;
    while (this.benchmarkIndex < times.length && times[this.benchmarkIndex]! < time) this.benchmarkIndex++;
    return this.benchmarkIndex < times.length && times[this.benchmarkIndex] === time ? candleAt(series, this.benchmarkIndex) : null;
  }
}

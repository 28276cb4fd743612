import { TradingEngine } from '../engine/engine.js';
import type { RiskEvent, RiskGate } from '../engine/risk-gate.js';
import type { ClosedTrade } from '../engine/positions.js';
import { PaperExchange } from '../exchange/paper-exchange.js';
import type { MarketRules } from '../exchange/port.js';
import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { StrategyDefinition } from '../strategies/contract.js';
import { computeMetrics, type BacktestMetrics } from './metrics.js';

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
  readonly benchmark?: readonly Candle[];
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

interface Lane {
  readonly spec: ShadowVariantSpec;
  readonly exchange: PaperExchange;
  readonly engine: TradingEngine;
  readonly clock: { time: number };
  readonly trades: ClosedTrade[];
  readonly riskEvents: RiskEvent[];
  readonly fees: { total: number };
  readonly equity: number[];
  readonly times: number[];
  barsInPosition: number;
}

/**
 * Shadow testing: the champion and any number of parameter variants run side by side on the same
 * live or replayed bars, each against its own private paper exchange — no order ever reaches the
 * trader's account. `compare()` gives their trades and metrics; `promote(id)` makes a variant the
 * champion (the old champion stays on as a variant).
 */
export class ShadowRunner {
  private readonly lanes = new Map<string, Lane>();
  private championId: string;
  private lastClose = Number.NaN;
  private benchmarkIndex = 0;
  private readonly stepMs: number;

  constructor(private readonly options: ShadowOptions) {
    this.stepMs = timeframeMs(options.baseTimeframe);
    this.championId = options.champion.id;
    for (const spec of [options.champion, ...options.variants]) this.add(spec);
  }

  add(spec: ShadowVariantSpec): void {
    if (this.lanes.has(spec.id)) throw new Error(`a shadow variant named "${spec.id}" already exists`);
    const { market, strategy } = this.options;
    // Orders placed while deciding on a bar are stamped with that bar's close.
    const clock = { time: 0 };
    const exchange = new PaperExchange({
      markets: [market],
      balances: { [market.quote]: this.options.cash },
      config: { fees: { maker: this.options.fee, taker: this.options.fee }, ...(this.options.slippage !== undefined ? { slippage: this.options.slippage } : {}) },
      now: () => clock.time,
    });
    const trades: ClosedTrade[] = [];
    const riskEvents: RiskEvent[] = [];
    const fees = { total: 0 };
    const engine = new TradingEngine({
      strategy,
      params: spec.params,
      symbols: [market.symbol],
      exchange,
      budget: this.options.cash,
      baseTimeframe: this.options.baseTimeframe,
      validateIntents: this.options.validateIntents ?? false,
      ...(this.options.riskGate ? { riskGate: this.options.riskGate() } : {}),
      newOrderId: sequence(`${spec.id}-o`),
      newTradeId: sequence(`${spec.id}-t`),
      listener: {
        onTrade: (trade) => trades.push(trade),
        onFill: (fill) => (fees.total += fill.fee),
        onRiskEvent: (event) => riskEvents.push(event),
      },
    });
    this.lanes.set(spec.id, { spec, exchange, engine, clock, trades, riskEvents, fees, equity: [], times: [], barsInPosition: 0 });
  }

  remove(id: string): void {
    if (id === this.championId) throw new Error('the champion cannot be removed; promote another variant first');
    this.lanes.get(id)?.engine.close();
    this.lanes.delete(id);
  }

  /** Feeds one closed base bar to every variant. */
  onCandle(symbol: MarketSymbol, candle: Candle): void {
    if (symbol !== this.options.market.symbol) return;
    const closeTime = candle.time + this.stepMs;
    this.lastClose = candle.close;
    const benchmark = this.options.benchmark === undefined ? null : this.benchmarkAt(this.options.benchmark, candle.time);
    for (const lane of this.lanes.values()) {
      lane.clock.time = closeTime;
      lane.engine.onCandle(symbol, candle, benchmark);
      const held = lane.exchange.totalBalance(this.options.market.base);
      if (held > 0) lane.barsInPosition++;
      lane.equity.push(lane.exchange.totalBalance(this.options.market.quote) + held * candle.close);
      lane.times.push(closeTime);
    }
  }

  get champion(): string {
    return this.championId;
  }

  compare(): ShadowRow[] {
    return [...this.lanes.values()].map((lane) => {
      const held = lane.exchange.totalBalance(this.options.market.base);
      const finalValue = lane.exchange.totalBalance(this.options.market.quote) + (Number.isNaN(this.lastClose) ? 0 : held * this.lastClose);
      return {
        id: lane.spec.id,
        champion: lane.spec.id === this.championId,
        params: lane.spec.params,
        trades: lane.trades.slice(),
        riskEvents: lane.riskEvents.slice(),
        metrics: computeMetrics({
          trades: lane.trades,
          totalFees: lane.fees.total,
          initialCash: this.options.cash,
          finalValue,
          equity: Float64Array.from(lane.equity),
          times: Float64Array.from(lane.times),
          barsInPosition: lane.barsInPosition,
        }),
      };
    });
  }

  /** Makes `id` the champion; returns its parameters (for the caller to persist and trade with). */
  promote(id: string): unknown {
    const lane = this.lanes.get(id);
    if (lane === undefined) throw new Error(`no shadow variant named "${id}"`);
    this.championId = id;
    return lane.spec.params;
  }

  /** The benchmark bar at `time`, as the backtest runner picks it (bars arrive in time order). */
  private benchmarkAt(series: readonly Candle[], time: number): Candle | null {
    while (this.benchmarkIndex < series.length && series[this.benchmarkIndex]!.time < time) this.benchmarkIndex++;
    const bar = series[this.benchmarkIndex];
    return bar !== undefined && bar.time === time ? bar : null;
  }
}

function sequence(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

import { TradingEngine } from '../engine/engine.js';
import type { RiskDecision, RiskEvent, RiskGate } from '../engine/risk-gate.js';
import type { ClosedTrade } from '../engine/positions.js';
import { PaperExchange } from '../exchange/paper-exchange.js';
import type { MarketRules } from '../exchange/port.js';
import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { StrategyDefinition } from '../strategies/contract.js';
import { computeMetrics, type BacktestMetrics } from './metrics.js';

export interface ShadowLaneOptions {
  /** The variant's name (order and trade ids are prefixed with it). */
  readonly id: string;
  readonly strategy: StrategyDefinition;
  /** Validated by the strategy's schema. */
  readonly params: unknown;
  /** Every market the variant trades; they share one quote currency (the first market's). */
  readonly markets: readonly MarketRules[];
  readonly baseTimeframe: Timeframe;
  /** Notional cash the variant starts with, in the quote currency. */
  readonly cash: number;
  /** Commission on every fill, both sides; default: each market's own maker/taker fees. */
  readonly fee?: number;
  readonly slippage?: number;
  readonly validateIntents?: boolean;
  /** The variant's own risk gate (its own regime, cooldowns and breaker); pass-through when absent. */
  readonly riskGate?: RiskGate;
  /**
   * Bars opening before this time only warm the strategy up (as a live runner replays history): the
   * lane refuses their orders and leaves them out of its trades, risk events and metrics. Default: none.
   */
  readonly tradingFrom?: number;
}

const WARMING: RiskDecision = { ok: false, reason: 'warming up on history' };

/**
 * One shadow variant: the strategy with its parameters behind its own private paper exchange, so no
 * order ever reaches an account. Fed closed base bars in time order (several symbols may share a
 * bar time); reports its trades, risk events and backtest metrics on demand.
 */
export class ShadowLane {
  readonly id: string;
  readonly params: unknown;
  private readonly exchange: PaperExchange;
  private readonly engine: TradingEngine;
  private readonly clock = { time: 0 };
  private readonly trades: ClosedTrade[] = [];
  private readonly riskEvents: RiskEvent[] = [];
  private fees = 0;
  private readonly equity: number[] = [];
  private readonly times: number[] = [];
  private barsInPosition = 0;
  /** Whether the bar at the last equity point already counted as one in position. */
  private countedInPosition = false;
  private readonly lastClose = new Map<MarketSymbol, number>();
  private readonly quote: string;
  private readonly stepMs: number;
  private readonly tradingFrom: number;

  constructor(private readonly options: ShadowLaneOptions) {
    this.id = options.id;
    this.params = options.params;
    this.stepMs = timeframeMs(options.baseTimeframe);
    this.tradingFrom = options.tradingFrom ?? -Infinity;
    this.quote = options.markets[0]?.quote ?? 'USDT';
    // Orders placed while deciding on a bar are stamped with that bar's close.
    this.exchange = new PaperExchange({
      markets: options.markets,
      balances: { [this.quote]: options.cash },
      config: { ...(options.fee !== undefined ? { fees: { maker: options.fee, taker: options.fee } } : {}), ...(options.slippage !== undefined ? { slippage: options.slippage } : {}) },
      now: () => this.clock.time,
    });
    const inner = options.riskGate;
    const gate: RiskGate | undefined =
      options.tradingFrom === undefined
        ? inner
        : {
            check: (order, context) => (this.warming ? WARMING : (inner?.check(order, context) ?? { ok: true })),
            ...(inner?.observe ? { observe: (input) => inner.observe!(input) } : {}),
            ...(inner?.sizeMultiplier ? { sizeMultiplier: (symbol) => inner.sizeMultiplier!(symbol) } : {}),
          };
    this.engine = new TradingEngine({
      strategy: options.strategy,
      params: options.params,
      symbols: options.markets.map((market) => market.symbol),
      exchange: this.exchange,
      budget: options.cash,
      baseTimeframe: options.baseTimeframe,
      validateIntents: options.validateIntents ?? false,
      ...(gate ? { riskGate: gate } : {}),
      newOrderId: sequence(`${options.id}-o`),
      newTradeId: sequence(`${options.id}-t`),
      listener: {
        onTrade: (trade) => this.trades.push(trade),
        onFill: (fill) => (this.fees += fill.fee),
        onRiskEvent: (event) => {
          if (!this.warming) this.riskEvents.push(event);
        },
      },
    });
  }

  /** True while the bar being processed only warms the strategy up. */
  private get warming(): boolean {
    return this.clock.time - this.stepMs < this.tradingFrom;
  }

  /** Warm-up only: a closed bar of a higher timeframe fetched whole, at its close (TradingEngine.warmUpBar). */
  warmUpBar(symbol: MarketSymbol, timeframe: Timeframe, bar: Candle): boolean {
    this.clock.time = bar.time + timeframeMs(timeframe);
    return this.engine.warmUpBar(symbol, timeframe, bar);
  }

  /** Warm-up only: see TradingEngine.rollUpFrom. */
  rollUpFrom(symbol: MarketSymbol, timeframe: Timeframe, time: number): boolean {
    return this.engine.rollUpFrom(symbol, timeframe, time);
  }

  /** Feeds one closed base bar (and the regime benchmark's bar at the same time, if any). */
  onCandle(symbol: MarketSymbol, candle: Candle, benchmark: Candle | null = null): void {
    const closeTime = candle.time + this.stepMs;
    this.clock.time = closeTime;
    this.lastClose.set(symbol, candle.close);
    this.engine.onCandle(symbol, candle, benchmark);
    if (candle.time < this.tradingFrom) return;
    // One equity point per bar time, marked at every symbol's last close (several symbols share it).
    const held = this.options.markets.some((market) => this.exchange.totalBalance(market.base) > 0);
    if (this.times.at(-1) !== closeTime) {
      this.equity.push(this.value());
      this.times.push(closeTime);
      this.countedInPosition = false;
    } else this.equity[this.equity.length - 1] = this.value();
    if (held && !this.countedInPosition) {
      this.barsInPosition++;
      this.countedInPosition = true;
    }
  }

  /** Cash plus holdings at their last closes. */
  value(): number {
    let total = this.exchange.totalBalance(this.quote);
    for (const market of this.options.markets) {
      const held = this.exchange.totalBalance(market.base);
      const close = this.lastClose.get(market.symbol);
      if (held > 0 && close !== undefined) total += held * close;
    }
    return total;
  }

  /** The lane's closed trades so far (one row per exit), without computing its metrics. */
  closedTrades(): readonly ClosedTrade[] {
    return this.trades.slice();
  }

  /** Close time of the first bar that counted (null while only warming up). */
  get since(): number | null {
    return this.times[0] ?? null;
  }

  result(): { trades: readonly ClosedTrade[]; riskEvents: readonly RiskEvent[]; metrics: BacktestMetrics } {
    return {
      trades: this.trades.slice(),
      riskEvents: this.riskEvents.slice(),
      metrics: computeMetrics({
        trades: this.trades,
        totalFees: this.fees,
        initialCash: this.options.cash,
        finalValue: this.value(),
        equity: Float64Array.from(this.equity),
        times: Float64Array.from(this.times),
        barsInPosition: this.barsInPosition,
      }),
    };
  }

  close(): void {
    void this.engine.close();
  }
}

function sequence(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

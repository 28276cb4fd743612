import { SimulatedClock } from '../engine/clock.js';
import { TradingEngine } from '../engine/engine.js';
import type { EngineFill } from '../engine/events.js';
import type { ClosedTrade } from '../engine/positions.js';
import type { RiskDecision, RiskEvent, RiskGate } from '../engine/risk-gate.js';
import { PaperExchange } from '../exchange/paper-exchange.js';
import { objectList } from '../exchange/paper-lists.js';
import { decimalsOf } from '../exchange/paper-precision.js';
import type { LiquidityTier, MarketRules } from '../exchange/port.js';
import { candlesToColumns, columnsLength, ReusableCandle, timeframeMs, type Candle, type CandleColumns, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { RunnableStrategy } from '../strategies/contract.js';
import { EquityTrack } from './equity-track.js';
import { FillTape } from './fill-tape.js';
import { computeMetrics, type BacktestMetrics } from './metrics.js';

export interface BacktestOptions<P> {
  readonly strategy: RunnableStrategy<P>;
  /** Already validated by the strategy's schema. */
  readonly params: P;
  /** Ascending, one timeframe, validated (see csv-source.ts); columns are read as they are (no copy). */
  readonly candles: readonly Candle[] | CandleColumns;
  readonly timeframe: Timeframe;
  readonly symbol: MarketSymbol;
  /** Starting quote balance; also the strategy's budget. */
  readonly cash: number;
  /** Commission rate charged on every fill, both sides (maker and taker alike). */
  readonly fee: number;
  /** Slippage of market fills; default: the liquidity tier's. */
  readonly slippage?: number;
  readonly tier?: LiquidityTier;
  readonly amountStep?: number;
  /** Default: inferred from the decimals of the prices in the data. */
  readonly priceStep?: number;
  /** A second series (e.g. BTC) handed to the risk gate's regime observer bar by bar. */
  readonly benchmark?: readonly Candle[] | CandleColumns;
  readonly riskGate?: RiskGate;
  readonly validateIntents?: boolean;
  /** false: fills are counted (fees) but not kept — a sweep needs only the metrics. Default true. */
  readonly keepFills?: boolean;
  /**
   * Where to write the equity curve (at least one slot per bar): a sweep reuses one buffer for all its
   * variants instead of a fresh one (and its page faults) per variant. The result's curve is then this buffer.
   */
  readonly equityBuffer?: Float64Array;
  /**
   * Bars opening before this time only warm the strategy up, as a live runner replays history: every
   * order is refused meanwhile (the gate still sees the bars), and the result — trades, risk events,
   * equity, metrics, bars — starts at the first bar opening at or after it, flat with `cash`. Default: none.
   */
  readonly tradingFrom?: number;
}

export interface OpenPositionSummary {
  readonly tradeId: string;
  readonly qty: number;
  readonly averageEntry: number;
  readonly openedAt: number;
}

export interface BacktestResult {
  readonly strategy: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly trades: ClosedTrade[];
  readonly fills: EngineFill[];
  readonly riskEvents: RiskEvent[];
  readonly metrics: BacktestMetrics;
  /** Equity at every bar's close (close time, value). */
  readonly equity: { readonly time: Float64Array; readonly value: Float64Array };
  readonly openPosition: OpenPositionSummary | null;
}

/**
 * One backtest: the real engine and the paper exchange driven bar by bar by a simulated clock.
 * Deterministic — no wall clock, no randomness, sequential ids — so the same data and parameters
 * give a byte-identical trade list. Runs in slices (`step`) so a caller can report progress and
 * cancel between them. Orders still working after the last bar never fill; the final value is
 * cash + position × last close.
 */
export class BacktestRun<P = unknown> {
  private readonly exchange: PaperExchange;
  private readonly engine: TradingEngine<P>;
  private readonly clock = new SimulatedClock();
  private readonly rules: MarketRules;
  private readonly stepMs: number;
  private readonly trades: ClosedTrade[] = objectList();
  /** Fills column by column, made into objects when the result's `fills` is first read (see fill-tape.ts). */
  private readonly fills = new FillTape();
  private readonly riskEvents: RiskEvent[] = objectList();
  /** Cash and holdings from each fill on: the equity curve, written out only when read (see equity-track.ts). */
  private readonly equity: EquityTrack;
  private readonly bars: number;
  private readonly columns: CandleColumns;
  /** The columns in fields of their own, read on every bar (see ReusableCandle.readAt). */
  private readonly times: Float64Array;
  private readonly opens: Float64Array;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly closes: Float64Array;
  private readonly volumes: Float64Array;
  private readonly benchmark: CandleColumns | null;
  /** Every bar is written into this one object before the engine sees it (the engine copies what it keeps). */
  private readonly bar = new ReusableCandle();
  private readonly benchmarkBar = new ReusableCandle();
  private index = 0;
  private benchmarkIndex = 0;
  private totalFees = 0;
  private balancesChanged = true;
  /** Bars that only warm the strategy up (see `tradingFrom`); the result starts after them. */
  private readonly warmBars: number;
  private readonly tradingFrom: number;

  constructor(private readonly options: BacktestOptions<P>) {
    const { symbol } = options;
    const keepFills = options.keepFills ?? true;
    this.columns = asColumns(options.candles);
    ({ time: this.times, open: this.opens, high: this.highs, low: this.lows, close: this.closes, volume: this.volumes } = this.columns);
    this.benchmark = options.benchmark === undefined ? null : asColumns(options.benchmark);
    const bars = columnsLength(this.columns);
    this.bars = bars;
    this.warmBars = options.tradingFrom === undefined ? 0 : firstAtOrAfter(this.times, bars, options.tradingFrom);
    this.tradingFrom = options.tradingFrom ?? Number.NEGATIVE_INFINITY;
    this.stepMs = timeframeMs(options.timeframe);
    this.rules = backtestMarketRules(options);
    const { quote } = this.rules;
    this.exchange = new PaperExchange({
      markets: [this.rules],
      balances: { [quote]: options.cash },
      config: { fees: { maker: options.fee, taker: options.fee }, ...(options.slippage !== undefined ? { slippage: options.slippage } : {}) },
      now: () => this.clock.now(),
      keepHistory: false,
    });
    this.engine = new TradingEngine({
      strategy: options.strategy,
      params: options.params,
      symbols: [symbol],
      exchange: this.exchange,
      budget: options.cash,
      baseTimeframe: options.timeframe,
      ...(this.warmBars > 0 ? { riskGate: this.refusingWhileWarming(options.riskGate) } : options.riskGate ? { riskGate: options.riskGate } : {}),
      validateIntents: options.validateIntents ?? false,
      ownsExchange: true,
      listener: {
        onFill: (fill) => {
          if (keepFills) this.fills.add(fill);
          this.totalFees += fill.fee;
          this.balancesChanged = true;
        },
        onTrade: (trade) => this.trades.push(trade),
        onRiskEvent: (event) => {
          if (!this.warming()) this.riskEvents.push(event);
        },
      },
    });
    const close = this.columns.close;
    this.equity = new EquityTrack(close.length === bars && this.warmBars === 0 ? close : close.subarray(this.warmBars, bars));
  }

  /** True while the bar being processed only warms the strategy up (the clock is at its close). */
  private warming(): boolean {
    return this.clock.now() - this.stepMs < this.tradingFrom;
  }

  /** The run's gate (or none) behind one that refuses every order while the strategy warms up. */
  private refusingWhileWarming(inner: RiskGate | undefined): RiskGate {
    return {
      check: (order, context) => (this.warming() ? WARMING : (inner?.check(order, context) ?? { ok: true })),
      ...(inner?.observe ? { observe: (input) => inner.observe!(input) } : {}),
      ...(inner?.sizeMultiplier ? { sizeMultiplier: (symbol) => inner.sizeMultiplier!(symbol) } : {}),
    };
  }

  get done(): number {
    return this.index;
  }

  get total(): number {
    return this.bars;
  }

  /** Processes up to `maxBars` more bars; returns true when every bar has been processed. In-process strategies only. */
  step(maxBars: number): boolean {
    const end = Math.min(this.bars, this.index + maxBars);
    for (let i = this.index; i < end; i++) {
      this.feed(i);
      if (this.engine.busy()) throw new Error(`${this.options.strategy.name} decides in its sandbox: run it with runBacktestAsync`);
      this.record(i);
    }
    this.index = end;
    return end >= this.bars;
  }

  /** Like `step`, waiting for each decision of a sandboxed strategy before the bar's equity is recorded. */
  async stepAsync(maxBars: number): Promise<boolean> {
    const end = Math.min(this.bars, this.index + maxBars);
    for (let i = this.index; i < end; i++) {
      this.feed(i);
      if (this.engine.busy()) await this.engine.settled();
      this.record(i);
    }
    this.index = end;
    return end >= this.bars;
  }

  /** Stops the run early (canceled): the strategy's instances are let go. */
  close(): void {
    this.engine.close();
  }

  /** Writes bar `i` into the one reused bar object and hands it to the engine. */
  private feed(i: number): void {
    const bar = this.bar.readAt(this.times, this.opens, this.highs, this.lows, this.closes, this.volumes, i);
    this.clock.set(bar.time + this.stepMs);
    const benchmark = this.benchmark;
    this.engine.onCandle(this.options.symbol, bar, benchmark === null ? null : this.benchmarkAt(benchmark, bar.time));
  }

  /** Bar `i`'s equity at its close: balances are re-read only after a fill changed them, and start a new run. */
  private record(i: number): void {
    if (this.balancesChanged && i >= this.warmBars) {
      this.equity.change(i - this.warmBars, this.exchange.totalBalance(this.rules.quote), this.exchange.totalBalance(this.rules.base));
      this.balancesChanged = false;
    }
  }

  result(): BacktestResult {
    if (this.index < this.total) throw new Error('the backtest has not finished');
    const bars = this.bars;
    const from = this.warmBars;
    const lastClose = this.columns.close[bars - 1]!;
    const finalValue = this.exchange.totalBalance(this.rules.quote) + this.exchange.totalBalance(this.rules.base) * lastClose;
    const position = this.engine.position(this.options.symbol);
    this.engine.close();
    const tape = this.fills;
    let fills: EngineFill[] | undefined;
    return {
      strategy: this.options.strategy.name,
      symbol: this.options.symbol,
      timeframe: this.options.timeframe,
      bars: bars - from,
      trades: this.trades,
      // Made into objects when first read (the CLI's report does; a benchmark or a sweep need not).
      get fills() {
        return (fills ??= tape.toArray());
      },
      riskEvents: this.riskEvents,
      metrics: computeMetrics({
        trades: this.trades,
        totalFees: this.totalFees,
        initialCash: this.options.cash,
        finalValue,
        equity: this.equity,
        times: from === 0 ? this.columns.time : this.columns.time.subarray(from, bars),
        timeOffset: this.stepMs,
        barsInPosition: this.equity.barsHeld(),
      }),
      equity: closeTimes(from === 0 ? this.columns.time : this.columns.time.subarray(from, bars), this.stepMs, this.equity, this.options.equityBuffer),
      openPosition:
        position === null || !position.isOpen
          ? null
          : { tradeId: position.tradeId, qty: position.quantity, averageEntry: position.averageEntry, openedAt: position.openedAt },
    };
  }

  private benchmarkAt(series: CandleColumns, time: number): Candle | null {
    const times = series.time;
    while (this.benchmarkIndex < times.length && times[this.benchmarkIndex]! < time) this.benchmarkIndex++;
    const i = this.benchmarkIndex;
    if (i >= times.length || times[i] !== time) return null;
    return this.benchmarkBar.read(series, i);
  }
}

const WARMING: RiskDecision = { ok: false, reason: 'warming up on history' };

/** Index of the first of the first `bars` open times at or after `time` (`bars` when none is). */
function firstAtOrAfter(times: Float64Array, bars: number, time: number): number {
  let lo = 0;
  let hi = bars;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The equity curve and each bar's close time, both written when first read (the CLI and most sweeps never read them). */
function closeTimes(openTimes: Float64Array, barMs: number, track: EquityTrack, buffer: Float64Array | undefined): BacktestResult['equity'] {
  let time: Float64Array | undefined;
  let value: Float64Array | undefined;
  return {
    get value() {
      return (value ??= track.write(buffer));
    },
    get time() {
      return (time ??= openTimes.map((open) => open + barMs));
    },
  };
}

/** Runs a whole backtest synchronously (CLI, tests, benchmarks). */
export function runBacktest<P>(options: BacktestOptions<P>): BacktestResult {
  const run = new BacktestRun(options);
  run.step(Number.POSITIVE_INFINITY);
  return run.result();
}

export class BacktestCanceled extends Error {
  override readonly name = 'BacktestCanceled';
  constructor() {
    super('the backtest was canceled');
  }
}

/** Runs a backtest in slices, yielding to the event loop between them for progress and cancellation. */
export async function runBacktestAsync<P>(
  options: BacktestOptions<P>,
  control: { readonly signal?: AbortSignal; readonly onProgress?: (done: number, total: number) => void; readonly sliceBars?: number } = {},
): Promise<BacktestResult> {
  const run = new BacktestRun(options);
  const slice = control.sliceBars ?? 50_000;
  try {
    for (;;) {
      if (control.signal?.aborted) throw new BacktestCanceled();
      const finished = await run.stepAsync(slice);
      control.onProgress?.(run.done, run.total);
      if (finished) return run.result();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    run.close();
    throw error;
  }
}

/**
 * The simulated market of a backtest: no minimums, amounts to 1e-8, prices to the data's own tick
 * (inferred from the decimals its prices use), the given fee on both sides.
 */
export function backtestMarketRules(options: Pick<BacktestOptions<unknown>, 'symbol' | 'candles' | 'fee' | 'tier' | 'amountStep' | 'priceStep'>): MarketRules {
  const [base, quote] = splitSymbol(options.symbol);
  return {
    symbol: options.symbol,
    base,
    quote,
    amountStep: options.amountStep ?? 1e-8,
    priceStep: options.priceStep ?? inferPriceStep(options.candles),
    minAmount: null,
    maxAmount: null,
    minCost: null,
    maxCost: null,
    tier: options.tier ?? 'large',
    makerFee: options.fee,
    takerFee: options.fee,
  };
}

function splitSymbol(symbol: MarketSymbol): [string, string] {
  const [pair] = symbol.split(':');
  const [base, quote] = pair!.split('/');
  return [base!, quote!];
}

/** The finest decimal step the data's prices use (0.01 for 7931.88), from a sample of bars. */
function inferPriceStep(candles: readonly Candle[] | CandleColumns): number {
  const { open, high, low, close } = asColumns(candles);
  let decimals = 0;
  const stride = Math.max(1, Math.floor(close.length / 2_000));
  for (let i = 0; i < close.length; i += stride) {
    decimals = Math.max(decimals, decimalsOf(open[i]!), decimalsOf(high[i]!), decimalsOf(low[i]!), decimalsOf(close[i]!));
  }
  return 10 ** -Math.min(decimals, 10);
}

/** Columns as they are; an array of candles is copied into columns once. */
export function asColumns(candles: readonly Candle[] | CandleColumns): CandleColumns {
  return isCandleArray(candles) ? candlesToColumns(candles) : candles;
}

function isCandleArray(candles: readonly Candle[] | CandleColumns): candles is readonly Candle[] {
  return Array.isArray(candles);
}

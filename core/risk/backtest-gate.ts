import type { RiskGate } from '../engine/risk-gate.js';
import type { LiquidityTier } from '../exchange/port.js';
import type { Candle, CandleColumns, MarketSymbol, Timeframe } from '../market/candle.js';
import { ReusableCandle, timeframeMs } from '../market/candle.js';
import { parseRiskConfig, type RiskConfig, type RiskConfigInput } from './config.js';
import { RiskControls } from './controls.js';
import { EngineRiskGate } from './engine-gate.js';
import { MarketTape, type MarketParts } from './market-tape.js';
import { RegimeDetector } from './regime.js';
import { TransientRiskStateStore } from './state.js';
import { VolatilityMonitor } from './volatility.js';

/**
 * The risk gate for a backtest: the same controls as live (regime, volatility switches, limits,
 * breaker, cooldowns), fresh state, never halted. Plug into `prepareBacktest({ riskGate: backtestRiskGate({ … }) })`:
 * every regime change, strategy switch, cooldown and breaker trip then lands in the result's `riskEvents`.
 * The benchmark is the `--benchmark` series when given, else the backtested series itself.
 */
export interface BacktestRiskOptions {
  /** The trader's risk configuration (stored `risk.config`), partial allowed; spec defaults otherwise. */
  readonly config?: RiskConfigInput;
  /** Liquidity tier of the backtested symbol (stop-loss cooldown lengths); default: the run's, else large. */
  readonly tier?: LiquidityTier;
  /** Tier per symbol, for a gate over several symbols (live shadow variants); wins over `tier`. */
  readonly tierOf?: (symbol: MarketSymbol) => LiquidityTier;
  /** Bar length of the backtested series (the regime windows are in minutes of market time); default: the run's. */
  readonly timeframe?: Timeframe;
  /** Engine equity, late-bound, when the engine does not pass `equity` to `observe`. */
  readonly equity?: () => number;
}

/** The run's own facts, given by `prepareBacktest`; the options above win where both say something. */
export interface BacktestGateFacts {
  readonly benchmark: readonly Candle[] | CandleColumns | null;
  readonly timeframe?: Timeframe;
  readonly tier?: LiquidityTier;
  /** The strategy under test: only its volatility switch is kept (see `ownSwitchesOnly`); absent: every rule's. */
  readonly strategy?: string;
}

export function backtestRiskGate(options: BacktestRiskOptions = {}): (input: BacktestGateFacts) => RiskGate {
  return (run) => {
    const timeframe = options.timeframe ?? run.timeframe ?? '1m';
    return gateOf(options, ownSwitchesOnly(parseRiskConfig(options.config ?? {}), run.strategy), timeframe, options.tier ?? run.tier ?? 'large', null);
  };
}

/** The bars a sweep's variants all run over (the columns each variant's runner feeds, bar after bar). */
export interface SweepBars {
  readonly symbol: MarketSymbol;
  readonly candles: CandleColumns;
  /** The `--benchmark` series, or null (the backtested series is then the benchmark). */
  readonly benchmark: CandleColumns | null;
  readonly timeframe: Timeframe;
  readonly tier: LiquidityTier;
  /** The strategy swept: only its volatility switch is kept (see `ownSwitchesOnly`); absent: every rule's. */
  readonly strategy?: string;
}

/**
 * The gates of a sweep's variants over the same bars: each is `backtestRiskGate`'s gate, but the market
 * regime and volatility switches — which depend on the candles alone — are worked out once here, by the
 * real parts fed as a run feeds them, and each gate replays them (MarketTape); the limits, breaker,
 * cooldowns and locks stay each variant's own. A gate fed other bars than these stops its run with an error.
 */
export function sweepRiskGates(options: BacktestRiskOptions, bars: SweepBars): () => RiskGate {
  const config = ownSwitchesOnly(parseRiskConfig(options.config ?? {}), bars.strategy);
  const timeframe = options.timeframe ?? bars.timeframe;
  const tier = options.tier ?? bars.tier;
  const barMs = timeframeMs(timeframe);
  const tape = new MarketTape(config, bars.candles.time.length);
  const real = { regime: new RegimeDetector(config.regime, barMs), volatility: new VolatilityMonitor(config.volatility, barMs, { measureWithoutRules: false }) };
  // No equity: the recording gate watches no account (the breaker is each variant's own).
  const recording = gateOf({ ...options, equity: undefined }, config, timeframe, tier, tape.recorder(real));
  const bar = new ReusableCandle();
  const benchmarkBar = new ReusableCandle();
  const { candles, benchmark } = bars;
  let b = 0;
  for (let i = 0; i < candles.time.length; i++) {
    const candle = bar.read(candles, i);
    let benchmarkCandle: Candle | null = null;
    if (benchmark !== null) {
      // The benchmark bar of the same open time, or none (as the backtest runner pairs them).
      while (b < benchmark.time.length && benchmark.time[b]! < candle.time) b++;
      if (b < benchmark.time.length && benchmark.time[b] === candle.time) benchmarkCandle = benchmarkBar.read(benchmark, b);
    }
    recording.observe({ symbol: bars.symbol, candle, benchmark: benchmarkCandle });
  }
  return () => gateOf(options, config, timeframe, tier, tape.replay());
}

function gateOf(options: BacktestRiskOptions, config: RiskConfig, timeframe: Timeframe, tier: LiquidityTier, market: MarketParts | null): EngineRiskGate {
  const controls = new RiskControls({
    config,
    stateStore: new TransientRiskStateStore(),
    halted: () => false,
    barMs: timeframeMs(timeframe),
    // A backtest's volatility is read only by its switches: with none for the run's strategy, none is measured.
    market: market ?? { regime: new RegimeDetector(config.regime, timeframeMs(timeframe)), volatility: new VolatilityMonitor(config.volatility, timeframeMs(timeframe), { measureWithoutRules: false }) },
  });
  return new EngineRiskGate({ controls, tierOf: options.tierOf ?? (() => tier), ...(options.equity ? { equity: options.equity } : {}) });
}

/**
 * The configuration with the volatility switch of `strategy` only: in a backtest nothing else runs, so
 * another strategy's switch (the default rule for `channel`) is nothing that happened to this run, and
 * reporting it reads as if it had. Entries are unchanged: the gate only ever asks about the run's strategy.
 */
function ownSwitchesOnly(config: RiskConfig, strategy: string | undefined): RiskConfig {
  if (strategy === undefined) return config;
  const rule = config.volatility.strategies[strategy];
  return { ...config, volatility: { ...config.volatility, strategies: rule === undefined ? {} : { [strategy]: rule } } };
}

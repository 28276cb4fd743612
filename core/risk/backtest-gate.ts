import type { RiskGate } from '../engine/risk-gate.js';
import type { LiquidityTier } from '../exchange/port.js';
import type { Candle, CandleColumns, MarketSymbol, Timeframe } from '../market/candle.js';
import { timeframeMs } from '../market/candle.js';
import { parseRiskConfig, type RiskConfigInput } from './config.js';
import { RiskControls } from './controls.js';
import { EngineRiskGate } from './engine-gate.js';
import { TransientRiskStateStore } from './state.js';

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
}

export function backtestRiskGate(options: BacktestRiskOptions = {}): (input: BacktestGateFacts) => RiskGate {
  return (run) => {
    const timeframe = options.timeframe ?? run.timeframe ?? '1m';
    const tier = options.tier ?? run.tier ?? 'large';
    const controls = new RiskControls({
      config: parseRiskConfig(options.config ?? {}),
      stateStore: new TransientRiskStateStore(),
      halted: () => false,
      barMs: timeframeMs(timeframe),
    });
    return new EngineRiskGate({ controls, tierOf: options.tierOf ?? (() => tier), ...(options.equity ? { equity: options.equity } : {}) });
  };
}

import type { RiskGate } from '../engine/risk-gate.js';
import type { LiquidityTier } from '../exchange/port.js';
import type { Candle, Timeframe } from '../market/candle.js';
import { timeframeMs } from '../market/candle.js';
import { parseRiskConfig, type RiskConfigInput } from './config.js';
import { RiskControls } from './controls.js';
import { EngineRiskGate } from './engine-gate.js';
import { InMemoryRiskStateStore } from './state.js';

/**
 * The risk gate for a backtest: the same controls as live (regime, volatility switches, limits,
 * breaker, cooldowns), fresh state, never halted. Plug into `prepareBacktest({ riskGate: backtestRiskGate({ … }) })`:
 * every regime change, strategy switch, cooldown and breaker trip then lands in the result's `riskEvents`.
 * The benchmark is the `--benchmark` series when given, else the backtested series itself.
 */
export interface BacktestRiskOptions {
  /** The trader's risk configuration (stored `risk.config`), partial allowed; spec defaults otherwise. */
  readonly config?: RiskConfigInput;
  readonly tier?: LiquidityTier;
  /** Bar length of the backtested series (the regime windows are in minutes of market time). */
  readonly timeframe?: Timeframe;
  /** Engine equity, late-bound, when the engine does not pass `equity` to `observe`. */
  readonly equity?: () => number;
}

export function backtestRiskGate(options: BacktestRiskOptions = {}): (input: { readonly benchmark: readonly Candle[] | null }) => RiskGate {
  return () => {
    const controls = new RiskControls({
      config: parseRiskConfig(options.config ?? {}),
      stateStore: new InMemoryRiskStateStore(),
      halted: () => false,
      barMs: timeframeMs(options.timeframe ?? '1m'),
    });
    return new EngineRiskGate({ controls, tierOf: () => options.tier ?? 'large', ...(options.equity ? { equity: options.equity } : {}) });
  };
}

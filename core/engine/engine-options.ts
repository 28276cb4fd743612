import type { Timeframe, MarketSymbol } from '../market/candle.js';
import type { ExchangePort, LiquidityTier } from '../exchange/port.js';
import type { RunnableStrategy, TierExitDefaults } from '../strategies/contract.js';
import type { EngineListener } from './events.js';
import type { EngineOrder, OrderSubmission } from './order-router.js';
import type { RiskGate } from './risk-gate.js';

/** What a TradingEngine is built from (engine.ts). */
export interface TradingEngineOptions<P> {
  readonly strategy: RunnableStrategy<P>;
  /** Already validated by the strategy's schema. */
  readonly params: P;
  readonly symbols: readonly MarketSymbol[];
  readonly exchange: ExchangePort;
  /** Quote amount the strategy trades with; `equity_fraction` sizes are fractions of it, marked to market. */
  readonly budget: number;
  /** Timeframe of the bars fed to onCandle (default 1m). */
  readonly baseTimeframe?: Timeframe;
  readonly riskGate?: RiskGate;
  readonly newOrderId?: () => string;
  readonly newTradeId?: () => string;
  /** Check every intent against the contract at run time (trader-written strategies). */
  readonly validateIntents?: boolean;
  readonly listener?: EngineListener;
  readonly tierDefaults?: Readonly<Record<LiquidityTier, TierExitDefaults>>;
  /** Feed each bar to a market-driven exchange before deciding (default: when the exchange is one). */
  readonly driveExchange?: boolean;
  /**
   * Nobody else feeds bars to the exchange or trades on it (a backtest's own paper venue): a bar that is
   * the very object fed last time, with none of the engine's orders working, need not be fed again.
   */
  readonly ownsExchange?: boolean;
  /** A strategy instance that throws this many times in a row is switched off for the symbol. */
  readonly maxConsecutiveErrors?: number;
  /**
   * A trading account's order pipeline: every order goes there (precision, the account-wide risk gate,
   * journal, send). Absent in backtests and shadow lanes, which drive a simulated venue synchronously.
   */
  readonly submit?: (order: EngineOrder) => OrderSubmission;
  /** True while automatic exits must not send (HALTED): exits neither trigger nor retry meanwhile. */
  readonly exitsPaused?: () => boolean;
}

import type { z } from 'zod';
import type { Candle, MarketSymbol, Timeframe } from '../market/candle.js';
import type { LiquidityTier } from '../exchange/port.js';

/**
 * The versioned contract every strategy — built-in or a trader's file — implements.
 * A strategy never calls an exchange: it reads market state and returns intents. The engine
 * sizes, rounds, risk-checks and routes them. Bump the version on any breaking change.
 */
export const STRATEGY_API_VERSION = 1;

/** Why a position is closed: exactly one per exit. */
export type ExitReason = 'take_profit' | 'stop_loss' | 'trailing_stop' | 'time_exit' | 'signal' | 'emergency_stop' | 'manual';

/** How much to buy: a fixed base quantity, a quote amount, or a fraction of the strategy's budget. */
export type SizeSpec =
  | { readonly kind: 'quantity'; readonly quantity: number }
  | { readonly kind: 'quote'; readonly amount: number }
  | { readonly kind: 'equity_fraction'; readonly fraction: number };

/** Exit plan attached to an entry; prices are absolute, computed by the strategy from its params. */
export interface ExitPlan {
  readonly stopLoss?: number;
  /** Take-profit levels, each closing a fraction of the position (fractions sum to ≤ 1). */
  readonly takeProfits?: readonly { readonly price: number; readonly fraction: number }[];
  /** Trailing stop: active only once price reached `activationPrice`; trails `distancePct` below the high. */
  readonly trailing?: { readonly activationPrice: number; readonly distancePct: number };
  /** Close everything after this long (ms) with reason `time_exit`. */
  readonly maxHoldMs?: number;
}

/** Score components behind a decision, shown in the UI and stored with the signal. */
export type ScoreComponents = Readonly<Record<string, number>>;

export type Intent =
  | {
      readonly kind: 'enter' | 'add';
      readonly symbol: MarketSymbol;
      readonly size: SizeSpec;
      readonly orderType: 'market' | 'limit';
      readonly limitPrice?: number;
      readonly exits?: ExitPlan;
      readonly reason: string;
      readonly score?: number;
      readonly components?: ScoreComponents;
    }
  | { readonly kind: 'exit_part'; readonly symbol: MarketSymbol; readonly fraction: number; readonly reason: ExitReason; readonly note?: string }
  | { readonly kind: 'exit_all'; readonly symbol: MarketSymbol; readonly reason: ExitReason; readonly note?: string }
  /** Replace the planned exits of the open position (e.g. move a stop). */
  | { readonly kind: 'update_exits'; readonly symbol: MarketSymbol; readonly exits: ExitPlan; readonly note?: string }
  /** Cancel the strategy's resting entry orders on this symbol (e.g. a grid that expired). */
  | { readonly kind: 'cancel_entries'; readonly symbol: MarketSymbol; readonly note?: string };

/** Read-only view of the strategy's open position on the symbol. */
export interface PositionView {
  readonly symbol: MarketSymbol;
  readonly quantity: number;
  readonly averageEntry: number;
  readonly openedAt: number;
  readonly tranches: number;
  readonly highestPrice: number;
}

/** Closed candles per declared timeframe, oldest first (the engine keeps a bounded window). */
export type CandleWindows = Readonly<Partial<Record<Timeframe, readonly Candle[]>>>;

export interface StrategyContext {
  readonly symbol: MarketSymbol;
  /** Close time of the bar that triggered this call. */
  readonly time: number;
  /** The timeframe whose bar just closed. */
  readonly timeframe: Timeframe;
  readonly candle: Candle;
  readonly windows: CandleWindows;
  readonly position: PositionView | null;
  readonly tier: LiquidityTier;
  /** Resting entry orders of this strategy on this symbol. */
  readonly openEntryOrders: number;
  /** Default exits of the symbol's liquidity tier, in percent (2 = 2 %); always set by the engine. */
  readonly tierDefaults?: TierExitDefaults;
}

/** Default take-profit / stop-loss / trailing distances of a liquidity tier, in percent of the entry price. */
export interface TierExitDefaults {
  readonly takeProfitPct: number;
  readonly stopLossPct: number;
  /** The trailing stop arms once price is this % above the entry… */
  readonly trailingActivationPct: number;
  /** …and then trails this % below the highest price (same unit as ExitPlan.trailing.distancePct). */
  readonly trailingDistancePct: number;
}

export interface StrategyInstance {
  /** Called once per closed bar of every declared timeframe, in time order. */
  onCandle(context: StrategyContext): readonly Intent[];
  /** 0–100: how close the strategy is to triggering on this symbol. */
  readiness(context: StrategyContext): number;
  /** Optional: the parts behind `readiness`, each 0–100 by name (the Scanner lists them). */
  readinessComponents?(context: StrategyContext): Readonly<Record<string, number>>;
  /** Levels to draw on the chart (grid levels, Fibonacci levels), if any. */
  levels?(): readonly { readonly price: number; readonly label: string }[];
  /**
   * Optional: told when this instance's position closed (after the last exit fill), so a strategy can
   * learn from its own outcomes (fibonacci's historical win rate). Strategies must not assume it is called.
   */
  onPositionClosed?(outcome: ClosedPositionOutcome): void;
  /** Optional: the engine is done with this instance (a sandboxed file frees its place in the sandbox). */
  dispose?(): void;
}

/**
 * An instance deciding elsewhere — a trader's file in its sandbox thread: each decision is a promise.
 * The engine applies the intents when they arrive and holds the symbol's next bar until then, so the
 * order of decisions is the same as for an in-process strategy.
 */
export interface DeferredStrategyInstance extends Omit<StrategyInstance, 'onCandle'> {
  onCandle(context: StrategyContext): Promise<readonly Intent[]>;
}

/** What the engine runs: an in-process instance or a sandboxed one. */
export type AnyStrategyInstance = StrategyInstance | DeferredStrategyInstance;

export interface ClosedPositionOutcome {
  readonly symbol: MarketSymbol;
  /** Realised P&L in quote currency, fees included. */
  readonly pnl: number;
  /** Reason of the final exit. */
  readonly reason: ExitReason;
  readonly time: number;
}

/** Timeframes and warm-up a strategy needs for one set of parameters. */
export interface StrategyRequirements {
  readonly timeframes: readonly Timeframe[];
  readonly warmupBars: number;
}

export interface StrategyDefinition<Params = unknown, Instance extends AnyStrategyInstance = StrategyInstance> {
  readonly apiVersion: typeof STRATEGY_API_VERSION;
  /** CLI/API name, e.g. `sma-cross`. */
  readonly name: string;
  readonly description: string;
  /** zod schema with defaults and bounds; the UI builds its form from it. */
  readonly params: z.ZodType<Params>;
  readonly timeframes: readonly Timeframe[];
  /** Bars of the first timeframe needed before decisions are meaningful. */
  readonly warmupBars: number;
  /**
   * Optional: requirements when they depend on the parameters (e.g. a `timeframe` parameter or EMA lengths).
   * The engine uses `requirements(params)` when present, else `timeframes` / `warmupBars` (the defaults').
   */
  requirements?(params: Params): StrategyRequirements;
  /**
   * Optional: true when every instance keeps its own streaming state, reads the context (and its
   * candle) only during a call and never reads `windows`. The engine then hands it one reused context
   * per symbol and keeps no candle windows, so a bar where nothing happens allocates nothing. The
   * built-ins declare it; a trader's file always gets a fresh context and candle per call.
   */
  readonly streaming?: boolean;
  create(params: Params, symbol: MarketSymbol): Instance;
}

/** A definition the engine can run: in-process, or a trader's file in its sandbox. */
export type RunnableStrategy<Params = unknown> = StrategyDefinition<Params, AnyStrategyInstance>;

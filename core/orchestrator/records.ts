import type { MarketSymbol } from '../market/candle.js';
import type { ParameterChange, WindowResult, Confidence } from './tuning/evaluate.js';
import type { FilterMetrics } from './learn/train-filter.js';
import type { ExampleSource } from './learn/dataset.js';

/**
 * What the orchestrator keeps, as the domain sees it. core/store's repositories implement these ports
 * (decisions, trade_outcomes, threshold_adjustments, learned_models).
 */

export type DecisionSource = ExampleSource;
export type DecisionVerdict = 'entered' | 'skipped' | 'refused' | 'near_miss';

export interface NewDecision {
  readonly time: number;
  readonly account: string;
  readonly config: string;
  readonly strategy: string;
  readonly version: number;
  readonly symbol: MarketSymbol;
  readonly source: DecisionSource;
  readonly verdict: DecisionVerdict;
  readonly reason: string;
  /** The strategy's own score (its intent's score, else its readiness); null when unknown. */
  readonly score: number | null;
  /** The score the decision was measured against (near misses: the acting threshold). */
  readonly threshold: number | null;
  /** The learned filter's score (100 × P(win)) when a model was active. */
  readonly modelScore: number | null;
  readonly features: Readonly<Record<string, number>>;
  readonly featureTimes: Readonly<Record<string, number>>;
  readonly tradeId: string | null;
  /** Unique per configuration and source (shadow and backtest trades), so a trade is logged once. */
  readonly ref: string | null;
  /** Known at once for shadow and backtest trades; live and paper ones are settled when they close. */
  readonly outcome?: { readonly ret: number; readonly pnl: number; readonly closedAt: number };
}

export interface DecisionRecord extends Omit<NewDecision, 'outcome'> {
  readonly id: number;
  readonly outcomeReturn: number | null;
  readonly outcomePnl: number | null;
  readonly closedAt: number | null;
}

export interface DecisionLog {
  /** Null when a decision with the same `ref` is already logged. */
  record(decision: NewDecision): DecisionRecord | null;
  /** The outcome of the entries that opened `tradeId`; returns how many were settled. */
  settle(account: string, config: string, tradeId: string, outcome: { readonly ret: number; readonly pnl: number; readonly closedAt: number }): number;
  recent(options: { readonly config?: string; readonly verdict?: DecisionVerdict; readonly symbol?: MarketSymbol; readonly limit: number }): DecisionRecord[];
  /** Entries of a configuration that have an outcome (training examples), oldest first, at most `limit`; only `strategy`'s when given. */
  outcomes(config: string, limit: number, strategy?: string): DecisionRecord[];
}

/** One exit's share of a configuration's trade (partial exits add up). */
export interface TradeExit {
  readonly account: string;
  readonly owner: string;
  readonly tradeId: string;
  readonly symbol: MarketSymbol;
  readonly source: 'live' | 'paper';
  readonly openedAt: number;
  readonly closedAt: number;
  readonly cost: number;
  readonly pnl: number;
  /** True when this exit closed the position. */
  readonly closed: boolean;
  /**
   * The strategy the configuration runs (the entry decision's strategy wins when the trade has one): a
   * strategy changed under the same name starts with its own trades. Null on trades of a configuration gone.
   */
  readonly strategy?: string | null;
}

/** A configuration's trade as kept: its exits summed, `closed` once the last of them closed it. */
export type TradeOutcome = TradeExit;

export interface TradeOutcomeStore {
  /** Adds an exit to its trade; answers the trade as it now stands. */
  addExit(exit: TradeExit): TradeOutcome;
  /** A configuration's closed trades, oldest first (optionally on one symbol, optionally only `strategy`'s). */
  closed(owner: string, symbol?: MarketSymbol, strategy?: string): TradeOutcome[];
}

export type AdjustmentStatus = 'proposed' | 'applied' | 'declined' | 'rolled_back' | 'reverted' | 'superseded';

export interface AdjustmentEvidence {
  readonly windows: readonly WindowResult[];
  /** Profiles of the configuration's symbols when the evidence was read. */
  readonly profiles: readonly { readonly symbol: string; readonly volatilityPct: number; readonly volatilityChange: number | null }[];
  readonly why: string;
}

export interface NewAdjustment {
  readonly config: string;
  readonly createdAt: number;
  readonly status: AdjustmentStatus;
  readonly mode: 'propose' | 'auto';
  readonly variant: string;
  readonly confidence: Confidence;
  readonly pValue: number;
  readonly fromVersion: number;
  readonly changes: readonly ParameterChange[];
  readonly evidence: AdjustmentEvidence;
}

export interface AdjustmentRecord extends NewAdjustment {
  readonly id: number;
  readonly toVersion: number | null;
  /** The shadow variant that keeps running the replaced parameters (for the 48 h comparison). */
  readonly keptAs: string | null;
  readonly appliedAt: number | null;
  readonly trailingSince: number | null;
  readonly decidedAt: number | null;
  /** `trader`, `auto`, `rollback`. */
  readonly decidedBy: string | null;
  readonly note: string | null;
}

export interface AdjustmentStore {
  add(adjustment: NewAdjustment): AdjustmentRecord;
  get(id: number): AdjustmentRecord | null;
  list(config: string, limit: number): AdjustmentRecord[];
  update(id: number, change: Partial<Pick<AdjustmentRecord, 'status' | 'toVersion' | 'keptAs' | 'appliedAt' | 'trailingSince' | 'decidedAt' | 'decidedBy' | 'note'>>): AdjustmentRecord;
  /** Adjustments applied (by the trader or automatically) to `config` since `since`. */
  appliedSince(config: string, since: number): number;
}

export interface NewModel {
  readonly config: string;
  readonly createdAt: number;
  readonly trigger: 'manual' | 'schedule';
  readonly features: readonly string[];
  readonly samples: Readonly<Record<string, number>>;
  readonly metrics: FilterMetrics;
  readonly model: unknown;
  readonly active: boolean;
  readonly status: string;
  /** The strategy the configuration ran when the filter was trained (only that strategy's setups are used). */
  readonly strategy?: string | null;
}

export interface ModelRecord extends NewModel {
  readonly id: number;
  readonly version: number;
}

export interface ModelStore {
  /** Saves the next version; an active one deactivates the configuration's others. */
  add(model: NewModel): ModelRecord;
  list(config: string, limit: number): ModelRecord[];
  active(config: string): ModelRecord | null;
  deactivate(config: string, status: string): void;
}

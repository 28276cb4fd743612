import type { LiquidityTier, OrderSide, OrderType } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { PrecisionPort } from '../exchange/precision.js';
import type { Regime, RiskConfig } from './config.js';
import type { DayStartProvisional } from './day-start.js';

/**
 * The pieces of the pre-trade gate (pattern 8: freqtrade's protections). Each guard looks at one
 * order against the portfolio and the risk state and either allows it or denies it with a reason
 * naming the rule and the numbers — and, where the denial should outlast this order (the daily
 * breaker), a lock with a scope and an end.
 */

/** `enter` opens a position, `add` grows one, `exit` reduces one (reduce-only). */
export type OrderPurpose = 'enter' | 'add' | 'exit';

export interface GateOrder {
  /** Strategy name, or `manual` for the order ticket: the order's owner. */
  readonly strategy: string;
  /** The account the order goes to (`paper`, `<exchange>:<label>`); absent in backtests. */
  readonly account?: string;
  /** `trader`: the trader's own act (a risk-reducing one passes while HALTED); default automatic. */
  readonly act?: 'trader' | 'automatic';
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Base quantity, already rounded to the market's step. */
  readonly amount: number;
  /** Limit price, or the reference price (last close / best quote) for market orders. */
  readonly price: number;
  readonly purpose: OrderPurpose;
  readonly reduceOnly?: boolean;
  readonly tier?: LiquidityTier;
  /** Exits: the position's quantity before this order (for the remainder check). */
  readonly positionQuantity?: number;
  /** Entries: the exits planned for this entry — take-profit fractions at their prices. */
  readonly plannedExits?: readonly { readonly fraction: number; readonly price: number }[];
  /** Entries placed as a grid: every level's amount and price (this order is usually one of them). */
  readonly grid?: readonly { readonly amount: number; readonly price: number }[];
}

export interface ExposureItem {
  readonly strategy: string;
  readonly symbol: MarketSymbol;
  /** Quote value: positions at the mark price, resting entry orders at their limit price. */
  readonly notional: number;
}

/** A coin the account holds that equity leaves out: no price for it in the valuation currency (never counted as zero silently). */
export interface UnvaluedHolding {
  readonly currency: string;
  readonly total: number;
  readonly reason: string;
}

/** What the gate needs to know about the account when it checks an order. */
export interface GatePortfolio {
  readonly time: number;
  /** The account (a lock such as the daily breaker applies to it alone); absent in backtests. */
  readonly account?: string;
  /** The trading day `dayStartEquity` belongs to (`YYYY-MM-DD` in the trader's time zone); absent: the UTC day. */
  readonly day?: string;
  /** When that trading day ends; absent: the next UTC midnight. */
  readonly dayEndsAt?: number;
  /** The currency equity is counted in; absent in backtests. */
  readonly quote?: string;
  /** Cash + positions at mark, in quote currency. */
  readonly equity: number;
  /** Holdings equity leaves out for want of a price; absent in backtests. */
  readonly unvalued?: readonly UnvaluedHolding[];
  /** The venue's prices behind equity (coins no feed marks): the oldest one's time, and whether it is stale; absent when none is used. */
  readonly venuePrices?: { readonly at: number; readonly stale: boolean };
  /** Quote currency not reserved by open orders; omitted when unknown. */
  readonly freeCash?: number;
  /** Equity at the start of the trading day. */
  readonly dayStartEquity: number;
  /** Live accounts: why that day start is not final yet (coins it waits to price, stale prices); absent when it is. */
  readonly dayStartProvisional?: DayStartProvisional;
  /** Realised + unrealised P&L since the start of the trading day, fees included. */
  readonly dailyPnl: number;
  readonly positions: readonly ExposureItem[];
  readonly openEntryOrders: readonly ExposureItem[];
}

export type LockScope =
  | { readonly kind: 'global' }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'symbol'; readonly symbol: MarketSymbol }
  | { readonly kind: 'strategy_symbol'; readonly strategy: string; readonly symbol: MarketSymbol };

/** A standing block of new entries (never of exits or cancels). */
export interface Lock {
  readonly rule: string;
  readonly scope: LockScope;
  readonly since: number;
  /** null = until a manual reset. */
  readonly until: number | null;
  readonly reason: string;
}

export type GuardDecision =
  | { readonly allow: true }
  | { readonly deny: true; readonly rule: string; readonly reason: string; readonly lock?: Omit<Lock, 'rule' | 'reason' | 'since'> };

export const ALLOW: GuardDecision = { allow: true };

export function deny(rule: string, reason: string, lock?: Omit<Lock, 'rule' | 'reason' | 'since'>): GuardDecision {
  return lock ? { deny: true, rule, reason, lock } : { deny: true, rule, reason };
}

/** What a guard may read besides the order and the portfolio. */
export interface GuardEnvironment {
  readonly config: RiskConfig;
  readonly now: number;
  readonly regime: Regime;
  /** Market rules and the venue's rounding, when the venue is known. */
  readonly precision: PrecisionPort | null;
  /** Why `strategy` is switched off on `symbol` by volatility, or null. */
  strategyDisabled(strategy: string, symbol: MarketSymbol): string | null;
  /** Loss already forgiven by a manual breaker reset this trading day (quote currency, ≤ 0). */
  readonly breakerBaseline: number;
}

export interface RiskGuard {
  readonly name: string;
  /** `entries`: only orders that open or grow exposure; `exits`: only reduce-only orders. */
  readonly appliesTo: 'entries' | 'exits';
  check(order: GateOrder, portfolio: GatePortfolio, environment: GuardEnvironment): GuardDecision;
}

export function isEntry(order: GateOrder): boolean {
  return order.purpose !== 'exit' && order.reduceOnly !== true;
}

export function scopeText(scope: LockScope): string {
  switch (scope.kind) {
    case 'global':
      return 'all symbols';
    case 'account':
      return `account ${scope.account}`;
    case 'symbol':
      return scope.symbol;
    case 'strategy_symbol':
      return `${scope.strategy} on ${scope.symbol}`;
  }
}

export function scopeMatches(scope: LockScope, order: Pick<GateOrder, 'strategy' | 'symbol' | 'account'>): boolean {
  switch (scope.kind) {
    case 'global':
      return true;
    case 'account':
      return order.account === scope.account;
    case 'symbol':
      return scope.symbol === order.symbol;
    case 'strategy_symbol':
      return scope.strategy === order.strategy && scope.symbol === order.symbol;
  }
}

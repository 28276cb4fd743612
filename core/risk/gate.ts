import type { PrecisionPort } from '../exchange/precision.js';
import type { MarketSymbol } from '../market/candle.js';
import type { Regime, RiskConfig } from './config.js';
import type { RiskEventLog, RiskEventRecord } from './events.js';
import { isEntry, scopeText, type GateOrder, type GatePortfolio, type GuardEnvironment, type Lock, type RiskGuard } from './guard.js';
import { dailyLossBreaker } from './guards/breaker.js';
import { exitFeasibilityGuard, marketRulesGuard, plannedExitFeasibilityGuard } from './guards/feasibility.js';
import { freeCashGuard, maxExposureGuard, maxOpenPositionsGuard, maxOrderNotionalGuard } from './guards/limits.js';
import { regimeGuard, volatilitySwitchGuard } from './guards/market-state.js';
import { breakerKey, type RiskState } from './state.js';
import { durationText, timeText } from './support/format.js';

const DAY_MS = 86_400_000;
/** A fraction of the day's starting equity: far above the float noise of the breaker's arithmetic (~1e-15 of it). */
const BREAKER_MARGIN = 1e-6;

/**
 * The pre-trade gate every order passes — strategy or manual, paper or live. Order of checks:
 *  1. HALTED denies everything (cancels never come here), and so does a running reconciliation;
 *  2. exits (reduce-only) face only the exit guards: entry guards never trap a position;
 *  3. entries: standing locks (breaker, stop-loss cooldown, trade cooldown), then each entry guard.
 * The first denial wins; it is logged and its lock, if any, is kept until it expires or is reset.
 */

export type GateDecision =
  | { readonly allow: true; /** Multiply a new entry's size by this (regime: CAUTION 0.5, EUPHORIA 0.7). */ readonly sizeMultiplier: number }
  | { readonly allow: false; readonly rule: string; readonly reason: string };

/** Default guards, cheapest and most decisive first. */
export const DEFAULT_GUARDS: readonly RiskGuard[] = [
  regimeGuard,
  dailyLossBreaker,
  volatilitySwitchGuard,
  maxOrderNotionalGuard,
  maxOpenPositionsGuard,
  maxExposureGuard,
  freeCashGuard,
  marketRulesGuard,
  plannedExitFeasibilityGuard,
  exitFeasibilityGuard,
];

export interface PreTradeGateOptions {
  readonly config: () => RiskConfig;
  readonly halted: () => boolean;
  /** True while reconciliation checks the account (or, when no account is named, any account). */
  readonly reconciling?: (account?: string) => boolean;
  readonly regime: () => Regime;
  readonly state: RiskState;
  readonly events: RiskEventLog;
  /** Why a strategy is switched off on a symbol (VolatilityMonitor.denial), or null. */
  readonly strategyDisabled?: (strategy: string, symbol: MarketSymbol) => string | null;
  /** Market rules of the venue that will receive the order; null when unknown. */
  readonly precision?: (symbol: MarketSymbol) => PrecisionPort | null;
  readonly guards?: readonly RiskGuard[];
}

export class PreTradeGate {
  private readonly guards: readonly RiskGuard[];
  /** The breaker's order-less probe, kept between bars (watchPortfolio runs on every one). */
  private probe: GateOrder | null = null;
  private probeQuote = '';
  /** The breaker key of the last (account, day) watched. */
  private key = '';
  private keyDay: string | number = Number.NaN;
  private keyAccount: string | undefined = undefined;
  /** The baseline of `key`, read when the key or the state's reset count moved (a keyed lookup on every bar otherwise). */
  private baseline = 0;
  private baselineResets = -1;

  constructor(private readonly options: PreTradeGateOptions) {
    this.guards = options.guards ?? DEFAULT_GUARDS;
  }

  /** Checks one order at `portfolio.time`. */
  check(order: GateOrder, portfolio: GatePortfolio): GateDecision {
    const now = portfolio.time;
    const entry = isEntry(order);
    // HALTED: nothing automatic sends; the trader's own risk-reducing act (closing a position) still does.
    if (this.options.halted() && (entry || order.act !== 'trader')) {
      return this.reject(order, now, 'halted', `emergency stop: trading is HALTED; ${order.symbol} ${order.purpose} refused until the trader re-arms (cancels, and closing a position from its row, are still allowed)`, entry);
    }
    if (this.options.reconciling?.(order.account ?? portfolio.account)) {
      return this.reject(order, now, 'reconciling', `reconciliation with the exchanges is running; ${order.symbol} ${order.purpose} refused until the journal matches the venues`, entry);
    }
    const environment = this.environment(order.symbol, now, portfolio);
    // The guards by index: a for-of allocated an iterator and a result per guard until V8 had optimised this.
    const guards = this.guards;
    if (!entry) {
      for (let i = 0; i < guards.length; i++) {
        const guard = guards[i]!;
        if (guard.appliesTo !== 'exits') continue;
        const decision = guard.check(order, portfolio, environment);
        if ('deny' in decision) return this.reject(order, now, decision.rule, decision.reason, false);
      }
      return { allow: true, sizeMultiplier: 1 };
    }
    const lock = this.options.state.blocking(order, now);
    if (lock) return this.reject(order, now, lock.rule, lockReason(lock, now), true);
    for (let i = 0; i < guards.length; i++) {
      const guard = guards[i]!;
      if (guard.appliesTo !== 'entries') continue;
      const decision = guard.check(order, portfolio, environment);
      if (!('deny' in decision)) continue;
      if (decision.lock) this.lock({ rule: decision.rule, reason: decision.reason, since: now, ...decision.lock }, now);
      return this.reject(order, now, decision.rule, decision.reason, true);
    }
    this.options.events.endEpisodes(episodePrefix(order));
    return { allow: true, sizeMultiplier: this.sizeMultiplier() };
  }

  /** Size multiplier for new entries in the current regime (1 NORMAL, 0.5 CAUTION, 0.7 EUPHORIA, 0 PANIC). */
  sizeMultiplier(): number {
    return this.options.config().regime.sizeMultiplier[this.options.regime()];
  }

  /**
   * Runs the breaker against the account without an order (on each mark-to-market), so the breaker
   * trips — and says so — when the loss happens, not at the next entry attempt. Returns the lock if it tripped now.
   */
  watchPortfolio(portfolio: GatePortfolio, quote = 'USDT'): Lock | null {
    // Every bar of every account comes here and the day's P&L is almost always well above the limit:
    // the breaker's own arithmetic on three numbers decides that, with no lock scan, key or environment.
    if (this.breakerAllows(portfolio)) return null;
    for (const lock of this.options.state.locks(portfolio.time)) {
      if (lock.rule === dailyLossBreaker.name && (lock.scope.kind === 'global' || (lock.scope.kind === 'account' && lock.scope.account === portfolio.account))) return null;
    }
    if (this.probe === null || this.probeQuote !== quote || this.probe.account !== portfolio.account) {
      this.probe = { strategy: '*', symbol: `*/${quote}`, side: 'buy', type: 'market', amount: 0, price: 0, purpose: 'enter', ...(portfolio.account !== undefined ? { account: portfolio.account } : {}) };
      this.probeQuote = quote;
    }
    const probe = this.probe;
    const decision = dailyLossBreaker.check(probe, portfolio, this.environment(probe.symbol, portfolio.time, portfolio));
    if (!('deny' in decision) || !decision.lock) return null;
    return this.lock({ rule: decision.rule, reason: decision.reason, since: portfolio.time, ...decision.lock }, portfolio.time);
  }

  /** True when dailyLossBreaker certainly allows entries (the same comparison it makes); false: ask it. */
  private breakerAllows(portfolio: GatePortfolio): boolean {
    const start = portfolio.dayStartEquity;
    if (!(start > 0)) return true;
    const baseline = this.baselineOf(portfolio);
    return ((portfolio.dailyPnl - baseline) / start) * 100 > -this.options.config().breaker.dailyLossPct;
  }

  /**
   * A daily P&L above which `watchPortfolio` certainly answers null for this portfolio (its account, day
   * and starting equity): the breaker's limit with a margin far above float noise. It stands until the
   * breaker is reset (`RiskState.breakerResetCount`) or the configuration changes — a caller that
   * watches every bar compares with it and skips the call.
   */
  breakerClearAbove(portfolio: GatePortfolio): number {
    const start = portfolio.dayStartEquity;
    if (!(start > 0)) return Number.NEGATIVE_INFINITY;
    return this.baselineOf(portfolio) - (this.options.config().breaker.dailyLossPct / 100) * start + BREAKER_MARGIN * start;
  }

  /** The breaker baseline of the portfolio's account and day, read again only when a reset happened. */
  private baselineOf(portfolio: GatePortfolio): number {
    const key = this.breakerKeyOf(portfolio);
    const state = this.options.state;
    if (this.baselineResets !== state.breakerResetCount) {
      this.baselineResets = state.breakerResetCount;
      this.baseline = state.breakerBaseline(key);
    }
    return this.baseline;
  }

  /** breakerKey(portfolio), built once per account and day rather than on every bar. */
  private breakerKeyOf(portfolio: GatePortfolio): string {
    const day = portfolio.day ?? Math.floor(portfolio.time / DAY_MS);
    if (day !== this.keyDay || portfolio.account !== this.keyAccount) {
      this.keyDay = day;
      this.keyAccount = portfolio.account;
      this.key = breakerKey(portfolio);
      this.baselineResets = -1;
    }
    return this.key;
  }

  private lock(lock: Lock, now: number): Lock {
    const existing = this.options.state.locks(now).find((other) => other.rule === lock.rule && scopeText(other.scope) === scopeText(lock.scope));
    if (existing && existing.until === lock.until) return existing;
    this.options.state.addLock(lock);
    if (lock.rule === dailyLossBreaker.name) this.options.events.record({ time: now, kind: 'breaker', detail: lock.reason, rule: lock.rule });
    return lock;
  }

  /** What the guards read besides the order and `portfolio` (whose account and day name the breaker baseline). */
  private environment(symbol: MarketSymbol, now: number, portfolio: GatePortfolio): GuardEnvironment {
    const { options } = this;
    return {
      config: options.config(),
      now,
      regime: options.regime(),
      precision: options.precision?.(symbol) ?? null,
      strategyDisabled: options.strategyDisabled ?? noDisabledStrategy,
      breakerBaseline: this.baselineOf(portfolio),
    };
  }

  private reject(order: GateOrder, now: number, rule: string, reason: string, entry: boolean): GateDecision {
    const event: Omit<RiskEventRecord, 'id' | 'repeats' | 'lastTime'> = {
      time: now,
      kind: entry ? 'entry_blocked' : 'exit_blocked',
      detail: reason,
      rule,
      strategy: order.strategy,
      symbol: order.symbol,
    };
    this.options.events.record(event, `${episodePrefix(order)}${rule}`);
    return { allow: false, rule, reason };
  }
}

function noDisabledStrategy(): string | null {
  return null;
}

function episodePrefix(order: Pick<GateOrder, 'strategy' | 'symbol'>): string {
  return `${order.strategy}\u0000${order.symbol}\u0000`;
}

function lockReason(lock: Lock, now: number): string {
  if (lock.until === null) return `${lock.reason} (until a manual reset)`;
  return `${lock.reason} (${durationText(lock.until - now)} left, until ${timeText(lock.until)})`;
}

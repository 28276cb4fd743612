import type { Candle, MarketSymbol } from '../market/candle.js';
import { parseRiskConfig, type Regime, type RiskConfig } from './config.js';
import { RiskEventLog, type RiskEventRecord, type RiskEventStore } from './events.js';
import { PreTradeGate, type GateDecision } from './gate.js';
import type { GateOrder, GatePortfolio, Lock, RiskGuard } from './guard.js';
import type { PrecisionPort } from '../exchange/precision.js';
import type { MarketParts, RegimeSource, VolatilitySource } from './market-tape.js';
import { RegimeDetector, type RegimeChange, type RegimeSnapshot } from './regime.js';
import { breakerKey, RiskState, type ExitRecord, type RiskStateStore } from './state.js';
import { VolatilityMonitor, type DisabledStrategy, type StrategySwitch } from './volatility.js';

/**
 * The risk domain assembled: one validated configuration, the regime of the benchmark, volatility
 * switches per strategy and symbol, persisted locks and counters, the events feed and the pre-trade
 * gate. Live, paper and backtests use this same object; only the candles and the clock differ.
 */

export interface RiskConfigStore {
  load(): unknown;
  save(config: RiskConfig): void;
}

export interface RiskControlsOptions {
  /** Stored configuration (validated on load; invalid → spec defaults, and the problem is reported in events). */
  readonly configStore?: RiskConfigStore;
  readonly config?: RiskConfig;
  readonly stateStore: RiskStateStore;
  readonly halted: () => boolean;
  /** True while reconciliation checks the account (any account when none is named): its orders are refused until the journal matches the venue. */
  readonly reconciling?: (account?: string) => boolean;
  readonly precision?: (symbol: MarketSymbol) => PrecisionPort | null;
  readonly guards?: readonly RiskGuard[];
  /** Input bar length (1m candles by default). */
  readonly barMs?: number;
  /** Keep enough recent candles to re-warm the regime and volatility after a config change (live); backtests don't need it. */
  readonly keepHistory?: boolean;
  /** Where the events log is kept across restarts (the terminal's store); backtests keep it in memory. */
  readonly eventStore?: RiskEventStore;
  /**
   * The regime and volatility switches to use instead of fresh ones for `config` (a sweep variant's
   * replay of its market tape, see market-tape.ts); a configuration change replaces them with fresh ones.
   */
  readonly market?: MarketParts;
}

const MINUTE_MS = 60_000;
const NO_EVENTS = Object.freeze([]) as unknown as RiskEventRecord[];

export class RiskControls {
  readonly events: RiskEventLog;
  readonly state: RiskState;
  readonly gate: PreTradeGate;
  private current: RiskConfig;
  private regime: RegimeSource;
  private volatility: VolatilitySource;
  private readonly history = new Map<MarketSymbol, Candle[]>();
  private readonly barMs: number;

  constructor(private readonly options: RiskControlsOptions) {
    this.barMs = options.barMs ?? MINUTE_MS;
    this.events = new RiskEventLog(500, options.eventStore ?? null);
    this.current = options.config ?? this.loadConfig();
    this.state = new RiskState(options.stateStore);
    this.regime = options.market?.regime ?? new RegimeDetector(this.current.regime, this.barMs);
    this.volatility = options.market?.volatility ?? new VolatilityMonitor(this.current.volatility, this.barMs);
    this.gate = new PreTradeGate({
      config: () => this.current,
      halted: options.halted,
      ...(options.reconciling ? { reconciling: options.reconciling } : {}),
      regime: () => this.regime.regime,
      state: this.state,
      events: this.events,
      strategyDisabled: (strategy, symbol) => this.volatility.denial(strategy, symbol),
      ...(options.precision ? { precision: options.precision } : {}),
      ...(options.guards ? { guards: options.guards } : {}),
    });
  }

  get config(): RiskConfig {
    return this.current;
  }

  get benchmark(): MarketSymbol {
    return this.current.regime.benchmark;
  }

  /** Validates and applies a new configuration; the regime and volatility re-warm from recent candles. */
  setConfig(input: unknown, time: number): RiskConfig {
    const next = parseRiskConfig(input);
    this.current = next;
    this.options.configStore?.save(next);
    this.regime = new RegimeDetector(next.regime, this.barMs);
    this.volatility = new VolatilityMonitor(next.volatility, this.barMs);
    for (const [symbol, candles] of this.history) {
      for (const candle of candles) {
        if (symbol === next.regime.benchmark) this.regime.update(candle);
        this.volatility.update(symbol, candle);
      }
    }
    this.events.record({ time, kind: 'config', detail: `risk configuration changed; regime now ${this.regime.regime}` });
    return next;
  }

  /**
   * Feeds one closed candle. The benchmark's candles drive the regime (pass `asBenchmark` to use a
   * series other than the configured benchmark symbol, as backtests do); every symbol's candles drive
   * its volatility. Returns the events this candle caused.
   */
  observeCandle(symbol: MarketSymbol, candle: Candle, asBenchmark = symbol === this.current.regime.benchmark): readonly RiskEventRecord[] {
    // Most candles produce nothing: the shared empty list then, not a new one per candle. The events are
    // written by methods of their own: a short per-candle body is compiled after a few thousand candles
    // and inlined into its caller, where a long one runs unoptimised for tens of thousands (V8 optimises
    // a function after a budget of bytecode run that grows with its length).
    if (this.options.keepHistory) this.remember(symbol, candle);
    const change = asBenchmark ? this.regime.update(candle) : null;
    const flips = this.volatility.update(symbol, candle);
    return change === null && flips.length === 0 ? NO_EVENTS : this.eventsOf(symbol, change, flips);
  }

  /** The events of a regime change and strategy switches (in that order), as recorded. */
  private eventsOf(symbol: MarketSymbol, change: RegimeChange | null, flips: readonly StrategySwitch[]): RiskEventRecord[] {
    const produced: RiskEventRecord[] = [];
    if (change) {
      const event = this.events.record({ time: change.time, kind: `regime:${change.to}`, detail: `${symbol} ${change.reason} (was ${change.from})`, symbol });
      if (event) produced.push(event);
    }
    // By index: a for-of allocated an iterator result on every candle.
    for (let i = 0; i < flips.length; i++) {
      const flip = flips[i]!;
      const event = this.events.record({
        time: flip.time,
        kind: flip.disabled ? 'strategy_disabled' : 'strategy_enabled',
        detail: `${flip.strategy} ${flip.disabled ? 'disabled' : 'enabled again'} on ${flip.symbol}: ${flip.reason}`,
        strategy: flip.strategy,
        symbol: flip.symbol,
      });
      if (event) produced.push(event);
    }
    return produced.length === 0 ? NO_EVENTS : produced;
  }

  check(order: GateOrder, portfolio: GatePortfolio): GateDecision {
    return this.gate.check(order, portfolio);
  }

  /** Tells the risk layer about an exit fill: feeds the stop-loss streaks and trade cooldowns. */
  recordExit(exit: ExitRecord): RiskEventRecord[] {
    const produced: RiskEventRecord[] = [];
    for (const change of this.state.recordExit(exit, this.current)) {
      const event = this.events.record({ time: exit.time, kind: change.kind, detail: change.detail, rule: change.lock.rule, symbol: exit.symbol, strategy: exit.strategy });
      if (event) produced.push(event);
    }
    return produced;
  }

  /**
   * Manual breaker reset of the given portfolios' breakers (each account's trading day): entries resume;
   * a further loss of X % from here trips it again.
   */
  resetBreaker(time: number, portfolios: readonly Pick<GatePortfolio, 'account' | 'day' | 'time' | 'dailyPnl'>[], by: string): Lock[] {
    const removed = this.state.resetBreaker(portfolios.map((p) => ({ key: breakerKey(p), dailyPnl: p.dailyPnl })));
    this.events.record({ time, kind: 'breaker_reset', detail: `daily loss breaker reset by ${by}${removed.length === 0 ? ' (it was not tripped)' : ''}`, rule: 'daily_loss_breaker' });
    return removed;
  }

  regimeSnapshot(): RegimeSnapshot {
    return this.regime.snapshot();
  }

  currentRegime(): Regime {
    return this.regime.regime;
  }

  volatilityPct(symbol: MarketSymbol): number | null {
    return this.volatility.volatilityPct(symbol);
  }

  disabledStrategies(): DisabledStrategy[] {
    return this.volatility.disabled();
  }

  private loadConfig(): RiskConfig {
    const stored = this.options.configStore?.load();
    if (stored === undefined || stored === null) return parseRiskConfig({});
    try {
      return parseRiskConfig(stored);
    } catch (error) {
      // A stored config that no longer validates must not crash trading: fall back to defaults, loudly.
      const config = parseRiskConfig({});
      queueMicrotask(() => this.events.record({ time: Date.now(), kind: 'config_invalid', detail: `stored risk configuration is invalid, using defaults: ${String(error)}` }));
      return config;
    }
  }

  private remember(symbol: MarketSymbol, candle: Candle): void {
    const keepMs = Math.max(this.current.volatility.windowMinutes, ...this.current.regime.bleed.map((r) => r.minutes), ...this.current.regime.panic.map((r) => r.minutes)) * MINUTE_MS;
    let candles = this.history.get(symbol);
    if (!candles) this.history.set(symbol, (candles = []));
    candles.push(candle);
    // Trim in batches so the amortised cost stays O(1).
    if (candles.length > 2 * (keepMs / this.barMs) + 2) candles.splice(0, candles.length - Math.ceil(keepMs / this.barMs) - 1);
  }
}

import type { ProposedOrder, RiskContext, RiskDecision, RiskEvent, RiskGate } from '../engine/risk-gate.js';
import type { LiquidityTier } from '../exchange/port.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';
import type { RiskConfig } from './config.js';
import type { RiskControls } from './controls.js';
import type { RiskEventRecord } from './events.js';
import type { ExposureItem, GateOrder, GatePortfolio } from './guard.js';

/**
 * The risk controls behind the engine's `RiskGate` hook: the same gate in backtests, paper and live.
 *
 * - `observe` feeds every base bar: the benchmark (the backtested series unless a benchmark series is
 *   given) drives the regime, every symbol its volatility; regime changes, strategy switches, cooldowns
 *   and breaker trips come back as `riskEvents` (`regime:PANIC`, `cooldown`, `breaker`, …). The engine
 *   itself reports the `entry_blocked` / `exit_blocked` of each refused order.
 * - `check` translates the engine's context into the gate's portfolio. The engine knows this strategy's
 *   position and the number of open positions, the equity and the free cash; exposure of other symbols is
 *   equity − free cash − this position (positions at mark plus cash reserved by resting orders).
 * - Exits are recorded (stop-loss streaks, trade cooldown) when an exit passes the gate unless
 *   `recordExitsOnCheck` is false — right for a backtest, where an exit that passes fills at once. A live
 *   host should instead call `controls.recordExit` from exit fills and set it to false.
 */

export interface EngineRiskGateOptions {
  readonly controls: RiskControls;
  /** Liquidity tier of a symbol (the stop-loss cooldown length depends on it). */
  readonly tierOf: (symbol: MarketSymbol) => LiquidityTier;
  /** The engine's equity now; lets the breaker track the day's P&L bar by bar. Late-bound: the engine is built after the gate. */
  readonly equity?: () => number;
  /** Quote currency of the account (for the breaker's message). */
  readonly quote?: string;
  readonly recordExitsOnCheck?: boolean;
}

const DAY_MS = 86_400_000;
/** The empty position lists of every bar's portfolio (frozen: the guards only read them). */
const NO_ITEMS: readonly ExposureItem[] = Object.freeze([]);
const NO_EVENTS: readonly RiskEvent[] = Object.freeze([]);
const EXIT_REASONS: ReadonlySet<string> = new Set<ExitReason>(['take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual']);

/** The portfolio the breaker watches on every bar: a class, so its numbers are rewritten in place (see ReusableCandle). */
class WatchedPortfolio implements GatePortfolio {
  time = Number.NaN;
  equity = Number.NaN;
  dayStartEquity = Number.NaN;
  dailyPnl = Number.NaN;
  readonly positions = NO_ITEMS;
  readonly openEntryOrders = NO_ITEMS;
}

export class EngineRiskGate implements RiskGate {
  private benchmarkSymbol: MarketSymbol | null = null;
  private day = Number.NaN;
  private dayStartEquity = Number.NaN;
  /** Times known to be of `day` (NaN: none yet). */
  private dayFrom = Number.NaN;
  private dayUntil = Number.NaN;
  /** NaN before the first bar (a number-only field: the per-bar write allocates nothing). */
  private lastEquity = Number.NaN;
  /** Events produced between two observe() calls (exits recorded during checks). */
  private pending: RiskEvent[] = [];
  /** The portfolio the breaker watches every bar, rewritten in place (watchPortfolio reads it during the call only). */
  private readonly watched = new WatchedPortfolio();
  /**
   * Above this daily P&L the breaker certainly stays quiet (PreTradeGate.breakerClearAbove), for the day,
   * breaker reset count and configuration it was worked out for: watching it then costs one comparison.
   */
  private clearAbove = Number.POSITIVE_INFINITY;
  private clearDay = Number.NaN;
  private clearResets = -1;
  private clearConfig: RiskConfig | null = null;

  constructor(private readonly options: EngineRiskGateOptions) {}

  /** Multiply new entries' sizes by this (regime CAUTION 0.5, EUPHORIA 0.7, NORMAL 1, PANIC 0). */
  sizeMultiplier(): number {
    return this.options.controls.gate.sizeMultiplier();
  }

  /** `equity`, when the engine passes it, is the account value at this bar (the breaker watches it). */
  observe(input: { readonly symbol: MarketSymbol; readonly candle: Candle; readonly benchmark: Candle | null; readonly equity?: number }): readonly RiskEvent[] {
    const { controls } = this.options;
    // A list only when something happened: most bars produce nothing and allocate nothing.
    let events: RiskEvent[] | null = null;
    if (this.pending.length > 0) {
      events = this.pending;
      this.pending = [];
    }
    if (input.benchmark !== null) {
      events = appendEvents(events, controls.observeCandle('benchmark', input.benchmark, true));
      events = appendEvents(events, controls.observeCandle(input.symbol, input.candle, false));
    } else {
      // Without a benchmark series the (first) backtested series is the benchmark.
      this.benchmarkSymbol ??= input.symbol;
      events = appendEvents(events, controls.observeCandle(input.symbol, input.candle, input.symbol === this.benchmarkSymbol));
    }
    const equity = input.equity ?? this.options.equity?.();
    if (equity !== undefined) {
      const watched = this.watched;
      watched.time = input.candle.time;
      watched.equity = equity;
      this.advanceDay(watched);
      watched.dailyPnl = equity - this.dayStartEquity;
      // Most bars: the day's P&L is clear of the breaker's limit as last worked out (same day, no reset, same configuration).
      if (!(watched.dailyPnl > this.clearAbove && this.day === this.clearDay && controls.state.breakerResetCount === this.clearResets && controls.config === this.clearConfig)) {
        events = this.watchBreaker(events);
      }
    }
    return events ?? NO_EVENTS;
  }

  /**
   * The breaker asked about `watched` (time, equity and the day's P&L written), and where its P&L is
   * clear of it worked out again; a trip is appended to `events`. A method of its own: the bar's path
   * stays short (see RiskControls.observeCandle).
   */
  private watchBreaker(events: RiskEvent[] | null): RiskEvent[] | null {
    const { controls } = this.options;
    const watched = this.watched;
    watched.dayStartEquity = this.dayStartEquity;
    const lock = controls.gate.watchPortfolio(watched, this.options.quote);
    if (lock) (events ??= []).push({ time: watched.time, kind: 'breaker', detail: lock.reason });
    this.clearAbove = controls.gate.breakerClearAbove(watched);
    this.clearDay = this.day;
    this.clearResets = controls.state.breakerResetCount;
    this.clearConfig = controls.config;
    return events;
  }

  check(order: ProposedOrder, context: RiskContext): RiskDecision {
    const { controls } = this.options;
    // Written out, not spread: a spread per order costs a copy through a generic path.
    const position = context.position;
    const tier = this.options.tierOf(order.symbol);
    const reduceOnly = order.purpose === 'exit';
    const gateOrder: GateOrder = position
      ? { strategy: order.strategy, symbol: order.symbol, side: order.side, type: order.type, amount: order.amount, price: order.price, purpose: order.purpose, reduceOnly, tier, positionQuantity: position.quantity }
      : { strategy: order.strategy, symbol: order.symbol, side: order.side, type: order.type, amount: order.amount, price: order.price, purpose: order.purpose, reduceOnly, tier };
    const decision = controls.check(gateOrder, this.portfolio(order, context, position));
    if (!decision.allow) return { ok: false, reason: decision.reason, rule: decision.rule };
    if (order.purpose === 'exit' && this.options.recordExitsOnCheck !== false && EXIT_REASONS.has(order.reason)) {
      const closed = position === null || order.amount >= position.quantity - 1e-12;
      const recorded = controls.recordExit({ strategy: order.strategy, symbol: order.symbol, reason: order.reason as ExitReason, time: context.time, closed, tier: gateOrder.tier ?? 'large' });
      for (let i = 0; i < recorded.length; i++) this.pending.push(toEngineEvent(recorded[i]!));
    }
    return { ok: true };
  }

  /** `position` is `context.position`, read once by the caller. */
  private portfolio(order: ProposedOrder, context: RiskContext, position: RiskContext['position']): GatePortfolio {
    // Each context fact read once (they are getters), and the portfolio written out field by field:
    // object spreads here cost more than the rest of an order's risk check.
    const freeCash = context.freeCash;
    const equity = context.equity;
    const own = position !== null ? position.quantity * order.price : 0;
    const others = Math.max(0, context.openPositions - (position !== null ? 1 : 0));
    const otherExposure = freeCash === null ? 0 : Math.max(0, equity - freeCash - own);
    // No list made when there is nothing to list (the guards only read it).
    let positions: readonly ExposureItem[] = NO_ITEMS;
    if (position !== null || others > 0) {
      const list: ExposureItem[] = position !== null ? [{ strategy: order.strategy, symbol: order.symbol, notional: own }] : [];
      for (let i = 0; i < others; i++) list.push({ strategy: order.strategy, symbol: `#other-${i}`, notional: otherExposure / others });
      positions = list;
    }
    const openEntryOrders: readonly ExposureItem[] = others === 0 && otherExposure > 0 ? [{ strategy: order.strategy, symbol: '#reserved', notional: otherExposure }] : NO_ITEMS;
    const time = context.time;
    this.advanceDay({ time, equity });
    const dayStartEquity = this.dayStartEquity;
    const dailyPnl = equity - dayStartEquity;
    return freeCash === null
      ? { time, equity, dayStartEquity, dailyPnl, positions, openEntryOrders }
      : { time, equity, freeCash, dayStartEquity, dailyPnl, positions, openEntryOrders };
  }

  /** Starts a new day's P&L at the first equity seen after 00:00 UTC (the last value of the day before). */
  private advanceDay(at: { readonly time: number; readonly equity: number }): void {
    // An object, not two numbers: numbers handed to a call that is not inlined are boxed (every bar).
    const time = at.time;
    // Times from `dayFrom` to `dayUntil` are of `day` (floor of a division is monotonic): no division on most bars.
    if (!(time >= this.dayFrom && time <= this.dayUntil)) this.enterDayOf(at);
    this.lastEquity = at.equity;
  }

  /** `at`'s day and the times known to be of it (a method of its own: advanceDay, on every bar, stays short). */
  private enterDayOf(at: { readonly time: number; readonly equity: number }): void {
    const time = at.time;
    const day = Math.floor(time / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayStartEquity = Number.isNaN(this.lastEquity) ? at.equity : this.lastEquity;
    }
    const last = (day + 1) * DAY_MS - 1;
    this.dayFrom = time;
    this.dayUntil = Math.floor(last / DAY_MS) === day ? last : time;
  }
}

/** `events` with `records` appended, by index: a for-of here allocated an iterator result on every bar. */
function appendEvents(events: RiskEvent[] | null, records: readonly RiskEventRecord[]): RiskEvent[] | null {
  if (records.length === 0) return events;
  const out = events ?? [];
  for (let i = 0; i < records.length; i++) out.push(toEngineEvent(records[i]!));
  return out;
}

function toEngineEvent(event: RiskEventRecord): RiskEvent {
  return { time: event.time, kind: event.kind, detail: event.detail };
}

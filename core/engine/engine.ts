import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import { isSimulatedVenue, type SimulatedVenue } from '../exchange/paper-venue.js';
import type { Fill, MarketDrivenExchange } from '../exchange/port.js';
import type { ExitReason, Intent, StrategyContext } from '../strategies/contract.js';
import { StrategyError } from '../strategies/strategy-error.js';
import { BarContext } from './bar-context.js';
import type { CandleRing } from './candle-ring.js';
import type { EngineListener } from './events.js';
import { advanceTrailing, planState, type ExitState, type PendingExit } from './exits.js';
import { EngineFills } from './engine-fills.js';
import { ExchangeFeed } from './exchange-feed.js';
import { checkIntent } from './intent-schema.js';
import { decisionApplied, reportOnce, strategyFailed } from './engine-problems.js';
import { OrderRouter, type RouteOutcome } from './order-router.js';
import type { Position } from './positions.js';
import { passThroughRiskGate, type ObservedBar, type RiskContext, type RiskGate } from './risk-gate.js';
import { countOpen, createSymbolState, type SymbolState, type WarmupProgress } from './symbol-state.js';
import { LazyRiskContext, type RiskFacts } from './risk-context.js';
import { TIER_EXIT_DEFAULTS } from './tiers.js';
import { ExitActions } from './exit-actions.js';
import { EntryActions } from './entry-actions.js';
import type { TradingEngineOptions } from './engine-options.js';

export type { TradingEngineOptions } from './engine-options.js';
const NO_BAR: Candle = Object.freeze({ time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 });

function sequence(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/**
 * The event loop shared by live, paper and backtest: bars in → exits evaluated intrabar → strategy
 * (closed bars of every declared timeframe) → intents → order router (sizing, precision, market
 * rules, risk gate) → exchange → fills → positions. Only the clock and the exchange behind the port
 * differ between modes. Synchronous per bar, and allocation-light on bars where nothing happens.
 */
export class TradingEngine<P = unknown> {
  private readonly states = new Map<MarketSymbol, SymbolState>();
  /** The same states in a plain array: loops over it allocate no iterator. */
  private readonly stateList: SymbolState[] = [];
  /** The risk gate's `observe` input, rewritten every bar (the gate reads it during the call only). */
  private readonly observed: { -readonly [K in keyof ObservedBar]: ObservedBar[K] } = { symbol: '', candle: NO_BAR, benchmark: null, equity: 0 };
  private readonly router: OrderRouter;
  private readonly gate: RiskGate;
  private readonly venue: SimulatedVenue | null;
  /** Where each bar goes first when the exchange is market-driven (the paper venue); null otherwise. */
  private readonly feed: ExchangeFeed | null;
  private readonly baseTimeframe: Timeframe;
  /** Initialised with a number (not only in the constructor): a field declared undefined first holds "any value". */
  private readonly baseMs: number = 0;
  private readonly newTradeId: () => string;
  private readonly listener: EngineListener;
  private readonly exitActions: ExitActions;
  private readonly entries: EntryActions;
  private readonly fills: EngineFills;
  private readonly unsubscribe: () => void;
  private realized = 0;
  private lastSymbol: MarketSymbol | null = null;
  private lastState: SymbolState | undefined = undefined;
  private budget: number;
  private closed = false;
  private awaited = false; // a decision came as a promise (a sandboxed strategy): only then can anything wait

  constructor(private readonly options: TradingEngineOptions<P>) {
    this.budget = options.budget;
    const { strategy, exchange } = options;
    this.baseTimeframe = options.baseTimeframe ?? '1m';
    this.baseMs = timeframeMs(this.baseTimeframe);
    this.gate = options.riskGate ?? passThroughRiskGate;
    this.venue = isSimulatedVenue(exchange) ? exchange : null;
    const drivable = typeof (exchange as Partial<MarketDrivenExchange>).onCandle === 'function' ? (exchange as MarketDrivenExchange) : null;
    this.newTradeId = options.newTradeId ?? sequence('t');
    this.listener = options.listener ?? {};
    this.router = new OrderRouter({
      exchange,
      gate: this.gate,
      strategy: strategy.name,
      newOrderId: options.newOrderId ?? sequence('o'),
      ...(options.submit ? { submit: options.submit } : {}),
      onAsyncFailure: (tag, id, message, stage) => this.fills.asyncFailure(tag, id, message, stage),
    });
    this.feed = drivable === null || options.driveExchange === false ? null : new ExchangeFeed(drivable, options.ownsExchange === true, this.router);
    this.exitActions = new ExitActions({
      router: this.router,
      listener: this.listener,
      riskContext: (s, time) => this.riskContext(s, time),
      onStrategyHookError: (s, error, time) => this.strategyFailed(s, 'onPositionClosed', error, time),
      report: (s, event) => reportOnce(s, event, this.listener),
      barMs: this.baseMs,
      ...(options.exitsPaused ? { paused: options.exitsPaused } : {}),
    });
    this.entries = new EntryActions({
      router: this.router,
      gate: this.gate,
      newTradeId: this.newTradeId,
      equity: () => this.equity(),
      riskContext: (s, time) => this.riskContext(s, time),
      report: (s, event) => reportOnce(s, event, this.listener),
      onBadIntent: (s, error, time) => this.strategyFailed(s, 'intent', error, time),
    });
    this.fills = new EngineFills({
      router: this.router,
      exitActions: this.exitActions,
      listener: this.listener,
      venue: this.venue,
      baseMs: this.baseMs,
      state: (symbol) => this.states.get(symbol),
      newTradeId: this.newTradeId,
      addRealized: (pnl) => (this.realized += pnl),
      report: (s, event) => reportOnce(s, event, this.listener),
    });
    for (const symbol of options.symbols) {
      const state = createSymbolState(strategy, options.params, symbol, exchange.market(symbol), this.baseTimeframe, options.tierDefaults ?? TIER_EXIT_DEFAULTS);
      state.emitters = state.aggregators.map((aggregator) => {
        const ms = timeframeMs(aggregator.timeframe);
        const ring = state.rings.get(aggregator.timeframe) ?? null;
        return (bar: Candle) => this.deliver(state, aggregator.timeframe, ms, ring, bar);
      });
      this.states.set(symbol, state);
      this.stateList.push(state);
    }
    this.unsubscribe = exchange.onOrderUpdate((update) => this.fills.onOrderUpdate(update.order, update.fills));
  }

  /**
   * Feeds one closed base bar of a symbol. Strategies get their own copy of it (see deliver), so the
   * caller may reuse `candle` for the next bar (a backtest writes every bar into one object).
   */
  onCandle(symbol: MarketSymbol, candle: Candle, benchmark: Candle | null = null): void {
    // Most feeds send one symbol bar after bar: its state is remembered instead of looked up every bar.
    const s = symbol === this.lastSymbol ? this.lastState : this.states.get(symbol);
    if (s === undefined) return;
    // A decision still on its way (a sandboxed file): this bar waits its turn, so bars stay in order.
    if (s.decisions.waiting) {
      this.candleLater(s, symbol, candle, benchmark);
      return;
    }
    this.lastSymbol = symbol;
    this.lastState = s;
    this.feed?.bar(symbol, candle);
    s.lastClose = candle.close;
    s.lastCandle = candle;
    const p = s.position;
    if (p !== null) {
      if (p.exits !== null || p.pendingExit !== null) this.exitActions.run(s, p, candle, candle.time + this.baseMs);
      if (s.position === p) {
        p.markHigh(candle.high);
        if (p.exits !== null) advanceTrailing(p.exits, p.highest);
      }
    }
    if (this.gate.observe !== undefined) {
      const observed = this.observed;
      observed.symbol = symbol;
      observed.candle = candle;
      observed.benchmark = benchmark;
      observed.equity = this.equity();
      const events = this.gate.observe(observed);
      for (let i = 0; i < events.length; i++) this.listener.onRiskEvent?.(events[i]!);
    }
    // A copy, not the caller's object: the exchange and the engine keep reading `candle`, and a copy
    // is cheaper than freezing (which also slows every later read of a frozen bar). A streaming
    // strategy's reused context copies it into its own candle; the others get a new one, kept in a window.
    if (s.deliversBase) {
      const ring = s.baseRing;
      const bar = ring === null ? candle : { time: candle.time, open: candle.open, high: candle.high, low: candle.low, close: candle.close, volume: candle.volume };
      this.deliver(s, this.baseTimeframe, this.baseMs, ring, bar);
    }
    const aggregators = s.aggregators;
    for (let i = 0; i < aggregators.length; i++) aggregators[i]!.push(candle, s.emitters[i]!);
  }

  /** Queues a bar behind a decision on its way (a method: a closure in onCandle would make V8 allocate a context every bar). */
  private candleLater(s: SymbolState, symbol: MarketSymbol, candle: Candle, benchmark: Candle | null): void {
    s.decisions.later(() => this.onCandle(symbol, candle, benchmark));
  }

  /** Warm-up only: a closed higher-timeframe bar fetched whole, and where roll-ups take over (see SymbolState). */
  warmUpBar(symbol: MarketSymbol, timeframe: Timeframe, bar: Candle): boolean { return this.states.get(symbol)?.warmUpBar(timeframe, bar) ?? false; }
  rollUpFrom(symbol: MarketSymbol, timeframe: Timeframe, time: number): boolean { return this.states.get(symbol)?.rollUpFrom(timeframe, time) ?? false; }

  /** 0–100, how close the strategy is to acting on the symbol (null before the first bar). */
  readiness(symbol: MarketSymbol): number | null {
    const s = this.states.get(symbol);
    if (s === undefined || s.instance === null || s.lastCandle === null) return null;
    try {
      const score = s.instance.readiness(this.context(s, this.baseTimeframe, s.lastCandle, this.baseMs));
      return Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : null;
    } catch (error) {
      this.strategyFailed(s, 'readiness', error, s.lastCandle.time + this.baseMs);
      return null;
    }
  }

  /** How far the symbol is through the history its strategy requires (bars of its slowest timeframe); null once it has it all. */
  warmup(symbol: MarketSymbol): WarmupProgress | null {
    return this.states.get(symbol)?.warmupProgress() ?? null;
  }

  position(symbol: MarketSymbol): Position | null {
    return this.states.get(symbol)?.position ?? null;
  }

  /** A new sizing budget (the allocation moved); it already counts what was realised, so equity() adds only open positions. */
  setBudget(budget: number): void {
    if (Number.isFinite(budget) && budget >= 0) this.budget = budget - this.realized;
  }

  /** The budget plus realised P&L plus open positions at their last close. */
  equity(): number {
    let value = this.budget + this.realized;
    const states = this.stateList;
    for (let i = 0; i < states.length; i++) {
      const s = states[i]!;
      const p = s.position;
      if (p !== null && p.isOpen) value += p.quantity * (s.lastClose - p.averageEntry);
    }
    return value;
  }

  /**
   * Closes all or `fraction` of a position at market: the trader's act from the position's row (it goes
   * through even while automatic exits are paused). A refusal is the answer, not a pending exit.
   */
  closePosition(symbol: MarketSymbol, reason: 'manual' | 'emergency_stop', time: number, quantity: number | 'all' = 'all'): RouteOutcome | null {
    const s = this.states.get(symbol);
    if (s === undefined || s.position === null) return null;
    return this.exitActions.exit(s, quantity, reason, time, 'trader');
  }

  /** The automatic exit of the symbol's position that has not filled yet, if any (shown as "exit pending"). */
  pendingExit(symbol: MarketSymbol) {
    return this.states.get(symbol)?.position?.pendingExit ?? null;
  }

  /**
   * Hands the engine a position it held before a restart (rebuilt from the journal's fills) with its
   * exit state as last saved, so the stop, take profits, trailing stop and time exit work on from here.
   * Refused (false) when the symbol is not traded by this engine or already has a position.
   */
  restorePosition(position: Position, exits: ExitState | null, pendingExit: PendingExit | null = null): boolean {
    const s = this.states.get(position.symbol);
    if (s === undefined || s.position !== null || !position.isOpen) return false;
    position.exits = exits;
    position.pendingExit = pendingExit;
    position.exitsSource = null;
    s.position = position;
    s.pendingTradeId = null;
    this.listener.onPosition?.(s.symbol, position.view());
    return true;
  }

  /**
   * A sell this engine did not send took quantity out of the symbol (a flatten, a close of the position
   * from outside the engine): closes up to `fill.amount` of the position with `reason`; returns the quantity taken.
   */
  applyExternalExit(fill: Fill, reason: ExitReason): number {
    return this.fills.applyExternalExit(fill, reason);
  }

  /** A buy of this configuration's that this engine did not send (an entry left working by an earlier run). */
  applyExternalEntry(fill: Fill, tradeId: string): void {
    this.fills.applyExternalEntry(fill, tradeId);
  }

  /** True when this engine sent the order (its fills reach the engine through its own updates). */
  sent(clientOrderId: string): boolean {
    return this.router.tagOf(clientOrderId) !== undefined;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const s of this.states.values()) s.instance?.dispose?.();
  }

  /** Hands a closed bar of `timeframe` (`ms` long) to the strategy and applies its intents. */
  private deliver(s: SymbolState, timeframe: Timeframe, ms: number, ring: CandleRing | null, bar: Candle): void {
    if (s.decisions.waiting) {
      this.deliverLater(s, timeframe, ms, ring, bar);
      return;
    }
    ring?.push(bar);
    if (timeframe === s.warmupTimeframe && s.warmupHave < s.windowBars) s.warmupHave++;
    const instance = s.instance;
    if (instance === null) return;
    // No closure in this method and no close time passed on a bar without intents: V8 would allocate
    // a context for captured variables, and box a number handed to a call it does not inline, every bar.
    let intents: readonly Intent[] | Promise<readonly Intent[]>;
    try {
      intents = instance.onCandle(this.context(s, timeframe, bar, ms));
      if (!Array.isArray(intents)) {
        if (intents instanceof Promise) {
          this.awaitDecision(s, intents, bar.time + ms);
          return;
        }
        throw new TypeError(`onCandle must return an array of intents, got ${typeof intents}`);
      }
    } catch (error) {
      this.strategyFailed(s, 'onCandle', error, bar.time + ms);
      return;
    }
    if (intents.length === 0) {
      // What decided() does with no intents.
      if (!this.closed) s.consecutiveErrors = 0;
      return;
    }
    this.decided(s, intents, bar.time + ms);
  }

  /** A sandboxed strategy's decision is on its way: this bar waits its turn (a copy: callers may reuse theirs). */
  private deliverLater(s: SymbolState, timeframe: Timeframe, ms: number, ring: CandleRing | null, bar: Candle): void {
    const later = { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
    s.decisions.later(() => this.deliver(s, timeframe, ms, ring, later));
  }

  /** Applies a sandboxed strategy's intents once they arrive (a failure is the strategy's, reported at the bar's close). */
  private awaitDecision(s: SymbolState, intents: Promise<readonly Intent[]>, closeTime: number): void {
    this.awaited = true;
    s.decisions.await(intents, (decided) => this.decided(s, decided, closeTime), (error) => {
      if (!this.closed) this.strategyFailed(s, 'onCandle', error, closeTime);
    });
  }

  private decided(s: SymbolState, intents: readonly Intent[], closeTime: number): void {
    if (this.closed) return;
    for (let i = 0; i < intents.length; i++) this.apply(s, intents[i]!, closeTime);
    decisionApplied(s, closeTime, this.listener, this.options.maxConsecutiveErrors ?? 20);
  }

  /** True while a sandboxed strategy's decision is on its way (never for in-process strategies). */
  busy(): boolean {
    if (!this.awaited) return false;
    const states = this.stateList;
    for (let i = 0; i < states.length; i++) if (states[i]!.decisions.waiting) return true;
    return false;
  }

  /** Resolves once every decision asked for so far has been applied (immediately for in-process strategies). */
  settled(): Promise<void> {
    return Promise.all(this.stateList.map((s) => s.decisions.idle())).then(() => undefined);
  }

  /** The context for `bar` of `timeframe` (`ms` long: its close time is computed here, see deliver); a fresh one apart, so this stays small enough to inline. */
  private context(s: SymbolState, timeframe: Timeframe, bar: Candle, ms: number): StrategyContext {
    const reused = s.reusedContext;
    if (reused === null) return this.freshContext(s, timeframe, bar, ms);
    reused.time = bar.time + ms;
    return reused.at(timeframe, bar, s.position, s.entryOrders.size);
  }

  private freshContext(s: SymbolState, timeframe: Timeframe, bar: Candle, ms: number): StrategyContext {
    const p = s.position;
    return new BarContext(s.symbol, bar.time + ms, timeframe, bar, p === null ? null : p.view(), s.tier, s.entryOrders.size, s.tierDefaults, s.rings);
  }

  private apply(s: SymbolState, raw: Intent, time: number): void {
    const checked = checkIntent(raw, s.symbol, this.options.validateIntents === true);
    if (checked instanceof Error) {
      this.strategyFailed(s, 'intent', checked, time);
      return;
    }
    const intent = checked;
    switch (intent.kind) {
      case 'enter':
      case 'add':
        this.entries.enter(s, intent, time);
        return;
      case 'exit_all':
        this.exitActions.request(s, 'all', intent.reason, time);
        return;
      case 'exit_part':
        if (s.position !== null) this.exitActions.request(s, intent.fraction * s.position.quantity, intent.reason, time);
        return;
      case 'update_exits':
        if (s.position !== null) {
          s.position.exits = planState(intent.exits, s.position);
          s.position.exitsSource = intent.exits;
        } else if (s.entryOrders.size > 0) s.pendingExits = intent.exits;
        return;
      case 'cancel_entries':
        for (const id of [...s.entryOrders]) this.router.cancel(id, s.symbol);
        return;
    }
  }

  private riskContext(s: SymbolState, time: number): RiskContext {
    return new LazyRiskContext(time, this.riskFacts, s);
  }

  private readonly riskFacts: RiskFacts = {
    equity: () => this.equity(),
    freeCash: (s) => (this.venue !== null ? this.venue.freeBalance(s.rules.quote) : null),
    openPositions: () => countOpen(this.stateList),
  };

  private strategyFailed(s: SymbolState, phase: StrategyError['phase'], error: unknown, time: number): void {
    strategyFailed(s, StrategyError.wrap(this.options.strategy.name, phase, error, s.symbol), time, this.listener, this.options.maxConsecutiveErrors ?? 20);
  }
}

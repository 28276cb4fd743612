import type { CandleUpdate } from './candle.js';
import type { Candle, MarketSymbol, Timeframe } from './candle.js';
import { timeframeMs } from './candle.js';
import type { FeedConnection, FeedSource, MarketFeed, MarketListing } from './feed.js';
import { rollupCandles } from './rollup.js';
import { STEPS_PER_CANDLE } from './simulator.js';
import type { DepthSource } from './depth-source.js';
import { SyntheticDepth } from './synthetic-depth.js';

/** One minute of market as a path of prices the feed reveals while the minute forms. */
export interface MinuteWithPath {
  readonly candle: Candle;
  readonly path: readonly number[];
}

/** Supplies minutes for one symbol in order; null when the source is exhausted (end of a replay). */
export interface MinuteSource {
  readonly symbol: MarketSymbol;
  readonly priceStep: number;
  /** Base quantity of a typical level near the top of its simulated book (about a fortieth of a calm minute's volume). */
  readonly depthScale: number;
  next(): MinuteWithPath | null;
}

export interface StreamingFeedOptions {
  readonly source: FeedSource;
  readonly transport: 'simulated' | 'replay';
  readonly minuteSources: readonly MinuteSource[];
  /** How many minutes to pre-generate as history before streaming starts. */
  readonly historyMinutes: number;
  /** Market minutes per real minute (1 = real time, 60 = one candle a second). */
  readonly speed: number;
  /** Real milliseconds between updates. */
  readonly tickMs?: number;
  /** Cap on minutes kept in memory per symbol (older ones live in the store). */
  readonly maxMinutesInMemory?: number;
  readonly now?: () => number;
  /** Seeds the simulated book and tape (the market's seed: the same seed gives the same depth). */
  readonly depthSeed?: number;
  /** More markets the source can stream on request (the simulated market's catalogue); none for a replay. */
  readonly catalogue?: { readonly listings: readonly MarketListing[]; open(symbol: MarketSymbol): MinuteSource };
}

interface SymbolState {
  readonly source: MinuteSource;
  readonly closed: Candle[];
  forming: MinuteWithPath | null;
  formingStep: number;
  exhausted: boolean;
  /** Minutes taken from the source so far (closed and forming): a symbol added later catches up to it. */
  taken: number;
}

/**
 * Streams pre-computed minutes at a chosen speed. Used by the simulated market and by replay:
 * both are "minutes with a price path", revealed step by step so the chart moves like a live one.
 */
export class StreamingFeed implements MarketFeed {
  readonly source: FeedSource;
  readonly depth: DepthSource;
  private readonly states = new Map<MarketSymbol, SymbolState>();
  private readonly listeners = new Set<(update: CandleUpdate) => void>();
  private readonly connectionListeners = new Set<(connection: FeedConnection) => void>();
  private readonly tickMs: number;
  private readonly maxMinutes: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private state: FeedConnection;
  /** Fraction of the forming minute revealed so far, in path steps (may exceed STEPS: then minutes close). */
  private stepBudget = 0;
  private lastTick = 0;

  constructor(private readonly options: StreamingFeedOptions) {
    this.source = options.source;
    this.tickMs = options.tickMs ?? 250;
    this.maxMinutes = options.maxMinutesInMemory ?? 100_000;
    this.now = options.now ?? Date.now;
    this.state = { state: 'connecting', transport: options.transport, lastUpdate: null, message: null };
    for (const source of options.minuteSources) this.states.set(source.symbol, this.preload(source, options.historyMinutes));
    this.depth = new SyntheticDepth({
      seed: options.depthSeed ?? 0,
      priceStep: (symbol) => this.priceStep(symbol),
      scale: (symbol) => this.requireState(symbol).source.depthScale,
      last: (symbol) => this.lastCandle(symbol),
      subscribe: (listener) => this.subscribe(listener),
    });
  }

  /** The symbol's latest 1m candle (the forming one as far as it has formed); null for one not streamed. */
  lastCandle(symbol: MarketSymbol): Candle | null {
    const state = this.states.get(symbol);
    if (!state) return null;
    return (state.formingStep > 0 ? this.formingCandle(state) : null) ?? state.closed.at(-1) ?? null;
  }

  symbols(): readonly MarketSymbol[] {
    return [...this.states.keys()];
  }

  async listings(): Promise<readonly MarketListing[]> {
    const streamed = [...this.states.values()].map((state) => ({ symbol: state.source.symbol, priceStep: state.source.priceStep }));
    return [...streamed, ...(this.options.catalogue?.listings ?? []).filter((listing) => !this.states.has(listing.symbol))];
  }

  /**
   * Adds a catalogue symbol in step with the others: it takes as many minutes from its own source as
   * they have (all but the forming one become history) and forms its current minute as far as they have.
   */
  async watch(symbol: MarketSymbol): Promise<void> {
    if (this.states.has(symbol)) return;
    const catalogue = this.options.catalogue;
    if (!catalogue?.listings.some((listing) => listing.symbol === symbol)) throw new Error(`${this.source.label} has no market ${symbol}`);
    const reference: SymbolState | undefined = this.states.values().next().value;
    const forming = reference !== undefined && reference.forming !== null;
    const state = this.preload(catalogue.open(symbol), (reference?.taken ?? this.options.historyMinutes) - (forming ? 1 : 0));
    if (state.closed.length > this.maxMinutes) state.closed.splice(0, state.closed.length - this.maxMinutes);
    if (reference !== undefined && forming) {
      this.openNextMinute(state);
      state.formingStep = reference.formingStep;
    }
    this.states.set(symbol, state);
  }

  private preload(source: MinuteSource, minutes: number): SymbolState {
    const state: SymbolState = { source, closed: [], forming: null, formingStep: 0, exhausted: false, taken: 0 };
    for (let i = 0; i < minutes; i++) {
      const minute = source.next();
      if (!minute) {
        state.exhausted = true;
        break;
      }
      state.taken++;
      state.closed.push(minute.candle);
    }
    return state;
  }

  priceStep(symbol: MarketSymbol): number {
    return this.requireState(symbol).source.priceStep;
  }

  async history(symbol: MarketSymbol, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    const state = this.requireState(symbol);
    if (timeframe === '1m') return this.newestMinutes(state, limit);
    // Roll up only the tail we need (plus one bucket for alignment).
    const needed = Math.ceil((limit + 1) * rollupMinutes(timeframe));
    return rollupCandles(this.newestMinutes(state, needed), timeframe).candles.slice(-limit);
  }

  /** The newest `count` minutes (the forming one last), copying only those: the chart asks for 5k of 130k+. */
  private newestMinutes(state: SymbolState, count: number): Candle[] {
    const forming = state.forming ? this.formingCandle(state) : null;
    if (!forming) return state.closed.slice(-count);
    const closed = count > 1 ? state.closed.slice(-(count - 1)) : [];
    closed.push(forming);
    return closed;
  }

  subscribe(listener: (update: CandleUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connection(): FeedConnection {
    return this.state;
  }

  onConnection(listener: (connection: FeedConnection) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.timer) return;
    for (const state of this.states.values()) this.openNextMinute(state);
    this.lastTick = this.now();
    this.setConnection({ state: 'connected', message: null });
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.setConnection({ state: 'disconnected', message: 'stopped' });
  }

  /** Advances the market by `realMs` of wall time (public for deterministic tests). */
  advance(realMs: number): void {
    const minutesElapsed = (realMs * this.options.speed) / 60_000;
    this.stepBudget += minutesElapsed * STEPS_PER_CANDLE;
    const wholeSteps = Math.floor(this.stepBudget);
    if (wholeSteps <= 0) return;
    this.stepBudget -= wholeSteps;
    const updates: CandleUpdate[] = [];
    for (const state of this.states.values()) this.advanceSymbol(state, wholeSteps, updates);
    if (updates.length === 0) return;
    this.setConnection({ lastUpdate: this.now() });
    for (const update of updates) for (const listener of this.listeners) listener(update);
    if ([...this.states.values()].every((state) => state.exhausted && !state.forming)) {
      this.setConnection({ state: 'disconnected', message: 'replay finished' });
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    }
  }

  private tick(): void {
    const now = this.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    this.advance(elapsed);
  }

  private advanceSymbol(state: SymbolState, steps: number, updates: CandleUpdate[]): void {
    let remaining = steps;
    while (remaining > 0 && state.forming) {
      const room = STEPS_PER_CANDLE - state.formingStep;
      const take = Math.min(room, remaining);
      state.formingStep += take;
      remaining -= take;
      if (state.formingStep >= STEPS_PER_CANDLE) {
        const closedCandle = state.forming.candle;
        state.closed.push(closedCandle);
        if (state.closed.length > this.maxMinutes) state.closed.splice(0, state.closed.length - this.maxMinutes);
        updates.push({ symbol: state.source.symbol, timeframe: '1m', candle: closedCandle, closed: true });
        this.openNextMinute(state);
      }
    }
    const forming = this.formingCandle(state);
    if (forming && state.formingStep > 0) updates.push({ symbol: state.source.symbol, timeframe: '1m', candle: forming, closed: false });
  }

  private openNextMinute(state: SymbolState): void {
    if (state.exhausted) {
      state.forming = null;
      return;
    }
    const minute = state.source.next();
    if (!minute) {
      state.exhausted = true;
      state.forming = null;
      return;
    }
    state.forming = minute;
    state.formingStep = 0;
    state.taken++;
  }

  /** The forming minute as seen so far: the path up to the current step. */
  private formingCandle(state: SymbolState): Candle | null {
    if (!state.forming) return null;
    const { candle, path } = state.forming;
    const seen = path.slice(0, Math.max(1, state.formingStep + 1));
    const fraction = state.formingStep / STEPS_PER_CANDLE;
    return {
      time: candle.time,
      open: candle.open,
      high: Math.max(...seen),
      low: Math.min(...seen),
      close: seen[seen.length - 1]!,
      volume: Math.round(candle.volume * fraction * 1e4) / 1e4,
    };
  }

  private requireState(symbol: MarketSymbol): SymbolState {
    const state = this.states.get(symbol);
    if (!state) throw new Error(`${symbol} is not in this market (available: ${[...this.states.keys()].join(', ')})`);
    return state;
  }

  private setConnection(patch: Partial<FeedConnection>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.connectionListeners) listener(this.state);
  }
}

function rollupMinutes(timeframe: Timeframe): number {
  return timeframeMs(timeframe) / 60_000;
}

import type { CandleUpdate } from './candle.js';
import type { Candle, MarketSymbol, Timeframe } from './candle.js';
import { timeframeMs } from './candle.js';
import type { FeedConnection, FeedSource, MarketFeed } from './feed.js';
import { rollupCandles } from './rollup.js';
import { STEPS_PER_CANDLE } from './simulator.js';

/** One minute of market as a path of prices the feed reveals while the minute forms. */
export interface MinuteWithPath {
  readonly candle: Candle;
  readonly path: readonly number[];
}

/** Supplies minutes for one symbol in order; null when the source is exhausted (end of a replay). */
export interface MinuteSource {
  readonly symbol: MarketSymbol;
  readonly priceStep: number;
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
}

interface SymbolState {
  readonly source: MinuteSource;
  readonly closed: Candle[];
  forming: MinuteWithPath | null;
  formingStep: number;
  exhausted: boolean;
}

/**
 * Streams pre-computed minutes at a chosen speed. Used by the simulated market and by replay:
 * both are "minutes with a price path", revealed step by step so the chart moves like a live one.
 */
export class StreamingFeed implements MarketFeed {
  readonly source: FeedSource;
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
    for (const source of options.minuteSources) {
      const closed: Candle[] = [];
      let exhausted = false;
      for (let i = 0; i < options.historyMinutes; i++) {
        const minute = source.next();
        if (!minute) {
          exhausted = true;
          break;
        }
        closed.push(minute.candle);
      }
      this.states.set(source.symbol, { source, closed, forming: null, formingStep: 0, exhausted });
    }
  }

  symbols(): readonly MarketSymbol[] {
    return [...this.states.keys()];
  }

  priceStep(symbol: MarketSymbol): number {
    return this.requireState(symbol).source.priceStep;
  }

  async history(symbol: MarketSymbol, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    const state = this.requireState(symbol);
    const minutes = state.forming ? [...state.closed, this.formingCandle(state)!] : state.closed;
    if (timeframe === '1m') return minutes.slice(-limit);
    // Roll up only the tail we need (plus one bucket for alignment).
    const needed = Math.ceil((limit + 1) * rollupMinutes(timeframe));
    return rollupCandles(minutes.slice(-needed), timeframe).candles.slice(-limit);
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

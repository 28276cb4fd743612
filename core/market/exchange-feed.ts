import type { CandleUpdate } from './candle.js';
import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from './candle.js';
import type { CandleStore } from './candle-store.js';
import type { LiveCandleSource } from './candle-source.js';
import type { FeedConnection, FeedSource, MarketFeed, MarketListing } from './feed.js';
import type { DepthSource, LiveDepthSource } from './depth-source.js';
import { VenueDepth } from './venue-depth.js';
import { rollupCandles } from './rollup.js';
import type { SpikeGate } from './spike-gate.js';
import { TransportFallback } from './transport-fallback.js';
import { validateCandles } from './validation.js';

/**
 * A live exchange as a MarketFeed: candles over the venue's websocket where ccxt.pro has one,
 * REST polling otherwise or whenever the socket fails, and a periodic attempt to get back onto
 * the websocket. The connection status says which transport is in use and when data last came.
 * Falling back to the simulated market (with a banner) when the venue is unreachable is the
 * composition root's call: this feed reports `disconnected` and keeps trying.
 */
export interface ExchangeFeedOptions {
  readonly source: LiveCandleSource;
  readonly symbols: readonly MarketSymbol[];
  /** 1m bars fetched at start for each symbol; default 500. */
  readonly historyMinutes?: number;
  readonly pollMs?: number;
  /** First delay before retrying the websocket after it failed; doubles up to 60 s. */
  readonly reconnectMs?: number;
  /** Consecutive polling failures before the feed reports `disconnected`; default 3. */
  readonly maxPollFailures?: number;
  /** Closed 1m bars are validated and stored here as they arrive (incremental updates). */
  readonly store?: CandleStore;
  readonly spikes?: SpikeGate;
  readonly now?: () => number;
  /** The venue's order book and trades (none: the depth panel says the venue gives none). */
  readonly depth?: LiveDepthSource;
}

/** A source without depth: every book is unknown. */
const NO_DEPTH: DepthSource = { transport: () => 'polling', book: async () => null, stream: () => () => undefined };

interface SymbolState {
  readonly priceStep: number;
  readonly minutes: Candle[];
  /** Newest bar already announced as closed. */
  closedUpTo: number;
  watching: boolean;
}

const MAX_IN_MEMORY = 20_000;

export class ExchangeFeed implements MarketFeed {
  readonly source: FeedSource;
  readonly depth: DepthSource;
  private readonly states = new Map<MarketSymbol, SymbolState>();
  private readonly listeners = new Set<(update: CandleUpdate) => void>();
  private readonly connectionListeners = new Set<(connection: FeedConnection) => void>();
  private readonly now: () => number;
  private state: FeedConnection;
  private running = false;
  private readonly transport: TransportFallback;
  private wake: (() => void) | null = null;
  private websocketEnded: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: ExchangeFeedOptions) {
    const source = options.source;
    this.source = { kind: 'exchange', label: source.label, exchange: source.exchange };
    this.now = options.now ?? Date.now;
    this.depth = options.depth ? new VenueDepth(options.depth, { now: this.now }) : NO_DEPTH;
    this.transport = new TransportFallback({
      supportsWebsocket: source.supportsWebsocket,
      now: this.now,
      ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
      ...(options.maxPollFailures !== undefined ? { maxPollFailures: options.maxPollFailures } : {}),
    });
    this.state = { state: 'connecting', transport: this.transport.mode, lastUpdate: null, message: null };
  }

  symbols(): readonly MarketSymbol[] {
    return [...this.states.keys()];
  }

  priceStep(symbol: MarketSymbol): number {
    return this.require(symbol).priceStep;
  }

  async history(symbol: MarketSymbol, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    const minutes = this.require(symbol).minutes;
    if (timeframe === '1m') return minutes.slice(-limit);
    // The venue's own bars for the past, our rolled-up minutes for the forming bucket(s).
    // If the venue cannot answer right now, the minutes we hold still make a (shorter) chart.
    const bars = await this.options.source.fetchCandles(symbol, timeframe, undefined, limit).catch(() => [] as Candle[]);
    const lastVenueBucket = bars.length > 0 ? bars[bars.length - 1]!.time : -Infinity;
    const recent = rollupCandles(minutes.filter((m) => m.time >= lastVenueBucket), timeframe).candles;
    const merged = new Map(bars.map((bar) => [bar.time, bar]));
    for (const bucket of recent) if (bucket.time > lastVenueBucket || !merged.has(bucket.time)) merged.set(bucket.time, bucket);
    return [...merged.values()].sort((a, b) => a.time - b.time).slice(-limit);
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

  async listings(): Promise<readonly MarketListing[]> {
    return this.options.source.markets();
  }

  /** Streams one more of the venue's markets: its recent history first, then the websocket or the next poll. */
  async watch(symbol: MarketSymbol): Promise<void> {
    if (this.states.has(symbol)) return;
    await this.open(symbol, new Map((await this.options.source.markets()).map((m) => [m.symbol, m])));
    const state = this.states.get(symbol)!;
    if (this.running && this.transport.mode === 'websocket') this.spawnWatcher(symbol, state);
  }

  /** Loads markets and recent history; throws when the venue cannot be reached at all. */
  async start(): Promise<void> {
    if (this.running) return;
    const markets = new Map((await this.options.source.markets()).map((m) => [m.symbol, m]));
    for (const symbol of this.options.symbols) await this.open(symbol, markets);
    this.running = true;
    this.setConnection({ state: 'connected', transport: this.transport.mode, lastUpdate: this.now(), message: null });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.options.source.close().catch(() => undefined);
    await this.loop;
    this.setConnection({ state: 'disconnected', message: 'stopped' });
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.transport.mode === 'websocket') await this.runWebsocket();
      else await this.pollOnce();
    }
  }

  private async open(symbol: MarketSymbol, markets: ReadonlyMap<MarketSymbol, MarketListing>): Promise<void> {
    const market = markets.get(symbol);
    if (!market) throw new Error(`${this.source.label} has no market ${symbol}`);
    const limit = Math.min(this.options.historyMinutes ?? 500, this.options.source.maxCandlesPerRequest);
    const minutes = await this.options.source.fetchCandles(symbol, '1m', undefined, limit);
    const sorted = [...minutes].sort((a, b) => a.time - b.time);
    const closed = sorted.filter((bar, i) => i < sorted.length - 1 || isClosed(bar, this.now()));
    this.states.set(symbol, { priceStep: market.priceStep, minutes: sorted, closedUpTo: closed.at(-1)?.time ?? -Infinity, watching: false });
  }

  /** One watch loop per symbol; returns when any of them ends (a failure switches the feed to polling). */
  private async runWebsocket(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.websocketEnded = resolve;
      for (const [symbol, state] of this.states) this.spawnWatcher(symbol, state);
    });
    this.websocketEnded = null;
  }

  private spawnWatcher(symbol: MarketSymbol, state: SymbolState): void {
    if (state.watching) return;
    state.watching = true;
    void this.watchSymbol(symbol)
      .catch((error: unknown) => this.fallBackToPolling(error))
      .finally(() => {
        state.watching = false;
        this.websocketEnded?.();
      });
  }

  private async watchSymbol(symbol: MarketSymbol): Promise<void> {
    while (this.running && this.transport.mode === 'websocket') {
      const candles = await this.options.source.watchCandles(symbol, '1m');
      this.apply(symbol, candles);
      if (this.transport.mode !== 'websocket') return;
      this.transport.delivered();
      this.setConnection({ state: 'connected', transport: 'websocket', lastUpdate: this.now(), message: null });
    }
  }

  private fallBackToPolling(error: unknown): void {
    if (!this.running) return;
    const message = this.transport.websocketFailed(error, this.pollMs());
    if (message !== null) this.setConnection({ state: 'connected', transport: 'polling', message });
  }

  private async pollOnce(): Promise<void> {
    try {
      for (const [symbol, state] of this.states) {
        const last = state.minutes[state.minutes.length - 1];
        const since = last ? last.time : undefined;
        this.apply(symbol, await this.options.source.fetchCandles(symbol, '1m', since, this.options.source.maxCandlesPerRequest));
      }
      this.transport.pollSucceeded();
      const message = this.options.source.supportsWebsocket ? this.state.message : null;
      this.setConnection({ state: 'connected', transport: 'polling', lastUpdate: this.now(), message });
    } catch (error) {
      this.setConnection({ transport: 'polling', ...this.transport.pollFailed(error, this.source.label) });
    }
    await this.pause(this.pollMs());
    if (this.running) this.transport.maybeRetryWebsocket();
  }

  /** Merges bars into memory; emits forming/closed updates and stores bars once they close. */
  private apply(symbol: MarketSymbol, candles: readonly Candle[]): void {
    const state = this.require(symbol);
    const minutes = state.minutes;
    const changed = new Set<number>();
    for (const candle of candles) {
      const index = findIndex(minutes, candle.time);
      if (index >= 0) {
        if (sameCandle(minutes[index]!, candle)) continue;
        minutes[index] = candle;
      } else {
        minutes.splice(insertionPoint(minutes, candle.time), 0, candle);
      }
      changed.add(candle.time);
    }
    const newest = minutes[minutes.length - 1];
    if (!newest) return;
    const now = this.now();
    // A bar is final once the next one exists or its minute is over.
    const closedNow = (bar: Candle) => bar.time < newest.time || isClosed(bar, now);
    const updates: CandleUpdate[] = [];
    let changedLeft = changed.size;
    for (let i = minutes.length - 1; i >= 0; i--) {
      const bar = minutes[i]!;
      const isChanged = changed.has(bar.time);
      if (isChanged) changedLeft--;
      const becameClosed = bar.time > state.closedUpTo && closedNow(bar);
      if (!isChanged && !becameClosed) {
        if (bar.time <= state.closedUpTo && changedLeft === 0) break;
        continue;
      }
      updates.unshift({ symbol, timeframe: '1m', candle: bar, closed: closedNow(bar) });
    }
    const newlyClosed = updates.filter((u) => u.closed).map((u) => u.candle);
    if (newlyClosed.length > 0) state.closedUpTo = Math.max(state.closedUpTo, newlyClosed[newlyClosed.length - 1]!.time);
    if (minutes.length > MAX_IN_MEMORY) minutes.splice(0, minutes.length - MAX_IN_MEMORY);
    if (updates.length === 0) return;
    this.persist(symbol, newlyClosed);
    for (const update of updates) for (const listener of this.listeners) listener(update);
  }

  private persist(symbol: MarketSymbol, closed: Candle[]): void {
    const store = this.options.store;
    if (!store || closed.length === 0) return;
    const key = { exchange: this.source.exchange ?? 'exchange', symbol, timeframe: '1m' as const };
    const result = validateCandles(closed, '1m');
    this.options.spikes?.flag(key, result.flagged);
    if (result.accepted.length > 0) store.upsert(key, result.accepted);
  }

  private pollMs(): number {
    return this.options.pollMs ?? 5_000;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private require(symbol: MarketSymbol): SymbolState {
    const state = this.states.get(symbol);
    if (!state) throw new Error(`${symbol} is not watched on ${this.source.label} (watching: ${this.symbols().join(', ') || 'nothing yet'})`);
    return state;
  }

  private setConnection(patch: Partial<FeedConnection>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.connectionListeners) listener(this.state);
  }
}

function isClosed(candle: Candle, now: number): boolean {
  return candle.time + timeframeMs('1m') <= now;
}

function insertionPoint(minutes: readonly Candle[], time: number): number {
  let i = minutes.length;
  while (i > 0 && minutes[i - 1]!.time > time) i--;
  return i;
}

function findIndex(minutes: readonly Candle[], time: number): number {
  for (let i = minutes.length - 1; i >= 0 && minutes[i]!.time >= time; i--) if (minutes[i]!.time === time) return i;
  return -1;
}

function sameCandle(a: Candle, b: Candle): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}


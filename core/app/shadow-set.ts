import type { LiveShadowRow } from '../api/contract/strategy-shadows.js';
import { tradeRows } from '../backtest/report.js';
import { ShadowLane } from '../backtest/shadow-lane.js';
import type { RiskGate } from '../engine/risk-gate.js';
import type { MarketRules } from '../exchange/port.js';
import { timeframeMs, type Candle, type MarketSymbol, type Timeframe } from '../market/candle.js';
import type { StrategyDefinition } from '../strategies/contract.js';
import { wholeTrades } from '../orchestrator/learn/trade-sources.js';
import type { LaneReadout } from '../orchestrator/tuning/evaluate.js';

export const CHAMPION = 'champion';

/** At most this many 1m bars of history warm lanes up, as for the runner (a 4h strategy with a long EMA needs days). */
const MAX_WARMUP_MINUTES = 20_000;
/** At most this many 1m bars per symbol feed a lane that joins late (history to warm up on, then the bars it missed). */
const MAX_HISTORY_MINUTES = 30_000;
/** Replaying history yields to the event loop this often, so live bars and API calls are not held up. */
const REPLAY_SLICE = 5_000;
/** Rows carry the most recent trades and risk events only; metrics count them all. */
const ROW_LIMIT = 200;

export interface ShadowSetOptions {
  /** The configuration shadowed, and the version whose parameters are the champion's. */
  readonly name: string;
  readonly version: number;
  readonly strategy: StrategyDefinition;
  readonly builtin: boolean;
  readonly markets: readonly MarketRules[];
  readonly cash: number;
  /** A fresh risk gate per lane: each keeps its own regime, cooldowns and breaker, as the live gate would. */
  readonly riskGate: () => RiskGate;
  /** The most recent `minutes` 1m bars of a symbol, the last one possibly still forming. */
  readonly history: (symbol: MarketSymbol, minutes: number) => Promise<readonly Candle[]>;
}

interface Slot {
  readonly id: string;
  lane: ShadowLane | null;
  /** Live bars that arrived while the lane was replaying history. */
  pending: { symbol: MarketSymbol; candle: Candle }[];
}

/**
 * The champion and the variants of one running configuration, each in its own isolated paper lane
 * fed the same closed 1m bars. The first lanes warm up on recent history, like the runner does;
 * bars from `since` on count. A lane added later replays that history and the live bars since, so
 * every lane's figures cover the same bars (up to MAX_HISTORY_MINUTES).
 */
export class LiveShadowSet {
  private readonly slots = new Map<string, Slot>();
  /** Open time of the first live bar: earlier bars only warm lanes up. */
  private since: number | null = null;
  private readonly lastSeen = new Map<MarketSymbol, number>();
  /** The first warm-up bar of each symbol and the warm-up length: a late lane starts from the same bar. */
  private readonly firstBar = new Map<MarketSymbol, number>();
  private warmup = 0;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly symbols: readonly MarketSymbol[];

  constructor(readonly options: ShadowSetOptions) {
    this.symbols = options.markets.map((market) => market.symbol);
  }

  get name(): string {
    return this.options.name;
  }

  get version(): number {
    return this.options.version;
  }

  get state(): 'running' | 'warming up' {
    return this.slots.get(CHAMPION)?.lane ? 'running' : 'warming up';
  }

  /** Adds lanes (one history fetch for all of them); resolves once they are warmed up and live. */
  add(specs: readonly { readonly id: string; readonly params: unknown }[]): Promise<void> {
    for (const spec of specs) {
      if (this.slots.has(spec.id)) throw new Error(`a shadow variant named "${spec.id}" already exists`);
      this.slots.set(spec.id, { id: spec.id, lane: null, pending: [] });
    }
    // One at a time: the first call fixes `since`, later ones replay up to what the set has seen.
    const work = this.queue.then(() => this.warm(specs)).catch((error: unknown) => {
      // A lane that could not warm up is dropped rather than left buffering bars forever.
      for (const spec of specs) if (!this.slots.get(spec.id)?.lane) this.slots.delete(spec.id);
      throw error;
    });
    this.queue = work.catch(() => undefined);
    return work;
  }

  remove(id: string): void {
    this.slots.get(id)?.lane?.close();
    this.slots.delete(id);
  }

  /** A closed 1m bar from the live feed. */
  onCandle(symbol: MarketSymbol, candle: Candle): boolean {
    if (this.stopped || !this.symbols.includes(symbol)) return false;
    if (candle.time <= (this.lastSeen.get(symbol) ?? -Infinity)) return false;
    this.lastSeen.set(symbol, candle.time);
    for (const slot of this.slots.values()) {
      if (slot.lane) slot.lane.onCandle(symbol, candle);
      else slot.pending.push({ symbol, candle });
    }
    return true;
  }

  /** Every warmed-up lane's parameters, whole closed trades and value, for the threshold manager. */
  readouts(): LaneReadout[] {
    const readouts: LaneReadout[] = [];
    for (const slot of this.slots.values()) {
      if (!slot.lane) continue;
      const trades = wholeTrades(slot.lane.closedTrades()).map((t) => ({ ...t, ret: t.cost > 0 ? t.pnl / t.cost : 0 }));
      readouts.push({ id: slot.id, champion: slot.id === CHAMPION, params: slot.lane.params as Record<string, unknown>, since: slot.lane.since, trades, value: slot.lane.value(), cash: this.options.cash });
    }
    return readouts;
  }

  rows(): LiveShadowRow[] {
    const rows: LiveShadowRow[] = [];
    for (const slot of this.slots.values()) {
      if (!slot.lane) continue;
      const { trades, riskEvents, metrics } = slot.lane.result();
      rows.push({ id: slot.id, champion: slot.id === CHAMPION, params: slot.lane.params, since: slot.lane.since, metrics, trades: tradeRows(trades.slice(-ROW_LIMIT)), riskEvents: riskEvents.slice(-ROW_LIMIT) });
    }
    return rows.sort((a, b) => Number(b.champion) - Number(a.champion));
  }

  stop(): void {
    this.stopped = true;
    for (const slot of this.slots.values()) slot.lane?.close();
    this.slots.clear();
  }

  private async warm(specs: readonly { readonly id: string; readonly params: unknown }[]): Promise<void> {
    const { options } = this;
    const first = this.since === null;
    const elapsed = first ? 0 : Math.max(0, ...[...this.lastSeen.values()].map((time) => (time - this.since!) / 60_000 + 1));
    const needs = Math.min(MAX_WARMUP_MINUTES, this.warmupMinutes(specs));
    if (first) this.warmup = needs;
    // Same first bar as the lanes already running, unless these parameters need a longer warm-up.
    const longer = needs > this.warmup;
    const minutes = Math.min(MAX_HISTORY_MINUTES, Math.ceil(Math.max(this.warmup, needs) + elapsed));
    const bars: { symbol: MarketSymbol; candle: Candle }[] = [];
    // Bars seen live so far are closed; later ones reach the new lanes' pending queues.
    const seen = new Map(this.lastSeen);
    for (const symbol of this.symbols) {
      const history = first || longer ? await options.history(symbol, minutes) : await this.historyFromFirstBar(symbol, minutes);
      // At the start the last bar may still be forming; later, every bar the set had seen live is closed.
      const closed = first ? history.slice(0, -1) : history.filter((c) => (longer || c.time >= (this.firstBar.get(symbol) ?? -Infinity)) && (c.time < this.since! || c.time <= (seen.get(symbol) ?? -Infinity)));
      if (first && closed[0]) this.firstBar.set(symbol, closed[0].time);
      for (const candle of closed) bars.push({ symbol, candle });
    }
    if (this.stopped) return;
    bars.sort((a, b) => a.candle.time - b.candle.time);
    if (first) this.since = (bars.at(-1)?.candle.time ?? -60_000) + 60_000;
    const replayed = new Map<MarketSymbol, number>();
    for (const bar of bars) replayed.set(bar.symbol, bar.candle.time);
    for (const spec of specs) {
      const slot = this.slots.get(spec.id);
      if (!slot) continue; // removed while warming up
      const lane = new ShadowLane({
        id: spec.id,
        strategy: options.strategy,
        params: spec.params,
        markets: options.markets,
        baseTimeframe: '1m',
        cash: options.cash,
        validateIntents: !options.builtin,
        riskGate: options.riskGate(),
        tradingFrom: this.since!,
      });
      for (let i = 0; i < bars.length; i++) {
        lane.onCandle(bars[i]!.symbol, bars[i]!.candle);
        if (i % REPLAY_SLICE === REPLAY_SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (this.stopped || this.slots.get(spec.id) !== slot) {
        lane.close();
        continue;
      }
      for (const bar of slot.pending) if (bar.candle.time > (replayed.get(bar.symbol) ?? -Infinity)) lane.onCandle(bar.symbol, bar.candle);
      slot.pending = [];
      slot.lane = lane;
    }
  }

  /**
   * History reaching back to the first bar the running lanes warmed up on. The feed moves on while
   * other symbols are fetched, so a window sized before the first fetch can fall short: ask again.
   */
  private async historyFromFirstBar(symbol: MarketSymbol, minutes: number): Promise<readonly Candle[]> {
    const from = this.firstBar.get(symbol) ?? -Infinity;
    let window = minutes;
    let history = await this.options.history(symbol, window);
    for (let tries = 0; tries < 3 && window < MAX_HISTORY_MINUTES && (history[0]?.time ?? -Infinity) > from; tries++) {
      window = Math.min(MAX_HISTORY_MINUTES, window + Math.ceil((history[0]!.time - from) / 60_000) + 5);
      history = await this.options.history(symbol, window);
    }
    return history;
  }

  /** Bars of warm-up the lanes' parameters need (a 4h strategy with a long EMA needs days of 1m bars). */
  private warmupMinutes(specs: readonly { readonly params: unknown }[]): number {
    const { strategy } = this.options;
    let minutes = 1;
    for (const spec of specs) {
      const needs = strategy.requirements?.(spec.params) ?? { timeframes: strategy.timeframes, warmupBars: strategy.warmupBars };
      const longest = Math.max(1, ...needs.timeframes.map((tf: Timeframe) => timeframeMs(tf) / 60_000));
      minutes = Math.max(minutes, (needs.warmupBars + 2) * longest);
    }
    return minutes;
  }
}

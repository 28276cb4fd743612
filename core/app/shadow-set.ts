import type { LiveShadowRow } from '../api/contract/strategy-shadows.js';
import { tradeRows } from '../backtest/report.js';
import { ShadowLane } from '../backtest/shadow-lane.js';
import type { RiskGate } from '../engine/risk-gate.js';
import type { MarketRules } from '../exchange/port.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import type { StrategyDefinition, StrategyRequirements } from '../strategies/contract.js';
import { wholeTrades } from '../orchestrator/learn/trade-sources.js';
import type { LaneReadout } from '../orchestrator/tuning/evaluate.js';
import { applySeams, applyStep, inReplayOrder, planWarmUp, requirementsOf, warmupMinutes, type WarmUpPlan, type WarmUpHistory, type WarmUpStep } from '../runner/warm-up.js';

export const CHAMPION = 'champion';

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
  /** Whole bars of a higher timeframe (the feed's history), for what the 1m bars do not reach; absent: 1m bars alone. */
  readonly bars?: WarmUpHistory;
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
    const each = specs.map((spec) => requirementsOf(options.strategy, spec.params));
    const needs = Math.max(1, ...each.map(warmupMinutes));
    // Every timeframe any of the lanes reads, the longest warm-up: a lane takes the bars of its own timeframes.
    const requirements: StrategyRequirements = { timeframes: [...new Set(each.flatMap((r) => r.timeframes))], warmupBars: Math.max(0, ...each.map((r) => r.warmupBars)) };
    if (first) this.warmup = needs;
    // Same first bar as the lanes already running, unless these parameters need a longer warm-up.
    const longer = needs > this.warmup;
    const minutes = Math.min(MAX_HISTORY_MINUTES, Math.ceil(Math.max(this.warmup, needs) + elapsed));
    const plans: WarmUpPlan[] = [];
    // Bars seen live so far are closed; later ones reach the new lanes' pending queues.
    const seen = new Map(this.lastSeen);
    for (const symbol of this.symbols) {
      const history = first || longer ? await options.history(symbol, minutes) : await this.historyFromFirstBar(symbol, minutes);
      // At the start the last bar may still be forming; later, every bar the set had seen live is closed.
      const closed = first ? history.slice(0, -1) : history.filter((c) => (longer || c.time >= (this.firstBar.get(symbol) ?? -Infinity)) && (c.time < this.since! || c.time <= (seen.get(symbol) ?? -Infinity)));
      if (first && closed[0]) this.firstBar.set(symbol, closed[0].time);
      // Higher timeframes' own bars before the first 1m bar (as the runner warms up: core/runner/warm-up.ts).
      plans.push(options.bars ? await planWarmUp(symbol, closed, requirements, options.bars) : { seams: [], steps: closed.map((candle) => ({ symbol, timeframe: '1m' as const, candle })) });
    }
    if (this.stopped) return;
    const bars: WarmUpStep[] = inReplayOrder(plans.flatMap((plan) => plan.steps));
    const replayed = new Map<MarketSymbol, number>();
    for (const bar of bars) if (bar.timeframe === '1m') replayed.set(bar.symbol, bar.candle.time);
    if (first) this.since = Math.max(-60_000, ...replayed.values()) + 60_000;
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
      for (const plan of plans) applySeams(lane, plan);
      for (let i = 0; i < bars.length; i++) {
        applyStep(lane, bars[i]!);
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
}

import { TradingEngine } from '../engine/engine.js';
import type { RiskGate } from '../engine/risk-gate.js';
import type { MarketRules } from '../exchange/port.js';
import type { CandleUpdate, MarketSymbol } from '../market/candle.js';
import type { MarketFeed } from '../market/feed.js';
import type { StrategyDefinition, StrategyInstance } from '../strategies/contract.js';
import { parseStrategyParams, type RegisteredStrategy } from '../strategies/registry.js';
import { applySeams, applyStep, feedWarmUp, requirementsOf } from '../runner/warm-up.js';
import { ReadOnlyMarketPort } from './read-only-port.js';

/** One strategy on one symbol: how close it is to acting, and the parts of that score. */
export interface ScannerRow {
  readonly strategy: string;
  readonly symbol: MarketSymbol;
  /** 0–100; null before the strategy has seen enough bars. */
  readonly readiness: number | null;
  readonly components: Readonly<Record<string, number>>;
  /** Why this strategy cannot be scanned (its parameters have no defaults, it threw), else null. */
  readonly problem: string | null;
}

export interface ReadinessScannerOptions {
  /** Every listed strategy: the built-ins are scored, the trader's files are listed as not scanned. */
  readonly strategies: () => readonly RegisteredStrategy[];
  /** The watchlist. */
  readonly symbols: () => readonly MarketSymbol[];
  readonly feed: () => MarketFeed;
  /** The watched market's rules (its paper market). */
  readonly rules: (symbol: MarketSymbol) => MarketRules | null;
  readonly onCandle: (listener: (update: CandleUpdate) => void) => () => void;
}

interface Lane {
  readonly name: string;
  readonly engine: TradingEngine | null;
  readonly symbols: readonly MarketSymbol[];
  readonly components: Map<MarketSymbol, Readonly<Record<string, number>>>;
  problem: string | null;
}

/** Every order a readiness engine would place is refused before it exists. */
const NEVER_TRADE: RiskGate = { check: () => ({ ok: false, reason: 'the Scanner only measures readiness' }) };
export const FILE_NOT_SCANNED = 'not scanned: your strategy file runs only in its sandbox, when you enable a configuration of it or backtest it';
/** Bars fed between yields to the event loop while warming up. */
const SLICE = 5_000;

/**
 * Ranks every watchlist symbol × every strategy by readiness: one lightweight engine per strategy with
 * its default parameters, warmed up on the feed's history and then fed every closed 1m bar, behind a
 * gate that refuses every order (so none is ever placed). Built on first use and rebuilt after the
 * watchlist, the market or the strategies change.
 */
export class ReadinessScanner {
  private lanes: Lane[] | null = null;
  private building: Promise<Lane[]> | null = null;
  private generation = 0;
  private detach: (() => void) | null = null;

  constructor(private readonly options: ReadinessScannerOptions) {}

  async rows(): Promise<ScannerRow[]> {
    const lanes = await this.ensure();
    const rows: ScannerRow[] = [];
    for (const lane of lanes) {
      for (const symbol of lane.symbols) {
        let readiness: number | null = null;
        if (lane.engine && lane.problem === null) readiness = lane.engine.readiness(symbol);
        rows.push({ strategy: lane.name, symbol, readiness, components: lane.components.get(symbol) ?? {}, problem: lane.problem });
      }
    }
    return rows;
  }

  /** Something the scan depends on changed: the next request rebuilds it. */
  invalidate(): void {
    this.generation++;
    this.detach?.();
    this.detach = null;
    for (const lane of this.lanes ?? []) lane.engine?.close();
    this.lanes = null;
    this.building = null;
  }

  private ensure(): Promise<Lane[]> {
    if (this.lanes) return Promise.resolve(this.lanes);
    if (!this.building) {
      const generation = this.generation;
      this.building = this.build().then((lanes) => {
        if (generation !== this.generation) {
          for (const lane of lanes) lane.engine?.close();
          return this.ensure();
        }
        this.lanes = lanes;
        this.detach = this.options.onCandle((update) => {
          if (!update.closed || update.timeframe !== '1m') return;
          for (const lane of lanes) if (lane.symbols.includes(update.symbol)) lane.engine?.onCandle(update.symbol, update.candle);
        });
        return lanes;
      });
    }
    return this.building;
  }

  private async build(): Promise<Lane[]> {
    const symbols = this.options.symbols().filter((symbol) => this.options.rules(symbol) !== null);
    const lanes: Lane[] = [];
    for (const entry of this.options.strategies()) lanes.push(await this.lane(entry, symbols));
    return lanes;
  }

  private async lane(entry: RegisteredStrategy, symbols: readonly MarketSymbol[]): Promise<Lane> {
    const components = new Map<MarketSymbol, Readonly<Record<string, number>>>();
    const lane: Lane = { name: entry.definition.name, engine: null, symbols, components, problem: null };
    // A trader's file runs only in its sandbox and only when the trader acts on it (issue 14): a scan does not start it.
    if (!entry.builtin) return { ...lane, problem: FILE_NOT_SCANNED };
    try {
      const params = parseStrategyParams(entry.definition, {});
      const engine = new TradingEngine({
        strategy: observed(entry.definition, components),
        params,
        symbols,
        exchange: new ReadOnlyMarketPort(this.options.rules),
        budget: 10_000,
        riskGate: NEVER_TRADE,
        driveExchange: false,
        validateIntents: !entry.builtin,
        listener: { onStrategyError: (error) => (lane.problem = error.message) },
      });
      await warmUp(engine, entry.definition, params, symbols, this.options.feed());
      return { ...lane, engine };
    } catch (error) {
      lane.problem = error instanceof Error ? error.message : String(error);
      return lane;
    }
  }
}

/** The definition, with each instance's readiness parts caught as the engine asks for its readiness. */
function observed(definition: StrategyDefinition, components: Map<MarketSymbol, Readonly<Record<string, number>>>): StrategyDefinition {
  // Delegate through the prototype, not a spread: a trader's definition may be a class instance.
  const view = Object.create(definition) as StrategyDefinition;
  Object.defineProperty(view, 'create', {
    value: (params: unknown, symbol: MarketSymbol) => {
      const instance: StrategyInstance = definition.create(params, symbol);
      const parts = instance.readinessComponents?.bind(instance);
      if (!parts) return instance;
      const score = instance.readiness.bind(instance);
      try {
        instance.readiness = (ctx) => {
          const value = score(ctx);
          components.set(symbol, parts(ctx));
          return value;
        };
      } catch {
        // A frozen instance: its score still shows, without the parts.
      }
      return instance;
    },
  });
  return view;
}

/** Replays recent history through the engine (see core/runner/warm-up.ts), yielding to the event loop now and then. */
async function warmUp(engine: TradingEngine, definition: StrategyDefinition, params: unknown, symbols: readonly MarketSymbol[], feed: MarketFeed): Promise<void> {
  const requirements = requirementsOf(definition, params);
  for (const symbol of symbols) {
    const plan = await feedWarmUp(feed, symbol, requirements);
    applySeams(engine, plan);
    for (let i = 0; i < plan.steps.length; i++) {
      applyStep(engine, plan.steps[i]!);
      if (i % SLICE === SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

import { exitReasonSchema, type PositionView } from '../api/contract/trading.js';
import type { StrategyConfigView } from '../api/contract/live-strategies.js';
import { ApiError } from '../api/errors.js';
import { newClientOrderId } from '../exchange/client-order-id.js';
import type { ExchangePort, Fill } from '../exchange/port.js';
import { TradingEngine } from '../engine/engine.js';
import type { RiskGate } from '../engine/risk-gate.js';
import type { MarketSymbol } from '../market/candle.js';
import { timeframeMs } from '../market/candle.js';
import type { RiskControls } from '../risk/controls.js';
import { EngineRiskGate } from '../risk/engine-gate.js';
import type { StrategyConfigRecord, StrategyConfigRepository } from '../store/repositories/strategy-configs.js';
import type { SignalRepository } from '../store/repositories/signals.js';
import type { ExitReason } from '../strategies/contract.js';
import { StrategyError } from '../strategies/strategy-error.js';
import { StrategyRegistry } from '../strategies/registry.js';
import type { EventBus } from './event-bus.js';
import type { HandlerMap } from './handlers.js';
import type { MarketService } from './market-service.js';
import { StrategyLevelBoard } from './strategy-levels.js';
import type { StrategyBook } from './strategy-book.js';
import { LeftoverPositions } from './leftover-positions.js';
import { strategyPositionView } from './strategy-position-view.js';

export interface StrategyRunnerOptions {
  readonly dataDir: string | null;
  readonly configs: StrategyConfigRepository;
  readonly signals: SignalRepository;
  readonly market: MarketService;
  readonly controls: RiskControls;
  readonly events: EventBus;
  /** The account strategies trade on (the journaled paper exchange). */
  readonly exchange: () => ExchangePort | null;
  /** Tells the journal which configuration sent an order (called before the order exists). */
  readonly claimOrder: (clientOrderId: string, strategy: string) => void;
  /** Tells the desk which trade an order's fills belong to and, for an exit, its reason (trade history). */
  readonly attributeOrder?: (clientOrderId: string, tradeId: string, exitReason: ExitReason | null) => void;
  readonly equity: () => number;
  readonly now: () => number;
  /** Where strategy fills' trades and open positions' exit states are saved (positions survive a restart). */
  readonly book?: StrategyBook;
  /** The configuration's orders still working on the account (from the journal), e.g. left by the previous run. */
  readonly workingOrders?: (strategy: string) => readonly { readonly clientOrderId: string; readonly symbol: MarketSymbol }[];
}

interface Running {
  readonly record: StrategyConfigRecord;
  readonly engine: TradingEngine;
  readonly symbols: readonly MarketSymbol[];
  warming: boolean;
  realized: number;
}

/** At most this many 1m bars of history warm a strategy up (a 4h strategy with a long EMA needs days). */
const MAX_WARMUP_MINUTES = 20_000;

/**
 * Runs the trader's enabled strategy configurations live on the paper account, with the same engine
 * the backtester uses: closed 1m bars from the feed in, intents through the engine's order router and
 * the risk gate, orders journaled under the configuration's name. A new instance first replays recent
 * history with every order refused ("warming up"), so its indicators are ready when it goes live.
 */
export class StrategyRunner {
  private readonly running = new Map<string, Running>();
  private registry: StrategyRegistry = StrategyRegistry.builtins();
  private problems = new Map<string, string>();
  private detach: (() => void) | null = null;
  private readonly levels = new StrategyLevelBoard();
  private readonly leftovers: LeftoverPositions | null;

  constructor(private readonly options: StrategyRunnerOptions) {
    const book = options.book;
    this.leftovers = book
      ? new LeftoverPositions({
          book,
          names: () => this.options.configs.list().map((record) => record.name),
          runs: (name, symbol) => this.running.get(name)?.symbols.includes(symbol) === true,
          exchange: () => this.options.exchange(),
          claimOrder: (id, name) => this.options.claimOrder(id, name),
          ...(options.attributeOrder ? { attributeOrder: options.attributeOrder } : {}),
          mark: (symbol) => this.lastPrice(symbol),
        })
      : null;
  }

  async start(): Promise<void> {
    this.registry = await StrategyRegistry.load(this.options.dataDir);
    this.detach = this.options.market.onCandle((update) => {
      if (!update.closed || update.timeframe !== '1m') return;
      for (const run of this.running.values()) {
        if (!run.symbols.includes(update.symbol)) continue;
        run.engine.onCandle(update.symbol, update.candle);
        // Stops, take profits and the trailing stop move with bars: their state is saved as it changes.
        if (!run.warming) this.options.book?.syncExits(run.record.name, update.symbol, run.engine.position(update.symbol));
      }
      this.publishLevels([update.symbol]);
    });
    for (const record of this.options.configs.list()) if (record.enabled) await this.launch(record);
    this.leftovers?.refresh();
  }

  stop(): void {
    this.detach?.();
    for (const [name, run] of this.running) {
      run.engine.close();
      this.levels.forget(name);
    }
    this.running.clear();
    this.leftovers?.stop();
  }

  /** Open strategy positions, for the Positions tab. */
  positions(): PositionView[] {
    const views: PositionView[] = [];
    for (const [name, run] of this.running) {
      for (const symbol of run.symbols) {
        const position = run.engine.position(symbol);
        if (position?.isOpen) views.push(strategyPositionView(name, symbol, position, this.lastPrice(symbol)));
      }
    }
    return [...views, ...(this.leftovers?.views() ?? [])];
  }

  /** Closes a strategy's position at market (from the Positions row); null when no such position. */
  closePosition(name: string, symbol: MarketSymbol): boolean {
    const run = this.running.get(name);
    if (!run?.symbols.includes(symbol)) return this.leftovers?.close(name, symbol) ?? false;
    return run.engine.closePosition(symbol, 'manual', this.options.now()) !== null;
  }

  /**
   * The emergency stop's flatten sold the bot's holding on `port` with orders no engine sent: each
   * engine holding the symbol closes its position from those fills (reason `emergency_stop`), in turn,
   * until the sold quantity is accounted for — so no engine believes in a position that is gone.
   */
  flattened(port: ExchangePort, fills: readonly Fill[]): void {
    if (port !== this.options.exchange()) return;
    for (const fill of fills) {
      if (fill.side !== 'sell') continue;
      let left = fill.amount;
      for (const run of this.running.values()) {
        if (!(left > 0)) break;
        if (!run.symbols.includes(fill.symbol)) continue;
        const taken = run.engine.applyExternalExit({ ...fill, amount: left, fee: (fill.fee * left) / fill.amount }, 'emergency_stop');
        left -= taken;
      }
      if (left > 0 && this.leftovers) this.leftovers.flattened(fill, left);
    }
  }

  /** What resumes on re-arm: every enabled configuration. */
  enabled(): { name: string; symbols: readonly string[]; account: string }[] {
    return [...this.running.values()].map((run) => ({ name: run.record.name, symbols: run.symbols, account: 'paper' }));
  }

  handlers(): HandlerMap {
    return {
      'strategies.configs': async () => this.views(),
      'strategies.save': async (input) => {
        const registered = this.registry.get(input.strategy);
        if (!registered) throw new ApiError('bad_request', `no strategy named "${input.strategy}"; available: ${this.registry.list().map((s) => s.name).join(', ')}`);
        const unknown = input.symbols.filter((symbol) => !this.options.market.current.symbols().includes(symbol));
        if (unknown.length > 0) throw new ApiError('bad_request', `not in the current market: ${unknown.join(', ')}`);
        let record: StrategyConfigRecord;
        try {
          record = this.options.configs.save(input, registered.definition.params);
        } catch (error) {
          throw new ApiError('bad_request', error instanceof Error ? error.message : String(error));
        }
        await this.relaunch(record);
        return this.view(record.name);
      },
      'strategies.setEnabled': async ({ name, enabled }) => {
        const current = this.options.configs.current(name);
        if (!current) throw new ApiError('not_found', `no strategy configuration "${name}"`);
        const registered = this.registry.get(current.strategy);
        if (!registered) throw new ApiError('unavailable', `strategy "${current.strategy}" is not loaded`);
        const record = this.options.configs.save({ name, strategy: current.strategy, params: current.params, symbols: current.symbols, enabled }, registered.definition.params);
        await this.relaunch(record);
        return this.view(name);
      },
      'strategies.signals': async ({ name, limit }) =>
        this.options.signals.recent({ limit, ...(name ? { strategy: name } : {}) }).map((signal) => ({
          id: signal.id,
          time: signal.time,
          strategy: signal.strategy,
          symbol: signal.symbol,
          kind: signal.kind,
          score: signal.score,
          components: { ...signal.components },
          reason: signal.reason,
          outcome: signal.outcome,
        })),
      'strategies.levels': async ({ symbol }) => this.levels.levels(symbol),
    };
  }

  private async relaunch(record: StrategyConfigRecord): Promise<void> {
    const previous = this.running.get(record.name);
    if (previous) {
      previous.engine.close();
      this.running.delete(record.name);
      this.levels.forget(record.name);
    }
    this.problems.delete(record.name);
    if (record.enabled) await this.launch(record);
    // A disabled configuration's position stays on the account: it shows (and closes) as a leftover.
    this.leftovers?.refresh();
    this.options.events.emit('strategies.updated', { configs: this.views() });
    this.publishLevels([...(previous?.symbols ?? []), ...record.symbols]);
  }

  private async launch(record: StrategyConfigRecord): Promise<void> {
    const exchange = this.options.exchange();
    const registered = this.registry.get(record.strategy);
    if (!exchange || !registered) {
      this.problems.set(record.name, !exchange ? 'no trading account yet' : `strategy "${record.strategy}" is not loaded`);
      return;
    }
    const symbols = record.symbols.filter((symbol) => this.options.market.current.symbols().includes(symbol));
    const gate = new EngineRiskGate({ controls: this.options.controls, tierOf: (symbol) => exchange.market(symbol).tier, recordExitsOnCheck: false });
    let run: Running | null = null;
    const warmupGate: RiskGate = {
      check: (order, context) => (run?.warming ? { ok: false, reason: 'warming up on history' } : gate.check(order, context)),
      // The regime scales live entries too (CAUTION halves them); the controls see candles from the market service.
      sizeMultiplier: () => gate.sizeMultiplier(),
    };
    try {
      const engine = new TradingEngine({
        strategy: this.levels.track(record.name, registered.definition),
        params: record.params,
        symbols,
        exchange,
        budget: this.options.equity(),
        riskGate: warmupGate,
        driveExchange: false,
        newOrderId: () => {
          const id = newClientOrderId();
          this.options.claimOrder(id, record.name);
          return id;
        },
        newTradeId: () => `${record.name}-${newClientOrderId().slice(2, 10)}`,
        validateIntents: !registered.builtin,
        listener: {
          onFill: (fill) => {
            if (run?.warming) return;
            this.options.book?.recordFill(record.name, fill);
            this.options.book?.syncExits(record.name, fill.symbol, run?.engine.position(fill.symbol) ?? null);
            const exitReason = fill.purpose === 'exit' ? exitReasonSchema.safeParse(fill.reason) : null;
            this.options.attributeOrder?.(fill.orderId, fill.tradeId, exitReason?.success ? exitReason.data : null);
            this.options.signals.record({ time: fill.time, strategy: record.name, symbol: fill.symbol, timeframe: null, kind: fill.purpose, score: null, components: {}, reason: fill.reason, outcome: `filled ${fill.qty} @ ${fill.price}` });
          },
          onTrade: (trade) => {
            if (!run || run.warming) return;
            run.realized += trade.pnl;
            this.options.controls.recordExit({ time: trade.exitTime, symbol: trade.symbol, strategy: record.name, reason: trade.reason, closed: true, tier: exchange.market(trade.symbol).tier });
          },
          onRiskEvent: (event) => {
            if (run?.warming || event.detail.includes('warming up')) return;
            this.options.signals.record({ time: event.time, strategy: record.name, symbol: symbols[0]!, timeframe: null, kind: event.kind, score: null, components: {}, reason: event.detail, outcome: 'blocked' });
          },
          onStrategyError: (error) => this.problems.set(record.name, error.message),
        },
      });
      run = { record, engine, symbols, warming: true, realized: 0 };
      this.running.set(record.name, run);
      await this.cancelOrphanedOrders(record.name, exchange);
      const minutes = Math.min(MAX_WARMUP_MINUTES, Math.ceil((registered.definition.warmupBars + 2) * maxTimeframeMinutes(registered.definition.timeframes)));
      for (const symbol of symbols) {
        const history = await this.options.market.current.history(symbol, '1m', minutes);
        // The last bar may still be forming; warm up on closed bars only.
        for (const candle of history.slice(0, -1)) engine.onCandle(symbol, candle);
      }
      // After the warm-up (whose bars predate the position: its exits must not fire on them), before
      // the first live bar: the position the configuration held, with its exits re-armed as they were.
      for (const [symbol, restored] of this.options.book?.restore(record.name) ?? []) {
        if (symbols.includes(symbol)) engine.restorePosition(restored.position, restored.exits);
      }
      run.warming = false;
      this.levels.goLive(record.name);
    } catch (error) {
      this.running.delete(record.name);
      this.levels.forget(record.name);
      this.problems.set(record.name, error instanceof StrategyError || error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Orders of the configuration still working from its previous run (before a restart or a relaunch):
   * no engine knows what they were for (which trade, which exits), so they are cancelled before the new
   * engine starts; the strategy places what it still wants. What filled meanwhile is in its position.
   */
  private async cancelOrphanedOrders(name: string, exchange: ExchangePort): Promise<void> {
    for (const order of this.options.workingOrders?.(name) ?? []) {
      const result = await exchange.cancelOrder(order.clientOrderId, order.symbol).catch((error: unknown) => ({ outcome: 'failed' as const, error: error instanceof Error ? error.message : String(error) }));
      this.options.signals.record({
        time: this.options.now(),
        strategy: name,
        symbol: order.symbol,
        timeframe: null,
        kind: 'orphan_cancel',
        score: null,
        components: {},
        reason: `order ${order.clientOrderId} left working by the previous run`,
        outcome: result.outcome === 'failed' ? `cancel failed: ${result.error ?? 'unknown reason'} (cancel it from Open Orders)` : result.outcome,
      });
    }
  }

  /** Tells the chart about symbols whose strategy levels moved (a grid set up, filled or cancelled). */
  private publishLevels(symbols: readonly MarketSymbol[]): void {
    for (const symbol of new Set(symbols)) {
      const levels = this.levels.changed(symbol);
      if (levels) this.options.events.emit('strategies.levels', { symbol, levels });
    }
  }

  private views(): StrategyConfigView[] {
    return this.options.configs.list().map((record) => this.view(record.name));
  }

  private view(name: string): StrategyConfigView {
    const record = this.options.configs.current(name);
    if (!record) throw new ApiError('not_found', `no strategy configuration "${name}"`);
    const run = this.running.get(name);
    const readiness: Record<string, number | null> = {};
    for (const symbol of record.symbols) readiness[symbol] = run && !run.warming ? run.engine.readiness(symbol) : null;
    const problem = this.problems.get(name);
    return {
      name,
      strategy: record.strategy,
      version: record.version,
      params: (record.params ?? {}) as Record<string, unknown>,
      symbols: [...record.symbols],
      enabled: record.enabled,
      state: problem ? `error: ${problem}` : !record.enabled ? 'stopped' : run?.warming ? 'warming up' : run ? 'running' : 'stopped',
      readiness,
      openPositions: run ? run.symbols.filter((symbol) => run.engine.position(symbol)?.isOpen).length : 0,
      realizedPnl: run?.realized ?? 0,
    };
  }

  private lastPrice(symbol: MarketSymbol): number | null {
    const exchange = this.options.exchange();
    const venue = exchange as (ExchangePort & { lastCandleClose?: (s: MarketSymbol) => number | null }) | null;
    return venue?.lastCandleClose?.(symbol) ?? null;
  }
}

function maxTimeframeMinutes(timeframes: readonly string[]): number {
  return Math.max(1, ...timeframes.map((tf) => timeframeMs(tf as Parameters<typeof timeframeMs>[0]) / 60_000));
}

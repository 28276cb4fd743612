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
import { LiveStrategyPort } from './live-strategy-port.js';
import { LiveLeftovers } from './live-leftovers.js';
import { accountExchange, marketDrives, watchMarketsFirst } from './live-market-check.js';
import { RefusalEpisodes } from './refusal-episodes.js';
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
  /** Tells the journal which configuration sent an order on `account` (called before the order exists). */
  readonly claimOrder: (clientOrderId: string, strategy: string, account: string) => void;
  /** The port strategies trade through on an armed live account (`<exchange>:<label>`); null when not armed. */
  readonly livePort?: (account: string) => LiveStrategyPort | null;
  /** True when `account` names a configured live account (armed or not). */
  readonly knowsAccount?: (account: string) => boolean;
  /** Where a live account's strategy fills' trades and exit states are saved. */
  readonly liveBook?: (account: string) => StrategyBook;
  /** True while HALTED: no configuration is switched on on a live account then. */
  readonly halted?: () => boolean;
  /** Tells the desk which trade an order's fills belong to and, for an exit, its reason (trade history). */
  readonly attributeOrder?: (clientOrderId: string, tradeId: string, exitReason: ExitReason | null) => void;
  readonly equity: () => number;
  readonly now: () => number;
  /** Where strategy fills' trades and open positions' exit states are saved (positions survive a restart). */
  readonly book?: StrategyBook;
  /** The configuration's orders still working on the account (from the journal), e.g. left by the previous run. */
  readonly workingOrders?: (strategy: string, account: string) => readonly { readonly clientOrderId: string; readonly symbol: MarketSymbol }[];
}

interface Running {
  readonly record: StrategyConfigRecord;
  readonly engine: TradingEngine;
  /** The account's port the engine trades through, and the book its positions are saved in. */
  readonly exchange: ExchangePort;
  readonly book: StrategyBook | null;
  readonly symbols: readonly MarketSymbol[];
  warming: boolean;
  realized: number;
}

/** At most this many 1m bars of history warm a strategy up (a 4h strategy with a long EMA needs days). */
const MAX_WARMUP_MINUTES = 20_000;

const PAPER = 'paper';

/**
 * Runs the trader's enabled strategy configurations live on the paper account or an armed live account, with the same engine
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
  /** Positions configurations left on live accounts (switched off, account disarmed). */
  private readonly liveLeftovers: LiveLeftovers;

  constructor(private readonly options: StrategyRunnerOptions) {
    const book = options.book;
    this.leftovers = book
      ? new LeftoverPositions({
          book,
          names: () => this.options.configs.list().map((record) => record.name),
          runs: (name, symbol) => this.running.get(name)?.symbols.includes(symbol) === true,
          exchange: () => this.options.exchange(),
          claimOrder: (id, name) => this.options.claimOrder(id, name, PAPER),
          ...(options.attributeOrder ? { attributeOrder: options.attributeOrder } : {}),
          mark: (symbol) => this.lastPrice(symbol),
        })
      : null;
    this.liveLeftovers = new LiveLeftovers({
      configs: () => this.options.configs.list(),
      runs: (name, symbol) => this.running.get(name)?.symbols.includes(symbol) === true,
      book: (account) => this.options.liveBook?.(account) ?? null,
      port: (account) => this.options.livePort?.(account) ?? null,
      claimOrder: (id, name, account) => this.options.claimOrder(id, name, account),
      ...(options.attributeOrder ? { attributeOrder: options.attributeOrder } : {}),
      // Marked only while the terminal watches that account's exchange (other prices would mislead).
      mark: (account, symbol) => (marketDrives(this.options.market.source(), account) ? this.lastPrice(symbol) : null),
    });
  }

  async start(): Promise<void> {
    this.registry = await StrategyRegistry.load(this.options.dataDir);
    this.detach = this.options.market.onCandle((update) => {
      if (!update.closed || update.timeframe !== '1m') return;
      for (const run of this.running.values()) {
        if (!run.symbols.includes(update.symbol)) continue;
        run.engine.onCandle(update.symbol, update.candle);
        // Stops, take profits and the trailing stop move with bars: their state is saved as it changes.
        if (!run.warming) run.book?.syncExits(run.record.name, update.symbol, run.engine.position(update.symbol));
      }
      this.publishLevels([update.symbol]);
    });
    for (const record of this.options.configs.list()) if (record.enabled) await this.launch(record);
    this.refreshLeftovers();
  }

  stop(): void {
    this.detach?.();
    for (const [name, run] of this.running) {
      run.engine.close();
      this.levels.forget(name);
    }
    this.running.clear();
    this.leftovers?.stop();
    this.liveLeftovers.stop();
  }

  /** Open strategy positions, for the Positions tab. */
  positions(): PositionView[] {
    const views: PositionView[] = [];
    for (const [name, run] of this.running) {
      for (const symbol of run.symbols) {
        const position = run.engine.position(symbol);
        if (position?.isOpen) views.push(strategyPositionView(name, symbol, position, this.lastPrice(symbol), run.record.account));
      }
    }
    return [...views, ...(this.leftovers?.views() ?? []), ...this.liveLeftovers.views()];
  }

  /** Closes a strategy's position at market (from the Positions row); null when no such position. */
  closePosition(name: string, symbol: MarketSymbol): boolean {
    const run = this.running.get(name);
    if (!run?.symbols.includes(symbol)) {
      const account = this.options.configs.current(name)?.account ?? PAPER;
      if (account === PAPER) return this.leftovers?.close(name, symbol) ?? false;
      if (!this.options.livePort?.(account)) throw new ApiError('rejected', `Arm live account ${account.slice(account.indexOf(':') + 1)} before closing ${name}'s ${symbol} position`);
      return this.liveLeftovers.close(account, name, symbol);
    }
    return run.engine.closePosition(symbol, 'manual', this.options.now()) !== null;
  }

  /**
   * The emergency stop's flatten sold the bot's holding on `port` with orders no engine sent: each
   * engine holding the symbol closes its position from those fills (reason `emergency_stop`), in turn,
   * until the sold quantity is accounted for — so no engine believes in a position that is gone.
   */
  flattened(port: ExchangePort, fills: readonly Fill[]): void {
    const paper = port === this.options.exchange();
    for (const fill of fills) {
      if (fill.side !== 'sell') continue;
      let left = fill.amount;
      for (const run of this.running.values()) {
        if (!(left > 0)) break;
        const runPort = run.exchange instanceof LiveStrategyPort ? run.exchange.journaled : run.exchange;
        if (runPort !== port || !run.symbols.includes(fill.symbol)) continue;
        const taken = run.engine.applyExternalExit({ ...fill, amount: left, fee: (fill.fee * left) / fill.amount }, 'emergency_stop');
        left -= taken;
      }
      if (paper && left > 0 && this.leftovers) this.leftovers.flattened(fill, left);
      else if (!paper && left > 0) this.liveLeftovers.flattened(port, fill, left);
    }
  }

  /** A loaded strategy (built-in or the trader's file) by name: shadow variants run the same definition. */
  strategy(name: string) {
    return this.registry.get(name) ?? null;
  }

  /** What resumes on re-arm: every enabled configuration. */
  enabled(): { name: string; symbols: readonly string[]; account: string }[] {
    return [...this.running.values()].map((run) => ({ name: run.record.name, symbols: run.symbols, account: run.record.account }));
  }

  /**
   * The trader disarms a live account: its configurations stop placing orders (their engines close and
   * they are switched off — running them again needs the account armed again) and their working orders
   * there are cancelled while the connection is still up, so nothing rests at the venue unwatched.
   */
  async accountDisarmed(account: string): Promise<void> {
    for (const record of this.options.configs.list()) {
      if (record.account !== account || !record.enabled) continue;
      const run = this.running.get(record.name);
      if (run) {
        run.engine.close();
        this.running.delete(record.name);
        this.levels.forget(record.name);
        await this.cancelOrphanedOrders(record.name, run.exchange, `${account} was disarmed`);
      }
      const registered = this.registry.get(record.strategy);
      if (registered) this.options.configs.save({ ...record, enabled: false }, registered.definition.params);
      this.problems.delete(record.name);
    }
    // What they hold stays at the venue: it shows (and, armed again, closes) as a leftover.
    this.refreshLeftovers();
    this.options.events.emit('strategies.updated', { configs: this.views() });
  }

  /**
   * Why switching the market to `exchange` (null: the simulated market) would take the market data away
   * from a configuration running live on another exchange's account — refused then, since its engine
   * would trade real money on other prices; null when nothing stands in the way.
   */
  marketSwitchBlocked(exchange: string | null): string | null {
    const live = [...this.running.values()].filter((run) => run.record.account !== PAPER && accountExchange(run.record.account) !== exchange);
    if (live.length === 0) return null;
    const names = live.map((run) => run.record.name).join(', ');
    const venue = accountExchange(live[0]!.record.account);
    return `${names} ${live.length === 1 ? 'trades' : 'trade'} live on ${venue} market data: switch ${live.length === 1 ? 'it' : 'them'} off (Strategies) before switching the market`;
  }

  /** Live accounts connected (at start, after the runner): enabled configurations waiting for theirs start now. */
  async accountsChanged(): Promise<void> {
    let changed = false;
    for (const record of this.options.configs.list()) {
      if (!record.enabled || record.account === PAPER || this.running.has(record.name)) continue;
      if (!this.options.livePort?.(record.account)) continue;
      this.problems.delete(record.name);
      await this.launch(record);
      changed = true;
    }
    if (changed) this.refreshLeftovers();
    if (changed) this.options.events.emit('strategies.updated', { configs: this.views() });
  }

  handlers(): HandlerMap {
    return {
      'strategies.configs': async () => this.views(),
      'strategies.save': async (input) => {
        const registered = this.registry.get(input.strategy);
        if (!registered) throw new ApiError('bad_request', `no strategy named "${input.strategy}"; available: ${this.registry.list().map((s) => s.name).join(', ')}`);
        const unknown = input.symbols.filter((symbol) => !this.options.market.current.symbols().includes(symbol));
        if (unknown.length > 0) throw new ApiError('bad_request', `not in the current market: ${unknown.join(', ')}`);
        this.checkAccount(input.name, input.account, input.enabled, input.symbols);
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
        if (enabled) this.checkAccount(name, current.account, enabled, current.symbols);
        const record = this.options.configs.save({ name, strategy: current.strategy, params: current.params, symbols: current.symbols, enabled, account: current.account }, registered.definition.params);
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

  /**
   * A configuration runs on paper, or on a live account the trader armed deliberately: switching one on
   * for a live account needs that account armed, trading not HALTED, and its symbols listed at the venue.
   */
  private checkAccount(name: string, account: string, enabled: boolean, symbols: readonly MarketSymbol[]): void {
    if (account === PAPER) return;
    if (!this.options.knowsAccount?.(account)) throw new ApiError('bad_request', `no account "${account}": choose paper or a live account from Settings → Accounts`);
    if (!enabled) return;
    const port = this.options.livePort?.(account) ?? null;
    const label = account.slice(account.indexOf(':') + 1);
    if (!port) throw new ApiError('rejected', `Arm live account ${label} before running ${name} on it`);
    if (this.options.halted?.()) throw new ApiError('halted', `Halyard is HALTED (emergency stop): re-arm before running ${name} on live account ${label}`);
    if (!marketDrives(this.options.market.source(), account)) throw new ApiError('rejected', watchMarketsFirst(account, name));
    const missing = symbols.filter((symbol) => {
      try {
        port.market(symbol);
        return false;
      } catch {
        return true;
      }
    });
    if (missing.length > 0) throw new ApiError('bad_request', `${account} does not list ${missing.join(', ')}`);
  }

  private async relaunch(record: StrategyConfigRecord): Promise<void> {
    const previous = this.running.get(record.name);
    if (previous) {
      previous.engine.close();
      this.running.delete(record.name);
      this.levels.forget(record.name);
      // Switched off on (or moved away from) a live account: nothing of it may keep working at the venue unwatched.
      const leaves = !record.enabled || record.account !== previous.record.account;
      if (leaves && previous.record.account !== PAPER) await this.cancelOrphanedOrders(record.name, previous.exchange, record.enabled ? `cancelled: moved to ${record.account}` : 'cancelled: switched off');
    }
    this.problems.delete(record.name);
    if (record.enabled) await this.launch(record);
    // A disabled configuration's position stays on the account: it shows (and closes) as a leftover.
    this.refreshLeftovers();
    this.options.events.emit('strategies.updated', { configs: this.views() });
    this.publishLevels([...(previous?.symbols ?? []), ...record.symbols]);
  }

  private async launch(record: StrategyConfigRecord): Promise<void> {
    const live = record.account !== PAPER;
    const exchange = live ? (this.options.livePort?.(record.account) ?? null) : this.options.exchange();
    const registered = this.registry.get(record.strategy);
    if (!exchange || !registered) {
      const noAccount = live ? `live account ${record.account} is not armed` : 'no trading account yet';
      this.problems.set(record.name, !exchange ? noAccount : `strategy "${record.strategy}" is not loaded`);
      return;
    }
    // Waits (enabled) until the trader watches the account's exchange: another market never drives live orders.
    if (live && !marketDrives(this.options.market.source(), record.account)) {
      this.problems.set(record.name, watchMarketsFirst(record.account, record.name));
      return;
    }
    const book = live ? (this.options.liveBook?.(record.account) ?? null) : (this.options.book ?? null);
    // Sizes that are fractions of equity: the live account's quote balance, the paper account's equity.
    const budget = live ? await liveBudget(exchange, record.symbols) : this.options.equity();
    const symbols = record.symbols.filter((symbol) => this.options.market.current.symbols().includes(symbol));
    const gate = new EngineRiskGate({ controls: this.options.controls, tierOf: (symbol) => exchange.market(symbol).tier, recordExitsOnCheck: false });
    let run: Running | null = null;
    const refusals = new RefusalEpisodes();
    const warmupGate: RiskGate = {
      check: (order, context) => (run?.warming ? { ok: false, reason: 'warming up on history' } : refusals.checked(order, gate.check(order, context))),
      // The regime scales live entries too (CAUTION halves them); the controls see candles from the market service.
      sizeMultiplier: () => gate.sizeMultiplier(),
    };
    try {
      // A trader's file: loaded into a sandbox of its own now (the trader enabled it), closed with the engine.
      const strategy = await this.registry.runnable(record.strategy, [record.params], { views: true });
      const engine = new TradingEngine({
        strategy: this.levels.track(record.name, strategy),
        params: record.params,
        symbols,
        exchange,
        budget,
        riskGate: warmupGate,
        driveExchange: false,
        newOrderId: () => {
          const id = newClientOrderId();
          this.options.claimOrder(id, record.name, record.account);
          return id;
        },
        newTradeId: () => `${record.name}-${newClientOrderId().slice(2, 10)}`,
        validateIntents: !registered.builtin,
        listener: {
          onFill: (fill) => {
            if (run?.warming) return;
            book?.recordFill(record.name, fill);
            book?.syncExits(record.name, fill.symbol, run?.engine.position(fill.symbol) ?? null);
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
            // A refusal repeating its logged episode (same rule, same symbol) is not logged again.
            const refused = refusals.classify(event);
            if (refused === 'skip') return;
            this.options.signals.record({ time: event.time, strategy: record.name, symbol: refused ?? symbols[0]!, timeframe: null, kind: event.kind, score: null, components: {}, reason: event.detail, outcome: 'blocked' });
          },
          onStrategyError: (error) => {
            this.problems.set(record.name, error.message);
            if (error.fatal) this.strategyStopped(record.name, error);
          },
        },
      });
      run = { record, engine, exchange, book, symbols, warming: true, realized: 0 };
      this.running.set(record.name, run);
      await this.cancelOrphanedOrders(record.name, exchange);
      const minutes = Math.min(MAX_WARMUP_MINUTES, Math.ceil((strategy.warmupBars + 2) * maxTimeframeMinutes(strategy.timeframes)));
      for (const symbol of symbols) {
        const history = await this.options.market.current.history(symbol, '1m', minutes);
        // The last bar may still be forming; warm up on closed bars only.
        for (const candle of history.slice(0, -1)) engine.onCandle(symbol, candle);
      }
      // A sandboxed file decides asynchronously: the warm-up is over once its last decision came back.
      await engine.settled();
      // After the warm-up (whose bars predate the position: its exits must not fire on them), before
      // the first live bar: the position the configuration held, with its exits re-armed as they were.
      for (const [symbol, restored] of book?.restore(record.name) ?? []) {
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

  /** A sandboxed file went over its budget or memory cap: the configuration stops, and the events feed says why. */
  private strategyStopped(name: string, error: StrategyError): void {
    this.options.controls.events.record({ time: this.options.now(), kind: 'strategy_stopped', detail: `${name}: ${error.message}`, strategy: name, symbol: error.symbol });
    this.options.events.emit('strategies.updated', { configs: this.views() });
  }

  /**
   * Orders of the configuration still working from its previous run (before a restart or a relaunch):
   * no engine knows what they were for (which trade, which exits), so they are cancelled before the new
   * engine starts; the strategy places what it still wants. What filled meanwhile is in its position.
   */
  private async cancelOrphanedOrders(name: string, exchange: ExchangePort, why = 'left working by the previous run'): Promise<void> {
    const account = exchange instanceof LiveStrategyPort ? exchange.journaled.venue : PAPER;
    for (const order of this.options.workingOrders?.(name, account) ?? []) {
      const result = await exchange.cancelOrder(order.clientOrderId, order.symbol).catch((error: unknown) => ({ outcome: 'failed' as const, error: error instanceof Error ? error.message : String(error) }));
      this.options.signals.record({
        time: this.options.now(),
        strategy: name,
        symbol: order.symbol,
        timeframe: null,
        kind: 'orphan_cancel',
        score: null,
        components: {},
        reason: `order ${order.clientOrderId} ${why}`,
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
      account: record.account,
      state: problem ? `error: ${problem}` : !record.enabled ? 'stopped' : run?.warming ? 'warming up' : run ? 'running' : 'stopped',
      readiness,
      openPositions: run ? run.symbols.filter((symbol) => run.engine.position(symbol)?.isOpen).length : 0,
      realizedPnl: run?.realized ?? 0,
    };
  }

  private refreshLeftovers(): void {
    this.leftovers?.refresh();
    this.liveLeftovers.refresh();
  }

  private lastPrice(symbol: MarketSymbol): number | null {
    const exchange = this.options.exchange();
    const venue = exchange as (ExchangePort & { lastCandleClose?: (s: MarketSymbol) => number | null }) | null;
    return venue?.lastCandleClose?.(symbol) ?? null;
  }
}

/** The quote currency the configuration's symbols trade against, as held on the live account. */
async function liveBudget(exchange: ExchangePort, symbols: readonly MarketSymbol[]): Promise<number> {
  const quote = symbols[0]?.split('/')[1];
  const balances = await exchange.fetchBalances().catch(() => []);
  return balances.find((balance) => balance.currency === quote)?.total ?? 0;
}

function maxTimeframeMinutes(timeframes: readonly string[]): number {
  return Math.max(1, ...timeframes.map((tf) => timeframeMs(tf as Parameters<typeof timeframeMs>[0]) / 60_000));
}

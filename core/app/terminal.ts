import type { AppStatus } from '../api/contract/app.js';
import type { Handlers } from '../api/contract/index.js';
import { createBacktestHandlers } from '../backtest/api-handlers.js';
import type { MarketFeed } from '../market/feed.js';
import { createReplayFeed, createSimulatedFeed } from '../market/sources.js';
import type { StopAccount } from '../risk/emergency-stop.js';
import { HaltSwitch, type HaltStateRepository } from '../risk/halt.js';
import { OrderJournal } from '../risk/journal.js';
import { RiskService } from '../risk/service.js';
import { terminalConfigSchema, type TerminalConfig, type TerminalConfigInput } from './config.js';
import { EventBus } from './event-bus.js';
import { exchangesHandlers } from './exchanges-handlers.js';
import { mergeHandlers, type HandlerMap } from './handlers.js';
import { MarketService } from './market-service.js';
import { TerminalStorage } from './storage.js';
import { StrategyRunner } from './strategy-runner.js';
import { StrategyShadows } from './strategy-shadows.js';
import { StrategyBook } from './strategy-book.js';
import { openExchangeFeed } from './market-sources.js';
import { RateBudgets } from '../exchange/rate-budget.js';
import { ApiError } from '../api/errors.js';
import type { CommandParsedArgs, CommandResult } from '../api/contract/index.js';
import { TradingDesk } from './trading-desk.js';
import { PnlService } from './pnl-service.js';
import { DataService } from './data-service.js';
import { LiveAccounts } from './live-accounts.js';
import { APP_VERSION } from './version.js';
import { importsDir } from '../backtest/import-path.js';
import { userStrategiesDir } from '../strategies/registry.js';

export interface TerminalDependencies {
  readonly now?: () => number;
  readonly haltRepository?: HaltStateRepository;
  /** Defaults to the keychain + encrypted store in `config.dataDir`; tests pass `TerminalStorage.inMemory()`. */
  readonly storage?: TerminalStorage;
  /** Extra domain handlers (accounts, orders, …) built by the composition root. */
  readonly extraHandlers?: HandlerMap[];
  /** Connected trading accounts (paper, live): what the emergency stop cancels on, reconciliation checks and flatten closes. */
  readonly tradingAccounts?: () => readonly StopAccount[];
}

/**
 * The composition root: builds the core's services from one validated config and exposes
 * them as the typed API plus an event bus. Hosts (Electron main, the web host, tests) only
 * ever see `handlers` and `events`.
 */
export class Terminal {
  readonly events = new EventBus();
  readonly handlers: Handlers;
  readonly market: MarketService;
  /** Risk controls, emergency stop, flatten, reconciliation and the `risk.*` API. */
  readonly risk: RiskService;
  /** The paper account, manual orders and positions (`orders.*`, `positions.*`, …). */
  readonly desk: TradingDesk;
  /** Realized/unrealized P&L and the equity curve of the paper account (`pnl.*`). */
  readonly pnl: PnlService;
  /** The trader's strategy configurations running live on the paper account. */
  readonly strategies: StrategyRunner;
  /** Parameter variants shadowing each enabled configuration on the same bars, without orders. */
  readonly shadows: StrategyShadows;
  /** Candle history: backfill jobs with progress and cancel, stored coverage (`data.*`). */
  readonly data: DataService;
  /** Exchange accounts the trader armed for live trading. */
  readonly live: LiveAccounts;
  private readonly unsubscribers: (() => void)[] = [];
  /** One request budget per exchange account, shared by every user of it. */
  private readonly budgets = new RateBudgets();

  private constructor(
    readonly config: TerminalConfig,
    feed: MarketFeed,
    private readonly halt: HaltSwitch,
    private readonly now: () => number,
    /** Keychain + encrypted store (or the labelled in-memory fallback); `storage.store` has the repositories. */
    readonly storage: TerminalStorage,
    extraHandlers: HandlerMap[],
    tradingAccounts: () => readonly StopAccount[] = () => [],
  ) {
    this.market = new MarketService(feed, this.events);
    const store = storage.store;
    const journal = new OrderJournal(store.orders, store.fills, now);
    // Late-bound: the desk needs the risk controls, the risk service needs the desk's accounts.
    const desk = (): TradingDesk => this.desk;
    this.risk = new RiskService({
      halt,
      accounts: () => [...desk().accounts(), ...this.live.stopAccounts(), ...tradingAccounts()],
      portfolio: () => desk().portfolio(),
      strategies: () => this.strategies.enabled(),
      onFlattenFills: (account, fills) => this.strategies.flattened(account.port, fills),
      settings: store.settings,
      audit: store.audit,
      journal,
      emit: (name, payload) => this.events.emit(name, payload),
      now,
    });
    this.live = new LiveAccounts({
      store,
      accounts: storage.accounts,
      journal,
      halt,
      budgets: this.budgets,
      onChange: () => this.events.emit('app.status', this.status()),
      onOrderUpdate: (clientOrderId) => this.desk.announceOrder(clientOrderId),
      onFills: (fills) => this.desk.announceLiveFills(fills),
      onDisarm: (venue) => this.strategies.accountDisarmed(venue),
      // Live positions are marked only when the terminal watches that exchange's market.
      markPrice: (exchange, symbol) => (this.market.source().exchange === exchange ? this.desk.markPrice(symbol) : null),
    });
    this.desk = new TradingDesk({ market: this.market, journal, halt, controls: this.risk.controls, events: this.events, now, livePort: (venue) => this.live.port(venue), paperAccount: store.paper, live: this.live, fillTrade: (venue, fillId) => store.trades.forFill(venue, fillId)[0] ?? null });
    this.strategies = new StrategyRunner({
      dataDir: storage.store.location.persistent ? config.dataDir : null,
      configs: store.strategies,
      signals: store.signals,
      market: this.market,
      controls: this.risk.controls,
      events: this.events,
      exchange: () => this.desk.port,
      claimOrder: (id, name, account) => (account === 'paper' ? this.desk.claimOrder(id, name) : this.live.claimOrder(id, name)),
      livePort: (account) => this.live.strategyPort(account),
      knowsAccount: (account) => this.live.knows(account),
      liveBook: (account) => new StrategyBook(store.trades, account),
      halted: () => halt.halted,
      attributeOrder: (id, tradeId, exitReason) => this.desk.attributeOrder(id, tradeId, exitReason),
      equity: () => this.desk.portfolio()?.equity ?? 0,
      now,
      book: new StrategyBook(store.trades, 'paper'),
      workingOrders: (name, account) => journal.orders.live(account).filter((order) => order.strategy === name),
    });
    this.shadows = new StrategyShadows({
      configs: store.strategies,
      variants: store.shadows,
      market: this.market,
      events: this.events,
      strategy: (name) => this.strategies.strategy(name),
      marketRules: (symbol) => {
        try {
          return this.desk.port?.market(symbol) ?? null;
        } catch {
          return null;
        }
      },
      cash: () => this.desk.portfolio()?.equity ?? 0,
      riskConfig: () => this.risk.controls.config,
      // Promoting a variant saves the next version the way the Parameters editor does.
      save: (input) => this.handlers['strategies.save'](input),
    });
    this.pnl = new PnlService({ desk: this.desk, market: this.market, orders: journal.orders, now, sinceFill: () => store.paper.resetFillSeq('paper') });
    this.desk.attachStrategies(
      () => this.strategies.positions(),
      (name, symbol) => this.strategies.closePosition(name, symbol),
    );
    this.data = new DataService({
      candles: store.candles,
      spikeFlags: store.settings,
      unavailable: () => (store.location.persistent ? null : (storage.databaseHealth.message ?? 'the encrypted database is not open')),
      budgets: this.budgets,
      emit: (job) => this.events.emit('data.progress', job),
      now,
    });
    this.handlers = mergeHandlers(
      this.appHandlers(),
      this.market.handlers(),
      exchangesHandlers(),
      ...storage.handlers(),
      this.risk.handlers(),
      this.desk.handlers(),
      this.pnl.handlers(),
      this.strategies.handlers(),
      this.shadows.handlers(),
      this.data.handlers(),
      this.live.handlers(),
      createBacktestHandlers({
        dataDir: config.dataDir,
        candleStore: store.candles,
        emitProgress: (payload) => this.events.emit('backtest.progress', payload),
        riskConfig: () => this.risk.controls.config,
      }),
      ...extraHandlers,
    );
  }

  static async create(input: TerminalConfigInput, dependencies: TerminalDependencies = {}): Promise<Terminal> {
    const config = terminalConfigSchema.parse(input);
    const now = dependencies.now ?? Date.now;
    const storage = dependencies.storage ?? (await TerminalStorage.open(config, now));
    let feed: MarketFeed;
    try {
      feed =
        config.market.kind === 'simulated'
          ? createSimulatedFeed({ seed: config.market.seed, speed: config.speed, historyMinutes: config.historyMinutes, now, tickMs: config.tickMs, notBefore: storage.store.fills.latestTime() })
          : await createReplayFeed({ file: config.market.file, speed: config.speed, tickMs: config.tickMs });
    } catch (error) {
      if (!dependencies.storage) storage.close();
      throw error;
    }
    const halt = new HaltSwitch(dependencies.haltRepository ?? storage.store.halt, now);
    const terminal = new Terminal(config, feed, halt, now, storage, dependencies.extraHandlers ?? [], dependencies.tradingAccounts);
    await terminal.start();
    return terminal;
  }

  status(): AppStatus {
    return {
      version: APP_VERSION,
      dataSource: this.market.source(),
      connection: this.market.connection(),
      mode: this.live.mode(),
      halt: this.halt.current,
      keychain: this.storage.keychainHealth,
      database: this.storage.databaseHealth,
      liveAccounts: this.live.health(),
      folders: { data: this.config.dataDir, strategies: userStrategiesDir(this.config.dataDir), imports: importsDir(this.config.dataDir) },
      serverTime: this.now(),
    };
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.shadows.stop();
    this.strategies.stop();
    this.desk.stop();
    await this.live.close();
    await this.market.stop();
    await this.data.stop();
    this.storage.close();
  }

  private async start(): Promise<void> {
    this.unsubscribers.push(
      this.market.onConnectionChange(() => this.events.emit('app.status', this.status())),
      this.halt.onChange(() => this.events.emit('app.status', this.status())),
      this.storage.recordHalts(this.halt),
      // Fills that reconciliation found reach the fill list and live positions like streamed ones.
      this.events.subscribe((name) => {
        if (name === 'risk.reconciled') this.live.syncFills();
      }),
      // The regime and volatility switches follow the closed 1m bars of the market the terminal watches.
      this.market.onCandle((update) => {
        if (update.closed && update.timeframe === '1m') this.risk.controls.observeCandle(update.symbol, update.candle);
      }),
    );
    await this.market.start();
    await this.desk.start();
    await this.strategies.start();
    await this.shadows.start();
    await this.live.start();
    // Configurations on live accounts left armed start once their account is connected again.
    await this.strategies.accountsChanged();
    // Journal vs exchanges before anything trades; the gate refuses every order until it is done.
    if (this.risk.reconciler) {
      void this.risk.reconcile('start').catch((error: unknown) =>
        this.risk.controls.events.record({ time: this.now(), kind: 'reconcile_failed', detail: `reconciliation at start failed: ${error instanceof Error ? error.message : String(error)}` }),
      );
    }
  }

  private appHandlers(): HandlerMap {
    return {
      'app.status': async () => this.status(),
      // HALTED is persisted in the first turn of this call; the response waits for the per-order cancel results.
      'risk.emergencyStop': async ({ source, reason, flatten }) => this.risk.emergencyStop(source, reason ?? 'Emergency Stop pressed', flatten === true),
      'risk.rearm': async () => this.risk.rearm('user'),
      'market.setSource': (request) => this.switchMarket(request),
    };
  }

  /**
   * Switches the market the terminal shows and paper-trades on. An exchange that cannot be reached
   * leaves the terminal on the simulated market with a banner saying why. Refused while the paper
   * account has positions or working orders: they belong to the market they were opened on.
   */
  private async switchMarket(request: CommandParsedArgs<'market.setSource'>): Promise<CommandResult<'market.setSource'>> {
    if (this.desk.busy()) throw new ApiError('rejected', 'close your paper positions and cancel working orders before switching the market');
    // Configurations trading live run on their exchange's market data: the switch is refused rather than leave them without it.
    const liveBlocked = this.strategies.marketSwitchBlocked(request.kind === 'exchange' ? request.exchange : null);
    if (liveBlocked) throw new ApiError('rejected', liveBlocked);
    const simulated = () => createSimulatedFeed({ seed: this.config.market.kind === 'simulated' ? this.config.market.seed : 42, speed: this.config.speed, historyMinutes: this.config.historyMinutes, now: this.now, tickMs: this.config.tickMs, notBefore: this.storage.store.fills.latestTime() });
    let next: MarketFeed;
    let fallback: string | null = null;
    if (request.kind === 'simulated') {
      next = simulated();
      await next.start();
    } else {
      try {
        const store = this.storage.store.location.persistent ? this.storage.store.candles : null;
        next = (await openExchangeFeed(request, { budgets: this.budgets, store, spikes: this.storage.store.settings })).feed;
        await next.start();
      } catch (error) {
        fallback = `${request.exchange} is unreachable (${error instanceof Error ? error.message : String(error)}) — showing the simulated market`;
        const stay = this.strategies.marketSwitchBlocked(null);
        if (stay) throw new ApiError('unavailable', `${request.exchange} is unreachable (${error instanceof Error ? error.message : String(error)}); the market was not switched: ${stay}`);
        next = simulated();
        await next.start();
      }
    }
    this.shadows.stop();
    this.strategies.stop();
    this.desk.stop();
    await this.market.switchTo(next, fallback);
    await this.desk.start();
    await this.strategies.start();
    await this.shadows.start();
    this.events.emit('app.status', this.status());
    return { kind: next.source.kind, label: next.source.label, fallback };
  }
}

import type { AppStatus, LiveAccountHealth } from '../api/contract/app.js';
import type { CommandParsedArgs, CommandResult, Handlers } from '../api/contract/index.js';
import { ApiError } from '../api/errors.js';
import { createBacktestHandlers } from './handlers/backtest.js';
import { RateBudgets } from '../exchange/rate-budget.js';
import type { MarketFeed } from '../market/feed.js';
import { createReplayFeed, createSimulatedFeed } from '../market/sources.js';
import { HaltSwitch, type HaltStateRepository } from '../risk/halt.js';
import { terminalConfigSchema, type TerminalConfig, type TerminalConfigInput } from './config.js';
import { DataService } from './data-service.js';
import { EventBus } from './event-bus.js';
import { exchangesHandlers } from './exchanges-handlers.js';
import { liveAccountHandlers } from './handlers/live-accounts.js';
import { mergeHandlers, type HandlerMap } from './handlers/merge.js';
import { riskHandlers } from './handlers/risk.js';
import { strategyHandlers } from './handlers/strategies.js';
import { tradingHandlers } from './handlers/trading.js';
import { tradeHandlers } from './handlers/trades.js';
import { marketPriceDecimals } from './handlers/views.js';
import { depthHandlers } from './handlers/depth.js';
import { viewStateHandlers } from './handlers/view-state.js';
import { scannerHandlers } from './handlers/scanner.js';
import { chartHandlers } from './handlers/chart.js';
import { ReadinessScanner } from '../scanner/readiness-scanner.js';
import { ticketHandlers } from './handlers/ticket.js';
import { DEFAULT_EXCHANGE_SYMBOLS, openExchangeFeed } from './market-sources.js';
import type { OpenVenueFeed } from '../market/venue-feeds.js';
import { bookFor, liveRules } from './venue-wiring.js';
import { buildCore, type CoreServices } from './services.js';
import { TerminalStorage } from './storage.js';
import { StrategyShadows } from './strategy-shadows.js';
import { APP_VERSION } from './version.js';
import { alertHandlers, createAlerts, type AlertsService } from './alerts-wiring.js';
import { orchestratorHandlers } from './handlers/orchestrator.js';
import { wireEvents } from './wiring.js';
import { importsDir } from '../backtest/import-path.js';
import { userStrategiesDir } from '../strategies/registry.js';

export interface TerminalDependencies {
  readonly now?: () => number;
  readonly haltRepository?: HaltStateRepository;
  /** Defaults to the keychain + encrypted store in `config.dataDir`; tests pass `TerminalStorage.inMemory()`. */
  readonly storage?: TerminalStorage;
  /** Extra domain handlers built by the host. */
  readonly extraHandlers?: HandlerMap[];
}

/**
 * The composition root: builds the core's services from one validated config in dependency order and
 * exposes them as the typed API plus an event bus. Hosts (Electron main, the web host, tests) only ever
 * see `handlers` and `events`. It composes; every decision lives in the domain modules.
 */
export class Terminal {
  readonly events = new EventBus();
  readonly handlers: Handlers;
  readonly core: CoreServices;
  /** Parameter variants shadowing each enabled configuration on the same bars, without orders. */
  readonly shadows: StrategyShadows;
  /** Candle history: backfill jobs with progress and cancel, stored coverage (`data.*`). */
  readonly data: DataService;
  /** Alerts off the desk: channels, reports, remote /halt. */
  readonly alerts: AlertsService;
  /** Readiness of every watchlist symbol × every strategy (readiness-only engines, no orders). */
  readonly scanner: ReadinessScanner;
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
  ) {
    const store = storage.store;
    const openVenueFeed: OpenVenueFeed = async (spec) =>
      (await openExchangeFeed(spec, { budgets: this.budgets, store: store.location.persistent ? store.candles : null, spikes: store.settings, pollMs: config.venuePollMs })).feed;
    this.core = buildCore({ feed, openVenueFeed, events: this.events, storage, halt, budgets: this.budgets, now, dataDir: store.location.persistent ? config.dataDir : null, onStatus: () => this.events.emit('app.status', this.status()) });
    const { market, runner, paper, risk, journal, ledger, registry } = this.core;
    this.shadows = new StrategyShadows({
      configs: store.strategies,
      variants: store.shadows,
      market,
      events: this.events,
      strategy: (name) => runner.strategy(name),
      marketRules: (symbol) => paper.market(symbol),
      cash: () => {
        const account = registry.get('paper');
        return account ? (this.core.portfolios.of(account)?.equity ?? 0) : 0;
      },
      riskConfig: () => risk.controls.config,
      // Promoting a variant saves the next version the way the Parameters editor does.
      save: (input) => this.handlers['strategies.save'](input),
    });
    // The threshold manager reads (and keeps variants in) the live shadow comparison.
    this.core.shadowPort.target = this.shadows;
    this.data = new DataService({
      candles: store.candles,
      spikeFlags: store.settings,
      unavailable: () => (store.location.persistent ? null : (storage.databaseHealth.message ?? 'the encrypted database is not open')),
      budgets: this.budgets,
      emit: (job) => this.events.emit('data.progress', job),
      now,
    });
    this.scanner = new ReadinessScanner({
      strategies: () => runner.strategies().registered(),
      symbols: () => market.watchlistSymbols(),
      feed: () => market.current,
      rules: (symbol) => (paper.started ? paper.market(symbol) : null),
      onCandle: (listener) => market.onCandle(listener),
    });
    this.unsubscribers.push(market.onWatchlistChanged(() => this.scanner.invalidate()));
    this.alerts = createAlerts({ events: this.events, storage, api: () => this.handlers, risk: () => this.risk, now });
    // The ticket's preview reads the book the order road's depth check reads for that account.
    const bookOf = bookFor(market, this.core.venues, (account) => registry.get(account));
    this.handlers = mergeHandlers(
      { 'app.status': async () => this.status(), 'market.setSource': (request) => this.switchMarket(request), 'market.chartElsewhere': (request) => this.chartElsewhere(request) },
      market.handlers(),
      exchangesHandlers(),
      ...storage.handlers(),
      riskHandlers(risk, registry),
      tradingHandlers({ pipeline: this.core.pipeline, journal, ledger, board: this.core.board, registry, paper, resetPaper: () => this.resetPaper() }),
      ticketHandlers({ pipeline: this.core.pipeline, registry, brackets: this.core.brackets, journal }),
      depthHandlers({
        book: (symbol, account) => bookOf(account, symbol),
        last: (symbol, account) => (account === 'paper' ? market.lastPrice(symbol) : (registry.get(account)?.markPrice(symbol) ?? null)),
        market: (symbol, account) => {
          if (account !== 'paper') return liveRules(registry, account, symbol);
          const rules = paper.market(symbol);
          return rules && paper.started ? { rules, round: (amount) => paper.port.roundAmount(symbol, amount) } : null;
        },
        maxSlippagePct: () => risk.controls.config.limits.maxSlippagePct,
      }),
      scannerHandlers(this.scanner),
      tradeHandlers({ ledger, initialStops: () => store.ledger.initialStops(), now: () => market.marketTime() ?? now(), priceDecimals: (account, symbol) => marketPriceDecimals(registry, account, symbol) }),
      this.core.pnl.handlers(),
      strategyHandlers(runner, store.signals),
      this.shadows.handlers(),
      this.data.handlers(),
      liveAccountHandlers(this.core.live),
      createBacktestHandlers({
        dataDir: config.dataDir,
        candleStore: store.candles,
        emitProgress: (payload) => this.events.emit('backtest.progress', payload),
        emitSweepProgress: (payload) => this.events.emit('backtest.sweepProgress', payload),
        riskConfig: () => risk.controls.config,
      }),
      alertHandlers(this.alerts),
      chartHandlers(store.drawings),
      viewStateHandlers(store.settings, now),
      orchestratorHandlers(this.core.orchestrator, store.strategies, (account) => this.core.live.knows(account)),
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
    const terminal = new Terminal(config, feed, halt, now, storage, dependencies.extraHandlers ?? []);
    await terminal.start();
    return terminal;
  }

  /** Risk controls, emergency stop, flatten and reconciliation. */
  get risk() {
    return this.core.risk;
  }

  /** The trader's strategy configurations running on their accounts. */
  get strategies() {
    return this.core.runner;
  }

  status(): AppStatus {
    const live = this.core.live.accounts();
    return {
      version: APP_VERSION,
      dataSource: this.core.market.source(),
      connection: this.core.market.connection(),
      mode: live.length > 0 ? { kind: 'live', account: live.map((account) => account.id).join(', ') } : { kind: 'paper', account: null },
      halt: this.halt.current,
      keychain: this.storage.keychainHealth,
      database: this.storage.databaseHealth,
      liveAccounts: live.map((account) => ({
        account: account.id,
        ...this.reconcileHealth(account.id),
        updates: account.venue.stream.status(),
        deadMan: {
          supported: account.port.capabilities.cancelAllAfter,
          armed: account.deadMan.armed,
          timeoutMs: account.port.capabilities.cancelAllAfter ? account.deadMan.timeoutMs : null,
          problem: account.deadMan.heldOff ?? (account.deadMan.armed && account.deadMan.consecutiveFailures === 0 ? null : account.deadManProblem),
          ...(account.deadMan.heldOff !== null ? { heldOff: account.deadMan.heldOff } : {}),
        },
      })),
      folders: { data: this.config.dataDir, strategies: userStrategiesDir(this.config.dataDir), imports: importsDir(this.config.dataDir) },
      serverTime: this.now(),
    };
  }

  /** A live account's failed reconciliation (retried on its own) and the markets its last success read, for the Accounts and Reconciliation views. */
  private reconcileHealth(account: string): Pick<LiveAccountHealth, 'reconcile' | 'reconciled'> {
    const reconcile = this.core.risk.reconcileFailed(account);
    const reconciled = this.core.risk.reconciledMarkets(account);
    return { ...(reconcile ? { reconcile } : {}), ...(reconciled ? { reconciled } : {}) };
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await this.alerts.stop();
    this.shadows.stop();
    this.scanner.invalidate();
    this.core.risk.reconcileRetries.stop();
    await this.core.runner.stop();
    this.core.orchestrator.stop();
    this.stopPaper();
    await this.core.live.close();
    await this.core.market.stop();
    await this.core.elsewhere.stop();
    await this.core.venues.close();
    await this.data.stop();
    this.storage.close();
  }

  private async start(): Promise<void> {
    const { market, ledger, risk, live, runner } = this.core;
    ledger.load();
    this.unsubscribers.push(
      ...wireEvents({ terminal: this, core: this.core, halt: this.halt, events: this.events, audit: this.storage.store.audit }),
      this.storage.recordHalts(this.halt),
    );
    await market.start();
    this.core.elsewhere.restore();
    await this.startPaper();
    await this.core.orchestrator.start();
    await runner.start();
    await this.shadows.start();
    // Accounts left armed are held from their registration: nothing reaches their venue before the run below checks them.
    const releaseRestored = await live.start();
    this.unsubscribers.push(this.core.unknownOutcomes.start());
    // Configurations on live accounts left armed start once their account is connected again.
    await runner.accountsChanged();
    await this.alerts.start();
    // Journal vs exchanges before anything trades; the gate refuses every order until it is done.
    if (risk.reconciler) {
      void risk.reconcile('start').catch((error: unknown) =>
        risk.controls.events.record({ time: this.now(), kind: 'reconcile_failed', detail: `reconciliation at start failed: ${error instanceof Error ? error.message : String(error)}` }),
      );
    }
    // The run holds every account it checks from its first step and until it has ended: the restored accounts'
    // holds hand over to it here, without a gap, and its end sends what they refused (as after a reconnect).
    releaseRestored();
  }

  private async startPaper(): Promise<void> {
    await this.core.paper.start();
    this.core.registry.register(this.core.paper);
    // The Strategies rows' realized P&L: the paper account's history, before a row is sent.
    await this.core.realized.rebuild();
  }

  private stopPaper(): void {
    this.core.registry.unregister('paper');
    this.core.paper.stop();
  }

  /**
   * Starts the paper account over at its starting balance. Refused while paper orders are open or paper
   * positions are held: positions come from the journal's fills, so a reset that dropped a held position
   * would leave the ledger saying the account holds coins it no longer has.
   */
  private async resetPaper(): Promise<CommandResult<'accounts.resetPaper'>> {
    const { paper, journal, ledger } = this.core;
    if (!paper.started) throw new ApiError('unavailable', 'the paper exchange is starting; try again in a moment');
    const open = journal.live('paper').length;
    if (open > 0 || paper.hasWorkingOrders()) {
      const which = open > 0 ? `the ${open} open paper order${open === 1 ? '' : 's'}` : 'the open paper orders';
      throw new ApiError('rejected', `Cancel ${which} first (Open Orders tab): a reset cannot take back the funds they hold.`);
    }
    const held = ledger.entries('paper');
    if (held.length > 0) {
      throw new ApiError('rejected', `Close the paper position${held.length === 1 ? '' : 's'} in ${[...new Set(held.map((p) => p.symbol))].join(', ')} first (Positions tab): a reset does not sell them.`);
    }
    const at = this.now();
    const balances = paper.reset(at);
    void this.core.realized.rebuild();
    this.events.emit('positions.updated', { positions: this.core.board.list().map((p) => ({ ...p, source: p.owner })) });
    return { balances: balances.map((b) => ({ currency: b.currency, free: b.free, used: b.used, total: b.total })), resetAt: at };
  }

  /** Charts another exchange's watchlist row: that exchange's shared feed (the row's own) becomes the chart's market. */
  private chartElsewhere({ exchange, symbol }: CommandParsedArgs<'market.chartElsewhere'>): Promise<CommandResult<'market.chartElsewhere'>> {
    const { elsewhere } = this.core;
    if (!elsewhere.current().some((entry) => entry.exchange === exchange && entry.symbol === symbol)) {
      throw new ApiError('not_found', `${symbol} on ${exchange} is not on the watchlist`, [{ path: 'symbol', message: 'not watched on that exchange' }]);
    }
    const { sandbox, baseUrl } = elsewhere.reach(exchange);
    return this.switchMarket({ kind: 'exchange', exchange, symbols: [symbol], sandbox, ...(baseUrl !== undefined ? { baseUrl } : {}) });
  }

  /**
   * Switches the market the chart shows and the paper account trades on. An exchange that cannot be
   * reached leaves the terminal on the simulated market with a banner saying why. Refused while the paper
   * account has positions or working orders: they belong to the market they were opened on. Live
   * configurations are not touched: they trade on their own exchange's feed whatever the chart shows.
   */
  private async switchMarket(request: CommandParsedArgs<'market.setSource'>): Promise<CommandResult<'market.setSource'>> {
    const { journal, ledger, runner, market, venues } = this.core;
    if (ledger.entries('paper').length > 0 || journal.live('paper').length > 0) throw new ApiError('rejected', 'close your paper positions and cancel working orders before switching the market');
    const simulated = () => createSimulatedFeed({ seed: this.config.market.kind === 'simulated' ? this.config.market.seed : 42, speed: this.config.speed, historyMinutes: this.config.historyMinutes, now: this.now, tickMs: this.config.tickMs, notBefore: this.storage.store.fills.latestTime() });
    let next: MarketFeed;
    let release: (() => Promise<void>) | undefined;
    let fallback: string | null = null;
    if (request.kind === 'simulated') {
      next = simulated();
      await next.start();
    } else {
      try {
        // The venue's shared feed: the same one its live configurations trade on, if any run there.
        const lease = await venues.acquire({ exchange: request.exchange, symbols: request.symbols ?? DEFAULT_EXCHANGE_SYMBOLS, sandbox: request.sandbox, baseUrl: request.baseUrl });
        next = lease.feed;
        release = () => lease.release();
      } catch (error) {
        fallback = `${request.exchange} is unreachable (${error instanceof Error ? error.message : String(error)}) — showing the simulated market`;
        next = simulated();
        await next.start();
      }
    }
    this.shadows.stop();
    runner.chartSwitching();
    this.stopPaper();
    await market.switchTo(next, fallback, release);
    await this.startPaper();
    this.scanner.invalidate();
    await this.core.orchestrator.marketChanged();
    await runner.chartSwitched();
    await this.shadows.start();
    this.events.emit('app.status', this.status());
    return { kind: next.source.kind, label: next.source.label, fallback };
  }
}

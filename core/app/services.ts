import { TERMINAL_ORDER_STATUSES } from '../exchange/port.js';
import { LiveAccounts } from '../accounts/live-accounts.js';
import { PaperAccount } from '../accounts/paper-account.js';
import { AccountPortfolios, holdingMark } from '../accounts/portfolio.js';
import { AccountRegistry } from '../accounts/registry.js';
import { stopReportView } from './handlers/views.js';
import { newClientOrderId } from '../exchange/client-order-id.js';
import type { RateBudgets } from '../exchange/rate-budget.js';
import type { MarketFeed } from '../market/feed.js';
import { flattenAccounts } from '../orders/flatten.js';
import { OrderJournal } from '../orders/journal.js';
import { OrderPipeline } from '../orders/pipeline.js';
import { PROTECTIVE_REASON, ProtectiveStops } from '../orders/protective-stops.js';
import { ManualBrackets } from '../orders/manual-brackets.js';

/** Where the brackets of the trader's own positions are kept (settings JSON: a handful of rows). */
const BRACKETS_KEY = 'orders.manualBrackets';
import { ExitStateBook } from '../positions/exit-state-book.js';
import { MANUAL, PositionLedger } from '../positions/ledger.js';
import { PositionBoard } from '../positions/position-board.js';
import { DayStarts } from '../risk/day-start.js';
import type { HaltSwitch } from '../risk/halt.js';
import { UnknownOutcomes } from '../orders/unknown-outcomes.js';
import { RiskService } from '../risk/service.js';
import { StrategyRunner } from '../runner/strategy-runner.js';
import { CHART_FEED } from '../runner/run-feeds.js';
import { Orchestrator } from '../orchestrator/orchestrator.js';
import type { ShadowReadout } from '../orchestrator/tuning/manager.js';
import type { EventBus } from './event-bus.js';
import { ccxtVenueFactory } from './live-venue-factory.js';
import { MarketService } from './market-service.js';
import { PnlService } from './pnl-service.js';
import { StrategyRealized } from './strategy-realized.js';
import { settingsWatchlistStore, symbolInUse } from './watchlist-wiring.js';
import { VenueFeeds, type OpenVenueFeed } from '../market/venue-feeds.js';
import { bookFor, elsewhereWatchlist, liveFeedOpener, markFor } from './venue-wiring.js';
import type { ElsewhereWatchlist } from './elsewhere-watchlist.js';
import type { TerminalStorage } from './storage.js';

export interface CoreServices {
  readonly market: MarketService;
  /** One live feed per exchange in use (the chart's, live configurations'), shared and reference-counted. */
  readonly venues: VenueFeeds;
  /** The watchlist's symbols of other exchanges than the chart's. */
  readonly elsewhere: ElsewhereWatchlist;
  readonly journal: OrderJournal;
  readonly ledger: PositionLedger;
  readonly exitStates: ExitStateBook;
  readonly registry: AccountRegistry;
  readonly paper: PaperAccount;
  readonly portfolios: AccountPortfolios;
  readonly risk: RiskService;
  readonly pipeline: OrderPipeline;
  readonly protective: ProtectiveStops;
  readonly brackets: ManualBrackets;
  readonly live: LiveAccounts;
  readonly runner: StrategyRunner;
  readonly board: PositionBoard;
  readonly orchestrator: Orchestrator;
  /** The live shadow comparison the threshold manager reads; the terminal connects it once built. */
  readonly shadowPort: LateShadows;
  /** `pnl.summary`: the paper account's P&L from its fills. */
  readonly pnl: PnlService;
  /** Each configuration's realized P&L after fees, the P&L tab's figure (its Strategies row). */
  readonly realized: StrategyRealized;
  /** Re-checks orders of unknown outcome with their venue until they settle. */
  readonly unknownOutcomes: UnknownOutcomes;
}

/** The threshold manager's view of the shadows, connected after the core is built (StrategyShadows needs the API). */
export class LateShadows implements ShadowReadout {
  target: ShadowReadout | null = null;
  lanes(config: string) {
    return this.target?.lanes(config) ?? [];
  }
  keep(config: string, base: string, params: Readonly<Record<string, unknown>>): string {
    if (!this.target) throw new Error('the shadow comparison is not running yet');
    return this.target.keep(config, base, params);
  }
  drop(config: string, id: string): void {
    this.target?.drop(config, id);
  }
}

export interface CoreInputs {
  readonly feed: MarketFeed;
  /** Opens an exchange's public feed (ccxt) for the venue pool. */
  readonly openVenueFeed: OpenVenueFeed;
  readonly events: EventBus;
  readonly storage: TerminalStorage;
  readonly halt: HaltSwitch;
  readonly budgets: RateBudgets;
  readonly now: () => number;
  readonly dataDir: string | null;
  /** Status-bar changes (accounts armed, health). */
  readonly onStatus: () => void;
}

/**
 * Builds the trading core in dependency order: the journal and the position ledger it feeds, the
 * accounts, the risk service, the one order pipeline, live accounts, the strategy runner and the
 * position board. It only composes; every decision lives in the domain modules.
 */
export function buildCore(inputs: CoreInputs): CoreServices {
  const { storage, halt, now, events } = inputs;
  const store = storage.store;
  const journal = new OrderJournal(store.orders, store.fills, now);
  const ledger = new PositionLedger({ store: store.ledger, newTradeId: (owner, symbol) => `${owner}-${symbol.split('/')[0]!.toLowerCase()}-${newClientOrderId().slice(2, 10)}` });
  journal.onNewFill((venue, fill, order) => ledger.applyFill(venue, fill, order ? { owner: order.strategy ?? MANUAL, tradeId: order.tradeId, exitReason: order.exitReason } : null));
  const venues = new VenueFeeds(inputs.openVenueFeed);
  const elsewhere = elsewhereWatchlist({ venues, accounts: () => store.accounts.list(), settings: store.settings, market: () => market });
  const market = new MarketService(inputs.feed, events, {
    elsewhere,
    watchlists: settingsWatchlistStore(store.settings),
    inUse: (symbol) => symbolInUse(symbol, { ledger, journal, configs: store.strategies }),
  });
  // Risk counts in the watched market's time (a simulated or replayed market runs on its own clock).
  const marketNow = () => market.marketTime() ?? now();
  const exitStates = new ExitStateBook(store.ledger);
  const registry = new AccountRegistry();
  const paper = new PaperAccount({ market, journal, halt, now, repository: store.paper });
  const pnl = new PnlService({ paper, market, orders: journal.orders, now, sinceFill: () => store.paper.resetFillSeq('paper') });
  const realized = new StrategyRealized({ paperFills: () => pnl.paperFills(), paperFill: (fill, order) => pnl.pnlFill(fill, order), trades: ledger.trades, changed: () => events.emit('strategies.updated', { configs: runner!.statuses() }) });
  market.onSymbolsAdded((symbols) => void paper.addMarkets(symbols));
  // Late-bound where services need each other at run time, never at construction.
  let risk: RiskService | null = null;
  let runner: StrategyRunner | null = null;
  let pipeline: OrderPipeline | null = null;
  let protective: ProtectiveStops | null = null;
  // A provisional day start, each coin added to it later and stale prices behind it turning fresh go to the audit log, once each.
  const dayStarts = new DayStarts(
    store.location.persistent ? store.settings : null,
    () => risk?.controls.config.breaker.timeZone ?? 'UTC',
    (account, { action, ...detail }) => store.audit.append({ category: 'risk', action, source: 'system', detail: { account, ...detail } }),
  );
  const portfolios = new AccountPortfolios({
    ledger,
    workingOrders: (account) => journal.live(account),
    dayStarts,
    now: marketNow,
    trades: (account, symbol, since) => journal.fills.between(since, Number.MAX_SAFE_INTEGER, symbol).filter((fill) => fill.venue === account),
  });
  risk = new RiskService({
    halt,
    accounts: () =>
      registry.list().map((account) => ({
        id: account.id,
        label: account.label,
        mode: account.mode,
        port: account.port,
        working: () => journal.live(account.id),
        // Protective stops keep protecting what is still held, unless the trader said to cancel them too.
        keep: (order) => !risk!.controls.config.emergencyStop.cancelProtectiveStops && (order.reason !== undefined ? order.reason : journal.get(order.clientOrderId)?.reason) === PROTECTIVE_REASON,
      })),
    describeOrder: (account, clientOrderId) => {
      const order = journal.get(clientOrderId);
      return order && order.venue === account ? { side: order.side, amount: order.amount, price: order.price ?? order.stopPrice, source: order.strategy ?? MANUAL } : null;
    },
    settings: store.settings,
    eventStore: store.riskEvents,
    audit: store.audit,
    journal,
    portfolio: (id) => {
      const account = registry.get(id);
      return account ? portfolios.of(account) : null;
    },
    strategies: () => runner?.enabled() ?? [],
    openPositions: () => ledger.entries().map((entry) => ({ account: entry.account, owner: entry.owner, symbol: entry.symbol, quantity: entry.position.quantity })),
    marketNow,
    flatten: () =>
      flattenAccounts(registry.list(), {
        pipeline: pipeline!,
        journal,
        positions: (account) => ledger.entries(account).map((entry) => ({ owner: entry.owner, symbol: entry.symbol, quantity: entry.position.quantity })),
        now,
      }),
    now,
    onEvent: (event) => events.emit('risk.event', { ...event }),
    notify: (notification) => events.emit('risk.notification', notification),
    onStopReport: (report) => events.emit('risk.stop', stopReportView(report, registry)),
    onReconciled: (report) => {
      live.syncFills();
      // Stops refused while reconciliation ran (a re-arm meanwhile) go to the venue of each account that now matches its journal.
      for (const account of report.accounts) if (account.ok) protective!.reconciled(account.account);
      events.emit('risk.reconciled', report);
      // The accounts' health says which reconciliation failed and when it is tried again.
      inputs.onStatus();
    },
  });
  const controls = risk.controls;
  pipeline = new OrderPipeline({
    account: (id) => registry.get(id),
    accountIds: () => registry.list().map((account) => account.id),
    journal,
    holdings: (account, symbol) => new Map(ledger.holders(account, symbol).map((entry) => [entry.owner, entry.position.quantity])),
    gate: controls,
    portfolio: (account, hint, without) => portfolios.of(registry.require(account.id), hint, without?.clientOrderId) ?? { time: marketNow(), account: account.id, equity: 0, dayStartEquity: 0, dailyPnl: 0, positions: [], openEntryOrders: [] },
    halted: () => halt.halted,
    audit: (action, detail) => store.audit.append({ category: 'emergency_stop', action, source: 'user', detail }),
    newOrderId: newClientOrderId,
    depth: {
      book: bookFor(market, venues, (account) => registry.get(account)),
      maxSlippagePct: () => controls.config.limits.maxSlippagePct,
      refused: ({ owner, symbol, message }) => controls.events.record({ time: marketNow(), kind: 'entry_blocked', detail: message, rule: 'max_slippage', strategy: owner, symbol }, `${owner}\u0000${symbol}\u0000max_slippage`),
    },
    beforeExit: (account, owner, symbol) => protective!.release(account, owner, symbol),
    afterExit: (account, owner, symbol, outcome) => protective!.exitSent(account, owner, symbol, outcome),
    isProtective: (reason) => reason === PROTECTIVE_REASON,
  });
  protective = new ProtectiveStops({
    pipeline,
    account: (id) => {
      const account = registry.get(id);
      return account ? { live: account.mode === 'live', port: account.port } : null;
    },
    workingOrders: (account) => journal.live(account),
    halted: () => halt.halted,
    isOpen: (clientOrderId) => {
      const order = journal.get(clientOrderId);
      return order !== null && !TERMINAL_ORDER_STATUSES.has(order.status);
    },
    order: (clientOrderId) => journal.get(clientOrderId),
    keptOnHalt: () => !risk!.controls.config.emergencyStop.cancelProtectiveStops,
    reconcileProblem: (account) => risk!.reconcileRetries.problem(account),
  });
  journal.onOrderChange((order) => protective!.orderChanged(order));
  const brackets = new ManualBrackets({
    pipeline,
    manualQuantity: (account, symbol) => ledger.entry(account, MANUAL, symbol)?.position.quantity ?? 0,
    entry: (clientOrderId) => {
      const order = journal.get(clientOrderId);
      return order === null ? null : { filled: order.filled, working: !TERMINAL_ORDER_STATUSES.has(order.status) };
    },
    protect: (target) => protective!.want(target),
    halted: () => halt.halted,
    accountsWatching: (symbol) => registry.list().filter((account) => account.markPrice(symbol) !== null).map((account) => account.id),
    load: () => store.settings.getRaw(BRACKETS_KEY),
    save: (saved) => store.settings.set(BRACKETS_KEY, saved),
  });
  // Stops an earlier run left at a venue keep protecting; they are taken over when their account connects.
  // Then the saved brackets ask for their stops again (after adopting, so a stop still resting is not doubled).
  registry.onChange(() => {
    for (const account of registry.list()) {
      protective!.adopt(account.id);
      brackets.announce(account.id);
    }
  });
  // Re-armed: the stops HALTED held back go to the venue (nothing else would ask for a manual position's stop again).
  halt.onChange((state) => {
    if (!state.halted) protective!.reapply();
  });
  const live = new LiveAccounts({
    accounts: store.accounts,
    credentials: (id) => storage.accounts.credentials(id),
    openVenue: ccxtVenueFactory(inputs.budgets),
    registry,
    journal,
    halt,
    limitsSaved: () => risk!.configSaved,
    tierVolumes: () => controls.config.tiers.minQuoteVolume24h,
    now,
    audit: (action, source, detail, category = 'mode') => store.audit.append({ category, action, source, detail }),
    quote: () => controls.config.regime.benchmark.split('/')[1] ?? 'USDT',
    // Live positions are marked from their exchange's own feed, never another venue's prices.
    markPrice: markFor(market, venues, (symbol) => paper.markPrice(symbol)),
    onChange: inputs.onStatus,
    onDisarm: (venue) => runner!.accountDisarmed(venue),
    // An account armed now trades only once the journal matches what was done at its venue while Halyard was off.
    reconcileArmed: { hold: (venue) => risk!.holdForReconcile(venue), run: (venue) => risk!.reconcile('start', new Set([venue])) },
    // What its stream missed while down (a fill, an order placed at the venue's website) is looked for at once; a failed run is retried.
    onReconnected: (venue) => void risk!.reconcile('reconnect', new Set([venue])).catch(() => undefined),
    onReconnectFailed: (venue, why) =>
      controls.events.record({ time: marketNow(), kind: 'account_disarmed', detail: `${venue} was left armed but ${why}; it is back on paper. Arm it again in Settings → Accounts.` }),
  });
  const equityOf = (account: string) => {
    const found = registry.get(account);
    return found ? (portfolios.of(found)?.equity ?? null) : null;
  };
  const shadowPort = new LateShadows();
  const orchestrator = new Orchestrator({
    market,
    configs: store.strategies,
    settings: store.settings,
    decisions: store.decisions,
    outcomes: store.outcomes,
    adjustments: store.adjustments,
    models: store.models,
    ledger,
    working: (account) => journal.live(account),
    equity: equityOf,
    quote: (account) => registry.get(account)?.quote ?? 'USDT',
    mark: (account, symbol) => registry.get(account)?.markPrice(symbol) ?? null,
    shadows: shadowPort,
    strategy: (name) => runner?.strategy(name) ?? null,
    open: (name) => runner!.strategies().open(name, { views: false }),
    tier: (symbol) => paper.market(symbol)?.tier ?? 'small',
    // An adjustment is saved the way the Parameters editor saves a version (the runner restarts it).
    save: async (record, params) => {
      await runner!.save({ name: record.name, strategy: record.strategy, params, symbols: record.symbols, enabled: record.enabled, account: record.account });
      return store.strategies.current(record.name)!;
    },
    audit: (action, source, detail) => store.audit.append({ category: 'settings', action, source, detail }),
    notify: ({ kind, detail, strategy, symbol }) => {
      risk!.controls.events.record({ time: marketNow(), kind, detail, strategy, symbol });
      events.emit('risk.notification', { title: kind === 'edge_decay' ? 'Edge decay' : kind === 'strategy_adjusted' ? 'Parameters adjusted automatically' : 'Adjustment rolled back', body: detail, level: 'warning' });
    },
    changed: ({ config, account }) => events.emit('orchestrator.updated', { config: config ?? null, account: account ?? null }),
    budgetsChanged: () => void runner?.refreshBudgets(),
    newOrderId: newClientOrderId,
    marketNow,
    wallNow: now,
    halted: () => halt.halted,
    feedOf: (account) => runner?.feedOf(account) ?? CHART_FEED,
  });
  runner = new StrategyRunner({
    dataDir: inputs.dataDir,
    configs: store.strategies,
    signals: store.signals,
    market,
    liveFeed: liveFeedOpener(venues, () => store.accounts.list()),
    enginePort: (account) => (account === 'paper' ? (paper.started ? paper.port : null) : live.enginePort(account)),
    // Each configuration sizes from its budget (core/orchestrator's capital allocation) at the account's equity.
    budget: async (account, symbols, config) => {
      const found = registry.get(account);
      if (!found) return null;
      let equity = equityOf(account);
      if (equity === null && account !== 'paper') {
        // Not marked yet: the live account's balance in the configuration's quote currency.
        const quote = symbols[0]?.split('/')[1];
        const balances = await found.balances().catch(() => []);
        equity = balances.find((balance) => balance.currency === quote)?.total ?? null;
      }
      return orchestrator.allocation.budgetAt(account, config, equity ?? 0);
    },
    admission: orchestrator.desk,
    knowsAccount: (account) => live.knows(account),
    pipeline,
    ledger,
    exitStates,
    workingOrders: (account) => journal.live(account),
    halted: () => halt.halted,
    now,
    realized: (account, name) => realized.of(account, name),
    onChange: () => events.emit('strategies.updated', { configs: runner!.statuses() }),
    onLevels: (symbol, levels) => events.emit('strategies.levels', { symbol, levels }),
    onStop: (target) => protective!.want(target),
    keepWorking: (order) => order.reason === PROTECTIVE_REASON,
    onStrategyStopped: (name, error) => {
      risk!.controls.events.record({ time: now(), kind: 'strategy_stopped', detail: `${name}: ${error.message}`, strategy: name, symbol: error.symbol });
      events.emit('strategies.updated', { configs: runner!.statuses() });
    },
  });
  const board = new PositionBoard({
    ledger,
    // A live position in a market Halyard does not stream is marked at its venue's own price (as equity counts it).
    markPrice: (account, symbol) => {
      const found = registry.get(account);
      return found ? holdingMark(found, symbol) : null;
    },
    exits: runner,
    pipeline,
    halted: () => halt.halted,
    protection: (account, owner, symbol, savedStop) => protective!.status(account, owner, symbol, savedStop),
    manualExits: (account, symbol) => brackets.get(account, symbol),
    connected: (account) => registry.get(account) !== null,
    market: (account, symbol) => {
      try {
        return registry.get(account)?.port.market(symbol) ?? null;
      } catch {
        return null;
      }
    },
  });
  // Orders of unknown outcome settle by themselves: looked up at their venue every 30 s (core/orders/unknown-outcomes.ts).
  const unknownOutcomes = new UnknownOutcomes({ journal, accounts: () => registry.list().map(({ id, label, mode, port }) => ({ id, label, mode, port })), now });
  return { market, venues, elsewhere, journal, ledger, exitStates, registry, paper, portfolios, risk, pipeline, protective, brackets, live, runner, board, orchestrator, shadowPort, pnl, realized, unknownOutcomes };
}

import { z } from 'zod';
import type { LiquidityTier } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { MarketWatch } from '../market/watch.js';
import type { OrderRecord } from '../orders/order-record.js';
import type { LedgerChange, LedgerEntry } from '../positions/ledger.js';
import type { StrategyConfigRecord } from '../runner/config-record.js';
import { CHART_FEED } from '../runner/run-feeds.js';
import type { OpenedStrategy, RegisteredStrategy } from '../strategies/registry.js';
import { AllocationBook } from './allocation-book.js';
import type { Claim } from './arbitration.js';
import { AdmissionDesk } from './desk.js';
import { EdgeBook, type EdgeDecayAlert } from './edge-book.js';
import { BarBook, BOOK_BARS } from './features.js';
import { FilterService } from './learn/service.js';
import { backtestTrades, shadowTrades } from './learn/trade-sources.js';
import { FilterTrainer } from './learn/trainer.js';
import { PolicyBook, type Policy, type PolicyChange } from './policies.js';
import { profileSymbol, type SymbolProfile } from './profiler.js';
import type { AdjustmentStore, DecisionLog, ModelStore, TradeOutcomeStore } from './records.js';
import { ThresholdManager, type ShadowReadout } from './tuning/manager.js';
import { paramProblems } from './tuning/param-problems.js';

export interface OrchestratorOptions {
  readonly market: MarketWatch;
  readonly configs: { list(): StrategyConfigRecord[]; current(name: string): StrategyConfigRecord | null; version(name: string, version: number): StrategyConfigRecord | null; history(name: string): StrategyConfigRecord[] };
  readonly settings: { getRaw(key: string): unknown; set(key: string, value: unknown): void; delete(key: string): boolean };
  readonly decisions: DecisionLog;
  readonly outcomes: TradeOutcomeStore;
  readonly adjustments: AdjustmentStore;
  readonly models: ModelStore;
  readonly ledger: { entries(account?: string): LedgerEntry[]; entry(account: string, owner: string, symbol: string): LedgerEntry | null; onChange(listener: (change: LedgerChange) => void): () => void };
  readonly working: (account: string) => readonly OrderRecord[];
  readonly equity: (account: string) => number | null;
  readonly quote: (account: string) => string;
  readonly mark: (account: string, symbol: string) => number | null;
  readonly shadows: ShadowReadout;
  readonly strategy: (name: string) => RegisteredStrategy | null;
  /** A strategy ready to run (a trader's file: in a sandbox of its own, closed after use). */
  readonly open: (name: string) => Promise<OpenedStrategy>;
  readonly tier: (symbol: MarketSymbol) => LiquidityTier;
  /** Saves a configuration's next version as the Parameters editor does. */
  readonly save: (record: StrategyConfigRecord, params: Readonly<Record<string, unknown>>) => Promise<StrategyConfigRecord>;
  readonly audit: (action: string, source: string, detail: Readonly<Record<string, unknown>>) => void;
  /** Something the Events tab and the alert channels should hear about (edge decay, a rollback). */
  readonly notify: (event: { readonly kind: string; readonly detail: string; readonly strategy: string; readonly symbol: MarketSymbol | null }) => void;
  /** A configuration's tuning, edge or model changed, or an account's allocation. */
  readonly changed: (what: { readonly config?: string; readonly account?: string }) => void;
  /** Budgets moved: running engines should size from the new ones. */
  readonly budgetsChanged: () => void;
  readonly newOrderId: () => string;
  /** Market time (windows, adjustments) and wall time (the training schedule). */
  readonly marketNow: () => number;
  readonly wallNow: () => number;
  readonly trainer?: { train: FilterTrainer['train'] };
  /** True while HALTED (emergency stop): automatic tuning applies and rolls back nothing meanwhile. */
  readonly halted?: () => boolean;
  /** The feed a configuration on `account` trades (core/runner/run-feeds.ts; default: the chart's market). */
  readonly feedOf?: (account: string) => string;
}

const MANUAL = 'manual';

/** The parameters a strategy's schema declares as integers (from its JSON Schema). */
function integerParams(schema: z.ZodType | undefined): ReadonlySet<string> {
  if (!schema) return new Set();
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { type?: string }> };
    return new Set(Object.entries(json.properties ?? {}).filter(([, property]) => property.type === 'integer').map(([name]) => name));
  } catch {
    return new Set();
  }
}

/**
 * The orchestrator from the seed system: runs the trader's configurations as one portfolio. It owns
 * capital allocation (budgets, the cash reserve), the admission desk every strategy order passes
 * (conflicts, same-bar arbitration, Kelly, the learned filter, the decision log), each configuration's
 * edge, the threshold manager driven by shadows, symbol profiles and the learned setup filter.
 */
export class Orchestrator {
  readonly book = new BarBook();
  readonly policies: PolicyBook;
  readonly allocation: AllocationBook;
  readonly edge: EdgeBook;
  readonly desk: AdmissionDesk;
  readonly tuning: ThresholdManager;
  readonly filter: FilterService;
  private readonly detach: (() => void)[] = [];
  private lastTuningMinute = Number.NaN;
  private budgetsQueued = false;

  constructor(private readonly options: OrchestratorOptions) {
    const feedOf = options.feedOf ?? (() => CHART_FEED);
    // A configuration's bars: those of the feed it trades on.
    const barsOf = (record: StrategyConfigRecord) => (symbol: MarketSymbol) => this.book.of(feedOf(record.account), symbol);
    const configRefs = () => options.configs.list().map((record) => ({ name: record.name, strategy: record.strategy, account: record.account }));
    this.policies = new PolicyBook(options.settings);
    this.allocation = new AllocationBook({
      settings: options.settings,
      configs: configRefs,
      equity: options.equity,
      quote: options.quote,
      positions: (account) => options.ledger.entries(account).map((entry) => ({ owner: entry.owner, symbol: entry.symbol, quantity: entry.position.quantity, averageEntry: entry.position.averageEntry })),
      working: options.working,
      mark: options.mark,
      audit: (action, detail) => options.audit(action, 'user', detail),
    });
    this.edge = new EdgeBook({
      outcomes: options.outcomes,
      decisions: options.decisions,
      onDecay: (alert) => this.edgeDecayed(alert),
      onClosed: (config) => options.changed({ config }),
      strategyOf: (config) => options.configs.current(config)?.strategy ?? null,
    });
    this.filter = new FilterService({
      models: options.models,
      decisions: options.decisions,
      trainer: options.trainer ?? new FilterTrainer(),
      configs: options.configs,
      policies: this.policies,
      shadowTrades: (record) => shadowTrades(record, options.shadows.lanes(record.name), barsOf(record)),
      backtestTrades: async (record) => {
        if (!options.strategy(record.strategy)) return [];
        const opened = await options.open(record.strategy);
        try {
          const definition = await opened.prepare([record.params]);
          const cash = this.allocation.budgetOf(record.account, record.name) || 10_000;
          return await backtestTrades(record, { definition, builtin: opened.entry.builtin, bars: barsOf(record), tier: options.tier, cash });
        } finally {
          opened.close();
        }
      },
      changed: (config) => options.changed({ config }),
      now: options.wallNow,
      halted: () => options.halted?.() ?? false,
    });
    this.desk = new AdmissionDesk({
      book: this.book,
      feedOf,
      allocation: this.allocation,
      policies: this.policies,
      edge: (config, symbol) => this.edge.stats(config, symbol),
      filter: (config) => this.filter.active(config),
      decisions: options.decisions,
      claims: (account, symbol) => this.claims(account, symbol),
      committedOn: (account, config, symbol) => this.committedOn(account, config, symbol),
      equity: options.equity,
      quote: options.quote,
      now: options.marketNow,
      newOrderId: options.newOrderId,
    });
    this.tuning = new ThresholdManager({
      configs: options.configs,
      adjustments: options.adjustments,
      shadows: options.shadows,
      policies: this.policies,
      profiles: (symbols, account) => this.profiles(symbols, feedOf(account)),
      integers: (record) => integerParams(options.strategy(record.strategy)?.definition.params),
      validate: (record, params) => {
        const registered = options.strategy(record.strategy);
        if (!registered) return `strategy "${record.strategy}" is not loaded`;
        return paramProblems(registered.definition.params, params);
      },
      save: options.save,
      managed: {
        list: (config) => (options.settings.getRaw(`tuning:versions:${config}`) as number[] | undefined) ?? [],
        add: (config, version) => options.settings.set(`tuning:versions:${config}`, [...((options.settings.getRaw(`tuning:versions:${config}`) as number[] | undefined) ?? []), version].slice(-200)),
      },
      audit: (action, source, detail) => options.audit(action, source, detail),
      notify: (config, kind, detail) => options.notify({ kind, detail, strategy: config, symbol: null }),
      changed: (config) => options.changed({ config }),
      now: options.marketNow,
      halted: () => options.halted?.() ?? false,
    });
  }

  async start(): Promise<void> {
    this.detach.push(
      this.options.ledger.onChange((change) => this.ledgerChanged(change)),
      this.options.market.onCandle((update) => {
        if (!update.closed || update.timeframe !== '1m') return;
        const minute = Math.floor(update.candle.time / 60_000);
        if (minute === this.lastTuningMinute) return;
        this.lastTuningMinute = minute;
        const configs = this.options.configs.list();
        void this.tuning.onBar(configs).catch(() => undefined);
        // Shadow lanes start over with every new version: their trades go to the decision log as they close.
        if (minute % 15 === 0) for (const record of configs) if (record.enabled) this.filter.recordShadowTrades(record);
      }),
    );
    this.filter.start();
    await this.warm();
  }

  stop(): void {
    for (const off of this.detach.splice(0)) off();
    this.filter.stop();
  }

  /** The chart's market was switched: its bars and profiles start over from the new market's history (live venues' go on). */
  async marketChanged(): Promise<void> {
    this.book.clear(CHART_FEED);
    await this.warm();
  }

  get decisions(): DecisionLog {
    return this.options.decisions;
  }

  /** The trader changed an account's budgets: engines size from them and the Strategies tab shows them. */
  budgetsMoved(account: string): void {
    this.options.budgetsChanged();
    this.options.changed({ account });
  }

  setPolicy(config: string, change: PolicyChange): Policy {
    const policy = this.policies.set(config, change);
    this.options.audit('strategy_policy_changed', 'user', { config, ...change });
    this.options.changed({ config });
    return policy;
  }

  /** Profiles of `symbols` (default: every symbol of the chart's market) from the bars the book holds of `feed` (default: the chart's). */
  profiles(symbols?: readonly string[], feed: string = CHART_FEED): SymbolProfile[] {
    const wanted = symbols ?? this.options.market.current.symbols();
    const profiles: SymbolProfile[] = [];
    for (const symbol of wanted) {
      const bars = this.book.of(feed, symbol);
      const last = bars.at(-1);
      const profile = last ? profileSymbol(symbol, bars, last.time + 60_000) : null;
      if (profile) profiles.push(profile);
    }
    return profiles;
  }

  /** The current market as the trader reads it ("Simulated market", "Binance"). */
  marketLabel(): string {
    return this.options.market.current.source.label;
  }

  /**
   * Of `symbols`, those no market here knows: not streamed or listed by the current market, without bars in
   * the book (another venue's feed) and in no configuration. When the market cannot list its markets now,
   * nothing is called unknown on a guess.
   */
  async unknownSymbols(symbols: readonly string[]): Promise<string[]> {
    const feed = this.options.market.current;
    const known = new Set<string>([...feed.symbols(), ...this.book.allSymbols(), ...this.options.configs.list().flatMap((record) => record.symbols)]);
    const missing = [...new Set(symbols.filter((symbol) => !known.has(symbol)))];
    if (missing.length === 0) return [];
    const listed = await feed.listings().then(
      (listings) => new Set<string>(listings.map((listing) => listing.symbol)),
      () => null,
    );
    return listed === null ? [] : missing.filter((symbol) => !listed.has(symbol));
  }

  /** Other configurations' positions and working entry orders on a coin (the trader's own are not a configuration's). */
  private claims(account: string, symbol: MarketSymbol): Claim[] {
    const claims: Claim[] = [];
    for (const entry of this.options.ledger.entries(account)) if (entry.symbol === symbol && entry.owner !== MANUAL) claims.push({ owner: entry.owner, kind: 'position' });
    for (const order of this.options.working(account)) if (order.symbol === symbol && order.side === 'buy' && order.strategy !== null) claims.push({ owner: order.strategy, kind: 'order' });
    return claims;
  }

  private committedOn(account: string, config: string, symbol: MarketSymbol): number {
    const entry = this.options.ledger.entry(account, config, symbol);
    const held = entry ? entry.position.quantity * entry.position.averageEntry : 0;
    const mark = this.options.mark(account, symbol);
    const working = this.options.working(account).filter((o) => o.strategy === config && o.symbol === symbol && o.side === 'buy');
    return held + working.reduce((sum, o) => sum + Math.max(0, o.amount - o.filled) * (o.price ?? mark ?? 0), 0);
  }

  private ledgerChanged(change: LedgerChange): void {
    if (change.owner !== MANUAL && change.trade) {
      const trade = change.trade;
      const still = this.options.ledger.entry(change.account, change.owner, trade.symbol);
      this.edge.onExit({
        account: change.account,
        owner: change.owner,
        symbol: trade.symbol,
        tradeId: change.tradeId,
        entryTime: trade.entryTime,
        exitTime: trade.exitTime,
        cost: trade.qty * trade.entryPrice,
        pnl: trade.pnl,
        closed: still === null || still.position.tradeId !== change.tradeId,
      });
    }
    // Equity and commitments moved: budgets follow (once per turn, however many fills landed).
    if (this.budgetsQueued) return;
    this.budgetsQueued = true;
    queueMicrotask(() => {
      this.budgetsQueued = false;
      this.options.budgetsChanged();
      this.options.changed({ account: change.account });
    });
  }

  private edgeDecayed(alert: EdgeDecayAlert): void {
    this.options.notify({ kind: 'edge_decay', detail: alert.message, strategy: alert.config, symbol: alert.symbol });
    this.options.changed({ config: alert.config });
  }

  private async warm(): Promise<void> {
    const feed = this.options.market.current;
    // An exchange's history may have to be fetched: two days of it; the simulated market and a replay give a week.
    const minutes = feed.source.kind === 'exchange' ? 2 * 1_440 : BOOK_BARS;
    for (const symbol of feed.symbols()) {
      const history = await feed.history(symbol, '1m', minutes + 1).catch(() => []);
      // The last bar of the history may still be forming; closed bars arrive through the runner.
      this.book.warm(CHART_FEED, symbol, history.slice(0, -1));
    }
  }
}

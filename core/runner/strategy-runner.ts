import { z } from 'zod';
import type { ExchangePort } from '../exchange/port.js';
import type { CandleUpdate, MarketSymbol } from '../market/candle.js';
import type { MarketWatch } from '../market/watch.js';
import type { OrderPipeline, SubmitOutcome } from '../orders/pipeline.js';
import type { ProtectiveTarget } from '../orders/protective-stops.js';
import { bindingStop } from '../engine/exits.js';
import type { ExitStateBook } from '../positions/exit-state-book.js';
import type { LedgerChange, PositionLedger } from '../positions/ledger.js';
import type { OrderRecord } from '../orders/order-record.js';
import type { SignalLog } from './signal-record.js';
import type { ConfigStore, StrategyConfigRecord } from './config-record.js';
import { StrategyRegistry } from '../strategies/registry.js';
import type { StrategyError } from '../strategies/strategy-error.js';
import { checkNameFree, checkParams, ConfigGuard } from './config-guard.js';
import { ConfigRefused, UnknownConfigError } from './errors.js';
import { buildEngine, type Running } from './launch.js';
import { accountExchange } from './live-market-check.js';
import { CHART_FEED, RunFeeds, type LiveFeedOpener } from './run-feeds.js';
import { StrategyLevelBoard, type StrategyLevel } from './strategy-levels.js';
import { configStatus, type ConfigStatus } from './config-status.js';
import { RunProblems } from './run-problems.js';
import { warmUp } from './warm-up.js';
import type { OrderAdmission } from './admission.js';

export interface StrategyRunnerOptions {
  readonly dataDir: string | null;
  readonly configs: ConfigStore;
  readonly signals: SignalLog;
  readonly market: MarketWatch;
  /** A live account's own exchange feed (shared per venue), whatever the chart shows; absent: all run on the chart's market. */
  readonly liveFeed?: LiveFeedOpener;
  /** The port an engine trades through on `account` (live: each fill once); null when the account is not connected. */
  readonly enginePort: (account: string) => ExchangePort | null;
  /** The configuration's sizing budget on its account (`equity_fraction` sizes are fractions of it); null when not connected. */
  readonly budget: (account: string, symbols: readonly MarketSymbol[], config: string) => Promise<number | null>;
  /** The portfolio's say over every configuration's orders (core/orchestrator); absent: orders go straight to the pipeline. */
  readonly admission?: OrderAdmission;
  /** True when `account` names a configured live account (armed or not). */
  readonly knowsAccount: (account: string) => boolean;
  readonly pipeline: OrderPipeline;
  readonly ledger: PositionLedger;
  readonly exitStates: ExitStateBook;
  /** The journal's working orders of an account. */
  readonly workingOrders: (account: string) => readonly OrderRecord[];
  readonly halted: () => boolean;
  readonly now: () => number;
  readonly realized: (account: string, name: string) => number; // ConfigStatus.realizedPnl (core/app/strategy-realized.ts)
  /** A configuration's status changed (started, stopped, failed, halted). */
  readonly onChange: () => void;
  /** The levels running strategies plan around on `symbol` changed (for the chart). */
  readonly onLevels: (symbol: MarketSymbol, levels: StrategyLevel[]) => void;
  /** A running position's stop moved (or it closed): the stop resting at its venue follows (core/orders/protective-stops.ts). */
  readonly onStop?: (target: ProtectiveTarget) => void;
  /**
   * True for a working order that outlives its configuration's engine — a protective stop: the position
   * stays when the configuration is switched off, restarted or its account disarmed, and so does its stop.
   */
  readonly keepWorking?: (order: OrderRecord) => boolean;
  /** A sandboxed file went over its budget or memory cap: its configuration stopped. */
  readonly onStrategyStopped?: (name: string, error: StrategyError) => void;
}

const PAPER = 'paper';

/**
 * Runs the trader's enabled configurations on their accounts (paper, or an armed live account) with the
 * backtester's engine: closed 1m bars in (RunFeeds), intents out through the account's order pipeline under
 * the configuration's name. A new engine warms up on history (every order refused), then takes over its
 * positions from the ledger with their saved exits; fills it did not send (a flatten) reach it through the ledger.
 */
export class StrategyRunner {
  private readonly runs = new Map<string, Running>();
  /** Built-ins and the strategies folder's files by name, listed again whenever the trader saves or switches a configuration. */
  private registry: StrategyRegistry = StrategyRegistry.builtins();
  private readonly problems = new RunProblems();
  private readonly detach: (() => void)[] = [];
  private readonly levels = new StrategyLevelBoard();
  private readonly guard: ConfigGuard;
  private readonly feeds: RunFeeds;

  constructor(private readonly options: StrategyRunnerOptions) {
    this.guard = new ConfigGuard(options);
    this.feeds = new RunFeeds(options.market, options.liveFeed, (key, update) => this.onBar(key, update), (key, feed, symbols) => options.admission?.warmFeed?.(key, feed, symbols));
  }

  async start(): Promise<void> {
    this.registry = await StrategyRegistry.load(this.options.dataDir);
    this.feeds.startChart();
    this.detach.push(this.options.ledger.onChange((change) => this.mirror(change)));
    for (const record of this.options.configs.list()) if (record.enabled) await this.launch(record);
  }

  async stop(): Promise<void> {
    for (const off of this.detach.splice(0)) off();
    for (const [name, run] of this.runs) {
      run.engine.close();
      this.levels.forget(name);
    }
    this.runs.clear();
    await this.feeds.stop();
  }

  /** The chart is about to show another market: paper configurations stop; live ones go on with their venue's bars. */
  chartSwitching(): void {
    for (const [name, run] of this.runs) {
      if (this.feeds.keyOf(run.record.account) !== CHART_FEED) continue;
      run.engine.close();
      this.levels.forget(name);
      this.runs.delete(name);
    }
  }

  /** The chart shows its new market: the paper configurations start again on it. */
  async chartSwitched(): Promise<void> {
    for (const record of this.options.configs.list()) {
      if (record.enabled && !this.runs.has(record.name) && this.feeds.keyOf(record.account) === CHART_FEED) await this.launch(record);
    }
    this.options.onChange();
  }

  /** A closed 1m bar of feed `key`: the configurations running on that feed trade it. */
  private onBar(key: string, update: CandleUpdate): void {
    if (!update.closed || update.timeframe !== '1m') return;
    const { admission } = this.options; // every configuration's wishes on a bar are weighed together when it settles
    const onFeed = [...this.runs.values()].filter((run) => run.symbols.includes(update.symbol) && this.feeds.keyOf(run.record.account) === key);
    // The chart's bars always reach the desk's bar book; a venue's only while configurations trade it.
    if (onFeed.length === 0 && key !== CHART_FEED) return;
    admission?.openBar(update.symbol, update.candle, key);
    for (const run of onFeed) {
      run.engine.onCandle(update.symbol, update.candle);
      // Stops, take profits, the trailing stop and pending exits move with bars: saved as they change.
      if (!run.warming) this.saveExits(run, update.symbol);
    }
    admission?.settleBar(update.symbol, this.candidates(onFeed, update.symbol));
    this.publishLevels([update.symbol]);
  }

  /** A loaded strategy (built-in or the trader's file) by name: shadow variants run the same definition. */
  strategy(name: string) {
    return this.registry.get(name) ?? null;
  }

  strategies(): StrategyRegistry { return this.registry; }
  /** The key of the feed a configuration on `account` trades (the chart's market, or its venue's). */
  feedOf(account: string): string { return this.feeds.keyOf(account); }

  /** The running engine of a configuration on `account`, if it trades `symbol`. */
  engineFor(account: string, name: string, symbol: MarketSymbol) {
    const run = this.runs.get(name);
    return run && run.record.account === account && run.symbols.includes(symbol) && !run.warming ? run.engine : null;
  }

  /** The exits of a running configuration's position (ExitSupervisor), or null when no engine runs it. */
  running(account: string, name: string, symbol: MarketSymbol) {
    const engine = this.engineFor(account, name, symbol);
    const position = engine?.position(symbol) ?? null;
    return engine && position ? { exits: position.exits, pending: position.pendingExit } : null;
  }

  /** The exits last saved for a position no engine runs (shown as "not enforced"). */
  saved(account: string, name: string, symbol: MarketSymbol, tradeId: string) { return this.options.exitStates.restore(account, name, symbol, tradeId).exits; }

  /**
   * Closes (part of) a running configuration's position at market — the trader's act from the row: it
   * goes through even while automatic exits are paused. Null when no engine of it runs the symbol.
   */
  async closeFromRow(account: string, name: string, symbol: MarketSymbol, quantity: number | 'all'): Promise<SubmitOutcome | null> {
    const engine = this.engineFor(account, name, symbol);
    if (!engine) return null;
    const outcome = engine.closePosition(symbol, 'manual', this.options.now(), quantity);
    if (outcome === null) return { ok: false, stage: 'ownership', message: `${name} has nothing left to sell in ${symbol} beyond its working exit orders` };
    if (!outcome.ok) return { ok: false, stage: outcome.stage === 'risk' ? 'risk' : 'rules', message: outcome.message };
    return this.options.pipeline.outcomeOf(outcome.clientOrderId);
  }

  enabled(): { name: string; symbols: readonly string[]; account: string }[] {
    return [...this.runs.values()].map((run) => ({ name: run.record.name, symbols: run.symbols, account: run.record.account }));
  }

  /** The sizing budgets moved (allocation changed, equity moved): running engines size from the new ones. */
  async refreshBudgets(): Promise<void> {
    for (const run of this.runs.values()) {
      const budget = await this.options.budget(run.record.account, run.symbols, run.record.name);
      if (budget !== null && this.runs.get(run.record.name) === run) run.engine.setBudget(budget);
    }
  }

  /** Configurations and what each is doing, for the Strategies tab. */
  statuses(): ConfigStatus[] {
    return this.options.configs.list().map((record) => this.status(record.name));
  }

  status(name: string): ConfigStatus {
    const record = this.options.configs.current(name);
    if (!record) throw new UnknownConfigError(name);
    const open = this.options.ledger.entries(record.account).filter((entry) => entry.owner === name).length;
    return configStatus(record, this.runs.get(name) ?? null, this.problems.problem(name), this.options.halted(), open, this.options.realized(record.account, name), this.problems.lastError(name), this.problems.stoppedSymbols(name));
  }

  levelsOf(symbol: MarketSymbol) {
    return this.levels.levels(symbol);
  }

  /** Saves a new version (validated by the strategy's schema) and applies it; `knownParamsOnly` (the trader's save) refuses names the strategy lacks (a file is read for them). */
  async save(input: { name: string; strategy: string; params: unknown; symbols: readonly MarketSymbol[]; enabled: boolean; account: string; create?: boolean | undefined }, options: { knownParamsOnly?: boolean } = {}): Promise<ConfigStatus> {
    if (input.create) checkNameFree(input.name, this.options.configs.current(input.name));
    this.registry = await StrategyRegistry.load(this.options.dataDir).catch(() => this.registry); // a file dropped in since start is usable
    const registered = options.knownParamsOnly ? await this.registry.describe(input.strategy).catch(() => this.registry.get(input.strategy)) : this.registry.get(input.strategy);
    if (!registered) throw new ConfigRefused('strategy', `no strategy named "${input.strategy}"; available: ${this.registry.list().map((s) => s.name).join(', ')}`);
    // A live account's symbols are checked against its venue (ConfigGuard); paper trades the chart's market.
    const unknown = this.feeds.keyOf(input.account) === CHART_FEED ? input.symbols.filter((symbol) => !this.options.market.current.symbols().includes(symbol)) : [];
    if (unknown.length > 0) throw new ConfigRefused('symbols', `not in the current market: ${unknown.join(', ')}`);
    this.guard.check(input.name, input.account, input.enabled, input.symbols);
    // Checked here with the schema the store validates with again, so its refusal cannot happen after this.
    checkParams(input, registered.definition, options.knownParamsOnly);
    const record = this.options.configs.save(input, registered.definition.params);
    await this.relaunch(record);
    return this.status(record.name);
  }

  async setEnabled(name: string, enabled: boolean): Promise<ConfigStatus> {
    const current = this.options.configs.current(name);
    if (!current) throw new UnknownConfigError(name);
    this.registry = await StrategyRegistry.load(this.options.dataDir).catch(() => this.registry); // a file dropped in since start is usable
    const registered = this.registry.get(current.strategy);
    // Switching off never needs the strategy: a configuration whose file was removed can still be stopped.
    if (!registered && enabled) throw new ConfigRefused('strategy', `strategy "${current.strategy}" is not loaded: no built-in, and no file in the strategies folder, has that name`);
    if (enabled) this.guard.check(name, current.account, enabled, current.symbols);
    const record = this.options.configs.save({ name, strategy: current.strategy, params: current.params, symbols: current.symbols, enabled, account: current.account }, registered?.definition.params ?? z.unknown());
    await this.relaunch(record);
    return this.status(name);
  }

  /**
   * The trader disarms a live account: its configurations stop (switched off: running them again needs
   * the account armed again) and their working orders there are cancelled while the connection is up;
   * the stops protecting their positions stay at the venue.
   */
  async accountDisarmed(account: string): Promise<void> {
    for (const record of this.options.configs.list()) {
      if (record.account !== account || !record.enabled) continue;
      await this.halt(record.name, `${account} was disarmed`);
      const registered = this.registry.get(record.strategy);
      if (registered) this.options.configs.save({ ...record, enabled: false }, registered.definition.params);
      this.problems.forgetProblem(record.name);
    }
    this.options.onChange();
  }

  /** Live accounts connected (at start, on arm): enabled configurations waiting for theirs start now. */
  async accountsChanged(): Promise<void> {
    let changed = false;
    for (const record of this.options.configs.list()) {
      if (!record.enabled || record.account === PAPER || this.runs.has(record.name)) continue;
      if (!this.options.enginePort(record.account)) continue;
      this.problems.forgetProblem(record.name);
      await this.launch(record);
      changed = true;
    }
    if (changed) this.options.onChange();
  }

  /** Stops a configuration's engine and cancels its working orders on its account (nothing of it keeps working unwatched but the stops protecting its positions). */
  private async halt(name: string, why: string): Promise<void> {
    const run = this.runs.get(name);
    if (run) {
      run.engine.close();
      this.runs.delete(name);
      this.levels.forget(name);
    }
    await this.feeds.detach(name);
    const record = run?.record ?? this.options.configs.current(name);
    if (record) await this.cancelWorking(name, record.account, why, this.options.keepWorking);
  }

  private async relaunch(record: StrategyConfigRecord): Promise<void> {
    const previous = this.runs.get(record.name);
    const previousAccount = previous?.record.account ?? null;
    // Switched off (or moved to another account): its working orders are cancelled before it shows stopped.
    if (previous || !record.enabled) await this.halt(record.name, record.enabled ? `moved to ${record.account}` : 'switched off');
    if (previousAccount !== null && previousAccount !== record.account) await this.cancelWorking(record.name, previousAccount, `moved to ${record.account}`, this.options.keepWorking);
    this.problems.forget(record.name);
    if (record.enabled) await this.launch(record);
    this.options.onChange();
    this.publishLevels([...(previous?.symbols ?? []), ...record.symbols]);
  }

  private async launch(record: StrategyConfigRecord): Promise<void> {
    const live = record.account !== PAPER;
    const port = this.options.enginePort(record.account);
    const registered = this.registry.get(record.strategy);
    this.problems.forgetStops(record.name);
    if (!port || !registered) {
      this.problems.cannotRun(record.name, !port ? (live ? `live account ${record.account} is not armed` : 'no trading account yet') : `strategy "${record.strategy}" is not loaded: no built-in, and no file in the strategies folder, has that name`);
      return;
    }
    // A live account's configuration trades on its own exchange's bars, never the chart's other market.
    let feed;
    try {
      feed = await this.feeds.attach(record.name, record.account, record.symbols);
    } catch (error) {
      this.problems.cannotRun(record.name, `${accountExchange(record.account)} market data is unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const symbols = record.symbols.filter((symbol) => feed.symbols().includes(symbol));
    const stopped = (symbol: MarketSymbol, why: string) => this.problems.stopped(record.name, symbol, why, record.symbols);
    for (const symbol of record.symbols.filter((each) => !symbols.includes(each))) stopped(symbol, this.feeds.keyOf(record.account) === CHART_FEED ? 'not in the current market' : `not on ${accountExchange(record.account)}'s market`);
    const budget = (await this.options.budget(record.account, symbols, record.name)) ?? 0;
    let run: Running;
    try {
      // A trader's file: loaded into a sandbox of its own now (the trader enabled it), closed with the engine.
      const strategy = await this.registry.runnable(record.strategy, [record.params], { views: true });
      run = buildEngine({
        record,
        definition: this.levels.track(record.name, strategy),
        builtin: registered.builtin, file: registered.file,
        symbols,
        port,
        budget,
        pipeline: this.options.pipeline,
        signals: this.options.signals,
        halted: this.options.halted,
        onFill: (running, symbol) => this.saveExits(running, symbol),
        // An error is its last one while it goes on trading; `error:` once the engine stops it (fatal, or too many in a row).
        onProblem: (error) => {
          this.problems.errored(record.name, error, this.options.now());
          if (error.fatal) this.options.onStrategyStopped?.(record.name, error); // the events feed says why
        },
        onStopped: stopped,
        ...(this.options.admission ? { admission: this.options.admission } : {}),
      });
      this.runs.set(record.name, run);
      await this.cancelWorking(record.name, record.account, 'left working by the previous run', this.options.keepWorking);
      // A symbol whose history fails stops there; the others go on (none left: the configuration cannot run).
      await warmUp(run, strategy, feed, (symbol, error) => stopped(symbol, `market data is unavailable: ${error instanceof Error ? error.message : String(error)}`));
      if (run.symbols.length === 0) throw new Error(this.problems.problem(record.name) ?? 'no symbol has market data');
      // After the warm-up (its bars predate the position: its exits must not fire on them), before the
      // first live bar: the configuration's positions from the ledger, with their exits as they were saved.
      for (const entry of this.options.ledger.entries(record.account)) {
        if (entry.owner !== record.name || !run.symbols.includes(entry.symbol)) continue;
        const position = entry.position.clone();
        const saved = this.options.exitStates.restore(record.account, record.name, entry.symbol, position.tradeId);
        if (saved.highest !== null) position.markHigh(saved.highest);
        run.engine.restorePosition(position, saved.exits, saved.pendingExit);
      }
      run.warming = false;
      this.levels.goLive(record.name);
    } catch (error) {
      this.runs.delete(record.name);
      this.levels.forget(record.name);
      await this.feeds.detach(record.name);
      this.problems.cannotRun(record.name, error instanceof Error ? error.message : String(error));
    }
  }

  /** Cancels the configuration's working orders on `account` through the account's order queue, and logs each. */
  private async cancelWorking(name: string, account: string, why: string, keep: (order: OrderRecord) => boolean = () => false): Promise<void> {
    for (const order of this.options.workingOrders(account).filter((o) => o.strategy === name && !keep(o))) {
      const result = await this.options.pipeline.cancel(order.clientOrderId);
      const outcome = result.ok ? 'canceled' : `cancel failed: ${result.message} (cancel it from Open Orders)`;
      this.options.signals.record({ time: this.options.now(), strategy: name, symbol: order.symbol, timeframe: null, kind: 'orphan_cancel', score: null, components: {}, reason: `order ${order.clientOrderId} ${why}`, outcome });
    }
  }

  /**
   * A fill of a configuration's order that its engine did not send (a flatten, a close of a leftover, an
   * entry that filled while no engine ran): the running engine takes it too, so it never believes in a
   * position the ledger no longer holds.
   */
  private mirror(change: LedgerChange): void {
    const run = this.runs.get(change.owner);
    if (!run || run.warming || run.record.account !== change.account || run.engine.sent(change.fill.clientOrderId)) return;
    if (change.fill.side === 'sell' && change.trade) run.engine.applyExternalExit({ ...change.fill, amount: change.quantity }, change.trade.reason);
    else if (change.fill.side === 'buy') run.engine.applyExternalEntry(change.fill, change.tradeId);
    this.saveExits(run, change.fill.symbol);
  }

  private saveExits(run: Running, symbol: MarketSymbol): void {
    const position = run.engine.position(symbol);
    this.options.exitStates.sync(run.record.account, run.record.name, symbol, position);
    const stop = position?.isOpen && position.exits ? bindingStop(position.exits) : null;
    this.options.onStop?.({ account: run.record.account, owner: run.record.name, symbol, stop: stop === null || position === null ? null : { ...stop, quantity: position.quantity } });
  }

  /** Running configurations of one feed on `symbol`, for the orchestrator's near misses. */
  private candidates(runs: readonly Running[], symbol: MarketSymbol) {
    return runs
      .filter((run) => !run.warming)
      .map((run) => ({ account: run.record.account, config: run.record.name, strategy: run.record.strategy, version: run.record.version, readiness: () => run.engine.readiness(symbol), holds: run.engine.position(symbol) !== null }));
  }

  /** Tells the chart about symbols whose strategy levels moved (a grid set up, filled or cancelled). */
  private publishLevels(symbols: readonly MarketSymbol[]): void {
    for (const symbol of new Set(symbols)) {
      const levels = this.levels.changed(symbol);
      if (levels) this.options.onLevels(symbol, levels);
    }
  }
}

import type { CommandParsedArgs, EventPayload } from '../api/contract/index.js';
import type { StrategyShadowsView } from '../api/contract/strategy-shadows.js';
import { ApiError, paramIssues } from '../api/errors.js';
import type { MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import { backtestRiskGate } from '../risk/backtest-gate.js';
import type { RiskConfigInput } from '../risk/config.js';
import type { StrategyConfigRecord, StrategyConfigRepository } from '../store/repositories/strategy-configs.js';
import type { StrategyShadowRepository } from '../store/repositories/strategy-shadows.js';
import { unknownParamIssues } from '../strategies/known-params.js';
import type { RegisteredStrategy } from '../strategies/registry.js';
import type { EventBus } from './event-bus.js';
import type { HandlerMap } from './handlers/merge.js';
import type { MarketService } from './market-service.js';
import { CHAMPION, LiveShadowSet } from './shadow-set.js';
import type { LaneReadout } from '../orchestrator/tuning/evaluate.js';

/** Every lane replays its bars on the core's thread: a bound on how many a configuration may shadow. */
const MAX_VARIANTS = 20;
/** Cash the lanes start with when the paper account has no equity yet. */
const DEFAULT_CASH = 10_000;

export interface StrategyShadowsOptions {
  readonly configs: StrategyConfigRepository;
  readonly variants: StrategyShadowRepository;
  readonly market: MarketService;
  readonly events: EventBus;
  /** The loaded strategy (the runner's registry: built-ins and the trader's files); null when not loaded. */
  readonly strategy: (name: string) => RegisteredStrategy | null;
  /** The paper account's rules for a symbol (lanes size and round as it does); null when it has none. */
  readonly marketRules: (symbol: MarketSymbol) => MarketRules | null;
  /** Notional cash of every lane: the paper account's equity, as the runner budgets the champion. */
  readonly cash: () => number;
  readonly riskConfig: () => RiskConfigInput;
  /** Saves a configuration version exactly as the Parameters editor does (`strategies.save`). */
  readonly save: (input: CommandParsedArgs<'strategies.save'>) => Promise<unknown>;
  /** Least time between two update events of one configuration (bars can close many times a second). */
  readonly throttleMs?: number;
}

/**
 * Live shadow variants: for every enabled strategy configuration, its champion (the current parameters)
 * and the trader's parameter variants run on the same closed 1m bars, each in its own paper lane — no
 * order reaches the paper or a live account. Variants are saved per configuration; promoting one saves
 * its parameters as the configuration's next version and keeps the replaced ones as a variant.
 */
export class StrategyShadows {
  private readonly sets = new Map<string, LiveShadowSet>();
  private readonly dirty = new Set<string>();
  /** Why an enabled configuration has no comparison running. */
  private readonly problems = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private detach: (() => void)[] = [];
  private syncing: Promise<void> = Promise.resolve();
  /** Name, version and switch of each configuration in the last `strategies.updated` that synced the sets. */
  private versionsSeen = '';

  constructor(private readonly options: StrategyShadowsOptions) {}

  async start(): Promise<void> {
    this.detach.push(
      this.options.market.onCandle((update) => {
        if (!update.closed || update.timeframe !== '1m') return;
        for (const set of this.sets.values()) if (set.onCandle(update.symbol, update.candle)) this.changed(set.name);
      }),
      // The runner announces every saved version and switch: the champion follows the configuration.
      // The same event carries readiness, positions and P&L as they move: those change no set.
      this.options.events.subscribe((name, payload) => {
        if (name !== 'strategies.updated') return;
        const versions = JSON.stringify((payload as EventPayload<'strategies.updated'>).configs.map((config) => [config.name, config.version, config.enabled]));
        if (versions === this.versionsSeen) return;
        this.versionsSeen = versions;
        void this.sync().catch(() => undefined);
      }),
    );
    await this.sync();
  }

  stop(): void {
    for (const off of this.detach.splice(0)) off();
    for (const set of this.sets.values()) set.stop();
    this.sets.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty.clear();
  }

  /** Brings the sets in line with the configurations: one per enabled configuration, at its current version. */
  sync(): Promise<void> {
    const work = this.syncing.then(() => this.reconcile());
    this.syncing = work.catch(() => undefined);
    return work;
  }

  /** The lanes of a configuration's comparison as the threshold manager reads them (empty while not running). */
  lanes(name: string): LaneReadout[] {
    return this.sets.get(name)?.readouts() ?? [];
  }

  /** Keeps `params` as a variant of `name` under a free id based on `base` (it joins when the set restarts). */
  keep(name: string, base: string, params: Readonly<Record<string, unknown>>): string {
    const id = this.freeId(name, base);
    this.options.variants.add(name, id, params);
    return id;
  }

  /** Removes a variant the threshold manager kept, if it is still there. */
  drop(name: string, id: string): void {
    if (this.options.variants.remove(name, id)) this.sets.get(name)?.remove(id);
  }

  handlers(): HandlerMap {
    return {
      'strategies.shadows': async ({ name }) => this.view(name),
      'strategies.addShadow': async ({ name, id, params }) => {
        const record = this.record(name);
        const registered = this.registered(record);
        const saved = this.options.variants.list(name);
        if (saved.some((variant) => variant.id === id)) throw new ApiError('bad_request', `${name} already has a variant named "${id}"`, [{ path: 'id', message: `"${id}" is taken: choose another name` }]);
        if (saved.length >= MAX_VARIANTS) throw new ApiError('rejected', `${name} already has ${MAX_VARIANTS} variants: remove one first`);
        // A variant is the champion with the fields the trader changed, validated by the strategy's own schema.
        // The fields the trader typed must name parameters of the strategy (a typo would shadow the champion itself).
        const unknown = unknownParamIssues(registered.definition, Object.keys(params));
        const parsed = registered.definition.params.safeParse({ ...(record.params as Record<string, unknown>), ...params });
        const refused = unknown.length > 0 ? unknown : parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        if (refused.length > 0 || !parsed.success) {
          const issues = paramIssues(refused);
          throw new ApiError('bad_request', `variant ${id} of ${name}: ${issues.map((issue) => `${issue.path.slice(7)}: ${issue.message}`).join('; ')}`, issues);
        }
        this.options.variants.add(name, id, parsed.data);
        const set = this.sets.get(name);
        if (set) await set.add([{ id, params: parsed.data }]).catch((error: unknown) => this.fail(name, error));
        return this.announce(name);
      },
      'strategies.removeShadow': async ({ name, id }) => {
        this.record(name);
        if (!this.options.variants.remove(name, id)) throw new ApiError('not_found', `${name} has no variant named "${id}"`);
        this.sets.get(name)?.remove(id);
        return this.announce(name);
      },
      'strategies.promoteShadow': async ({ name, id }) => {
        const record = this.record(name);
        this.registered(record);
        const variant = this.options.variants.get(name, id);
        if (!variant) throw new ApiError('not_found', `${name} has no variant named "${id}"`);
        const keptAs = this.freeId(name, `${CHAMPION}-v${record.version}`);
        // Swapped first so the configuration's restart (announced by the save) already shadows the old champion.
        this.options.variants.swap(name, id, keptAs, record.params);
        try {
          await this.options.save({ name, strategy: record.strategy, params: variant.params as Record<string, unknown>, symbols: [...record.symbols], enabled: record.enabled, account: record.account });
        } catch (error) {
          this.options.variants.swap(name, keptAs, id, variant.params);
          throw error;
        }
        await this.sync();
        return { shadows: this.announce(name), keptAs };
      },
    };
  }

  private async reconcile(): Promise<void> {
    const records = new Map(this.options.configs.list().map((record) => [record.name, record]));
    for (const [name, set] of this.sets) {
      const record = records.get(name);
      if (record?.enabled && record.version === set.version) continue;
      set.stop();
      this.sets.delete(name);
      this.announce(name);
    }
    const starting: Promise<void>[] = [];
    for (const record of records.values()) {
      if (!record.enabled) this.problems.delete(record.name);
      if (!record.enabled || this.sets.has(record.name)) continue;
      const set = this.build(record);
      if (typeof set === 'string') {
        this.problems.set(record.name, set);
        continue;
      }
      this.problems.delete(record.name);
      this.sets.set(record.name, set);
      const variants = this.options.variants.list(record.name).map((variant) => ({ id: variant.id, params: variant.params }));
      const started = set.add([{ id: CHAMPION, params: record.params }, ...variants]).then(
        () => void this.announce(record.name),
        (error: unknown) => {
          // Nothing trades on these lanes: a comparison that cannot start says why and leaves the configuration alone.
          set.stop();
          if (this.sets.get(record.name) === set) this.sets.delete(record.name);
          this.problems.set(record.name, `could not warm up: ${error instanceof Error ? error.message : String(error)}`);
          this.announce(record.name);
        },
      );
      starting.push(started);
    }
    await Promise.all(starting);
  }

  /** The configuration's set of lanes, or why it cannot have one. */
  private build(record: StrategyConfigRecord): LiveShadowSet | string {
    const registered = this.options.strategy(record.strategy);
    if (!registered) return `strategy "${record.strategy}" is not loaded`;
    // A file runs only in its sandbox, one per run; its variants are compared as separate backtests for now.
    if (!registered.builtin) return `shadow variants run built-in strategies; ${record.strategy} is a strategy file (compare its parameters as backtests)`;
    const markets = record.symbols.filter((symbol) => this.options.market.current.symbols().includes(symbol)).map((symbol) => this.options.marketRules(symbol));
    const usable = markets.filter((rules): rules is MarketRules => rules !== null);
    if (usable.length === 0) return `none of ${record.symbols.join(', ')} trades on the current market`;
    const tiers = new Map(usable.map((rules) => [rules.symbol, rules.tier]));
    const equity = this.options.cash();
    return new LiveShadowSet({
      name: record.name,
      version: record.version,
      strategy: registered.definition,
      builtin: registered.builtin,
      markets: usable,
      cash: equity > 0 ? equity : DEFAULT_CASH,
      riskGate: () => backtestRiskGate({ config: this.options.riskConfig(), tierOf: (symbol) => tiers.get(symbol) ?? 'small' })({ benchmark: null, timeframe: '1m', strategy: registered.definition.name }),
      history: (symbol, minutes) => this.options.market.current.history(symbol, '1m', minutes),
      bars: (symbol, timeframe, limit) => this.options.market.current.history(symbol, timeframe, limit),
    });
  }

  private view(name: string): StrategyShadowsView {
    this.record(name);
    const set = this.sets.get(name);
    return {
      name,
      state: set?.state ?? 'stopped',
      problem: this.problems.get(name) ?? null,
      cash: set?.options.cash ?? null,
      variants: this.options.variants.list(name).map((variant) => ({ id: variant.id, params: variant.params as Record<string, unknown> })),
      rows: set?.rows() ?? [],
    };
  }

  /** Sends the configuration's comparison now (after a change the trader made). */
  private announce(name: string): StrategyShadowsView {
    this.dirty.delete(name);
    const shadows = this.view(name);
    this.options.events.emit('strategies.shadows', { shadows });
    return shadows;
  }

  /** A bar moved the figures: sent with the next throttled batch. */
  private changed(name: string): void {
    this.dirty.add(name);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const dirty of [...this.dirty]) if (this.options.configs.current(dirty)) this.announce(dirty);
    }, this.options.throttleMs ?? 500);
  }

  private fail(name: string, error: unknown): never {
    throw new ApiError('unavailable', `shadow variants of ${name} could not warm up: ${error instanceof Error ? error.message : String(error)}`);
  }

  private record(name: string): StrategyConfigRecord {
    const record = this.options.configs.current(name);
    if (!record) throw new ApiError('not_found', `no strategy configuration "${name}"`);
    return record;
  }

  private registered(record: StrategyConfigRecord): RegisteredStrategy {
    const registered = this.options.strategy(record.strategy);
    if (!registered) throw new ApiError('unavailable', `strategy "${record.strategy}" is not loaded`);
    return registered;
  }

  private freeId(name: string, base: string): string {
    const taken = new Set(this.options.variants.list(name).map((variant) => variant.id));
    if (!taken.has(base)) return base;
    let n = 2;
    while (taken.has(`${base}-${n}`)) n++;
    return `${base}-${n}`;
  }
}

import type { StrategyConfigRecord } from '../../runner/config-record.js';
import type { ActiveFilter } from '../desk.js';
import { FEATURE_NAMES } from '../features.js';
import type { PolicyBook } from '../policies.js';
import type { DecisionLog, DecisionRecord, ModelRecord, ModelStore, NewDecision } from '../records.js';
import { BoostedModel, type BoostedModelJson } from './boosted-trees.js';
import { LeakageError, type FilterExample } from './dataset.js';
import type { TrainedFilter, TrainOptions } from './train-filter.js';

const HOUR = 3_600_000;
/** The filter of every enabled configuration is retrained this often (wall clock). */
export const RETRAIN_EVERY_MS = 24 * HOUR;
/** At most this many of the newest closed setups are trained on. */
const MAX_EXAMPLES = 5_000;

/** Trades a shadow lane or a backtest took, with the features known when each was entered. */
export type LoggedTrade = Omit<NewDecision, 'verdict'> & { readonly outcome: NonNullable<NewDecision['outcome']> };

export interface FilterServiceOptions {
  readonly models: ModelStore;
  readonly decisions: DecisionLog;
  readonly trainer: { train(examples: readonly FilterExample[], options: TrainOptions): Promise<TrainedFilter> };
  readonly configs: { current(name: string): StrategyConfigRecord | null; list(): StrategyConfigRecord[] };
  readonly policies: PolicyBook;
  /** Trades the configuration's shadow variants took (marked `shadow`). */
  readonly shadowTrades: (record: StrategyConfigRecord) => readonly LoggedTrade[];
  /** Trades its current parameters take in a backtest over the recent bars (marked `backtest`). */
  readonly backtestTrades: (record: StrategyConfigRecord) => Promise<readonly LoggedTrade[]>;
  readonly changed: (config: string) => void;
  /** Wall-clock time (the schedule). */
  readonly now: () => number;
  /** True while HALTED (emergency stop): scheduled trainings wait (a new active version would change what trades); the trader's own retrain still runs. */
  readonly halted?: () => boolean;
}

/** Training that cannot go ahead (a leak from the future, a configuration that is gone). */
export class TrainingRefused extends Error {
  override readonly name = 'TrainingRefused';
}

/**
 * Each configuration's learned setup filter: trains a new version on demand and every day (in a worker,
 * off the trading path) from the decision log's closed setups — live, paper, shadow and backtest —
 * keeps every version with its features and out-of-sample results, and serves the active one to the
 * admission desk. A version whose walk-forward results trail the rule-only baseline is never active.
 */
export class FilterService {
  private readonly loaded = new Map<number, BoostedModel>();
  private readonly training = new Map<string, Promise<ModelRecord>>();
  private readonly failures = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: FilterServiceOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.retrainDue(), HOUR);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The configuration's active filter, if one is in use (never one trained while it ran another strategy). */
  active(config: string): ActiveFilter | null {
    const record = this.activeRecord(config);
    if (!record || record.model === null) return null;
    let model = this.loaded.get(record.id);
    if (!model) {
      model = new BoostedModel(record.model as BoostedModelJson);
      this.loaded.set(record.id, model);
    }
    const features = model.features;
    return { version: record.version, predict: (values) => model.predict(features.map((name) => values[name] ?? 0)) };
  }

  versions(config: string, limit = 10): ModelRecord[] {
    this.activeRecord(config);
    return this.options.models.list(config, limit);
  }

  /** The active version; one trained while the configuration ran another strategy is retired first (kept, never used). */
  private activeRecord(config: string): ModelRecord | null {
    const record = this.options.models.active(config);
    const strategy = this.options.configs.current(config)?.strategy;
    if (!record || strategy === undefined || record.strategy === strategy) return record;
    this.options.models.deactivate(config, `inactive: trained while ${config} ran ${record.strategy ?? 'another strategy'}; it runs ${strategy} now`);
    this.options.changed(config);
    return null;
  }

  /** Why the last training failed (cleared by the next success). */
  failure(config: string): string | null {
    return this.failures.get(config) ?? null;
  }

  nextScheduledAt(config: string): number | null {
    const record = this.options.configs.current(config);
    if (!record?.enabled) return null;
    const last = this.options.models.list(config, 1)[0];
    // Never trained: the first training comes an hour after the version was saved (then every day).
    return last ? last.createdAt + RETRAIN_EVERY_MS : record.createdAt + HOUR;
  }

  /** Trains a new version now (one training per configuration at a time). */
  retrain(config: string, trigger: 'manual' | 'schedule' = 'manual'): Promise<ModelRecord> {
    const running = this.training.get(config);
    if (running) return running;
    const work = this.train(config, trigger).finally(() => this.training.delete(config));
    this.training.set(config, work);
    return work;
  }

  /** Training data as it stands: the closed setups of the strategy the configuration runs now (another strategy's stay in the log). */
  examples(config: string): FilterExample[] {
    const strategy = this.options.configs.current(config)?.strategy;
    return this.options.decisions.outcomes(config, MAX_EXAMPLES, strategy).map(toExample);
  }

  /** Logs the trades the configuration's shadow variants closed so far (each once). */
  recordShadowTrades(record: StrategyConfigRecord): void {
    for (const trade of this.options.shadowTrades(record)) this.options.decisions.record({ ...trade, verdict: 'entered' });
  }

  private async train(config: string, trigger: 'manual' | 'schedule'): Promise<ModelRecord> {
    const record = this.options.configs.current(config);
    if (!record) throw new TrainingRefused(`no strategy configuration "${config}"`);
    this.recordShadowTrades(record);
    for (const trade of await this.options.backtestTrades(record)) this.options.decisions.record({ ...trade, verdict: 'entered' });
    const policy = this.options.policies.get(config);
    let trained: TrainedFilter;
    try {
      trained = await this.options.trainer.train(this.examples(config), { features: FEATURE_NAMES, blend: { weight: policy.filterWeight, minScore: policy.filterMinScore } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures.set(config, message);
      this.options.changed(config);
      throw error instanceof LeakageError ? new TrainingRefused(`training refused: ${message}`) : error;
    }
    this.failures.delete(config);
    if (!trained.active) this.options.models.deactivate(config, `replaced by a newer version that is ${trained.status}`);
    const saved = this.options.models.add({
      config,
      createdAt: this.options.now(),
      trigger,
      features: trained.features,
      samples: trained.samples,
      metrics: trained.metrics,
      model: trained.model,
      active: trained.active && trained.model !== null,
      status: trained.status,
      strategy: record.strategy,
    });
    this.options.changed(config);
    return saved;
  }

  private async retrainDue(): Promise<void> {
    // Once re-armed, the next hourly check trains each due configuration once, on the setups logged by then.
    if (this.options.halted?.()) return;
    for (const record of this.options.configs.list()) {
      const due = this.nextScheduledAt(record.name);
      if (due !== null && due <= this.options.now()) await this.retrain(record.name, 'schedule').catch(() => undefined);
    }
  }
}

function toExample(decision: DecisionRecord): FilterExample {
  return {
    id: `d${decision.id}`,
    time: decision.time,
    source: decision.source,
    features: decision.features,
    featureTimes: decision.featureTimes,
    closedAt: decision.closedAt ?? decision.time,
    ret: decision.outcomeReturn ?? 0,
  };
}

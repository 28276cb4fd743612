import { z } from 'zod';
import type { MarketSymbol, Timeframe } from '../../market/candle.js';
import { lazySchema } from '../../market/lazy-schema.js';
import type { ClosedPositionOutcome, DeferredStrategyInstance, Intent, StrategyContext } from '../contract.js';
import { StrategyError } from '../strategy-error.js';
import type { SandboxClient } from './client.js';
import { SANDBOX_LIMITS } from './limits.js';
import { SandboxCallError } from './protocol.js';

const levelSchema = lazySchema(() => z.object({ price: z.number(), label: z.string() }));
const decisionSchema = lazySchema(() =>
  z.object({
    intents: z.array(z.unknown()),
    readiness: z.number().nullable().optional(),
    readinessError: z.string().nullable().optional(),
    levels: z.array(levelSchema()).nullable().optional(),
  }),
);
const closedSchema = lazySchema(() => z.object({ levels: z.array(levelSchema()).nullable() }));

export interface SandboxedInstanceOptions {
  readonly client: SandboxClient;
  readonly strategy: string;
  readonly id: number;
  readonly params: unknown;
  readonly symbol: MarketSymbol;
  readonly timeframes: readonly Timeframe[];
  readonly windowBars: number;
  readonly views: boolean;
  readonly released: () => void;
}

/**
 * One symbol's instance of a trader's file, living in the sandbox; this is the engine's handle on it.
 * Each bar crosses as JSON (the sandbox keeps its own candle windows, so only the new bar travels)
 * and the decision comes back as a promise: the engine checks the intents against the contract
 * before acting on them. Readiness and chart levels come back with each decision and are read from
 * here, so nothing outside the engine ever waits on the file.
 */
export class SandboxedInstance implements DeferredStrategyInstance {
  private readonly client: SandboxClient;
  private readonly id: string;
  private createFailure: StrategyError | null = null;
  private closedFailure: StrategyError | null = null;
  /** The score of the last decision; null before the file has answered with one, or when its readiness() threw or gave no number (no score, not 0). */
  private lastReadiness: number | null = null;
  private readinessFailure: StrategyError | null = null;
  private lastLevels: readonly { price: number; label: string }[] = [];
  private disposed = false;

  constructor(private readonly options: SandboxedInstanceOptions) {
    this.client = options.client;
    this.id = String(options.id);
    // Math.random's seed inside the sandbox: the same strategy, parameters and symbol draw the same numbers in every run.
    const seed = `${options.strategy}\n${stableKey(options.params)}\n${options.symbol}`;
    const args = { id: this.id, params: options.params, symbol: options.symbol, timeframes: options.timeframes, windowBars: options.windowBars, seed };
    // Queued before any bar: the sandbox answers in order, so a failed create is known when the first bar's answer comes.
    this.client.call('create', [JSON.stringify(args)], SANDBOX_LIMITS.createMs).catch((error: unknown) => {
      this.createFailure = this.failure('create', error, true);
    });
  }

  onCandle(context: StrategyContext): Promise<readonly Intent[]> {
    const wire = {
      symbol: context.symbol,
      time: context.time,
      timeframe: context.timeframe,
      candle: context.candle,
      position: context.position,
      tier: context.tier,
      openEntryOrders: context.openEntryOrders,
      tierDefaults: context.tierDefaults ?? null,
      views: this.options.views,
    };
    return this.client.call('candle', [this.id, JSON.stringify(wire)], SANDBOX_LIMITS.callMs).then(
      (text) => {
        this.throwPending();
        const decision = decisionSchema().safeParse(parseJson(text));
        if (!decision.success) throw new StrategyError(this.options.strategy, 'onCandle', 'answered something that is not a list of intents', this.options.symbol);
        // Absent when the decision carries no views (backtests): the last score stands.
        if (decision.data.readiness !== undefined) this.lastReadiness = decision.data.readiness;
        const readinessError = decision.data.readinessError;
        this.readinessFailure = readinessError ? new StrategyError(this.options.strategy, 'readiness', readinessError.slice(0, 500), this.options.symbol) : null;
        if (decision.data.levels != null) this.lastLevels = decision.data.levels;
        // Only shape-checked here: the engine validates every intent against the contract (validateIntents).
        return decision.data.intents as Intent[];
      },
      (error: unknown) => {
        this.throwPending();
        throw this.failure('onCandle', error, false);
      },
    );
  }

  /**
   * The score that came back with the last decision (live configurations). A throw in the file's
   * readiness() on that bar is thrown here once, so the engine records it as it does a built-in's; after
   * that, before the file has answered with a score, and when it gave no number, NaN: the engine shows no
   * readiness (a 0 would claim "not ready" for the file, which has said nothing).
   */
  readiness(): number {
    const failure = this.readinessFailure;
    if (failure !== null) {
      this.readinessFailure = null;
      throw failure;
    }
    return this.lastReadiness ?? Number.NaN;
  }

  levels(): readonly { price: number; label: string }[] {
    return this.lastLevels;
  }

  onPositionClosed(outcome: ClosedPositionOutcome): void {
    this.client.call('closed', [this.id, JSON.stringify(outcome)], SANDBOX_LIMITS.callMs).then(
      (text) => {
        const answer = closedSchema().safeParse(parseJson(text));
        if (answer.success && answer.data.levels !== null) this.lastLevels = answer.data.levels;
      },
      (error: unknown) => {
        this.closedFailure = this.failure('onPositionClosed', error, false);
      },
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.client.stopped === null) this.client.call('dispose', [this.id], SANDBOX_LIMITS.callMs).catch(() => undefined);
    this.options.released();
  }

  /** A failed create or onPositionClosed surfaces with the next decision, in the engine's error path. */
  private throwPending(): void {
    const pending = this.createFailure ?? this.closedFailure;
    this.closedFailure = null;
    if (pending !== null) throw pending;
  }

  private failure(phase: StrategyError['phase'], error: unknown, fatal: boolean): StrategyError {
    if (error instanceof StrategyError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new StrategyError(this.options.strategy, phase, message, this.options.symbol, { fatal: fatal || (error instanceof SandboxCallError && error.fatal) });
  }
}

/** Parameters as a lookup key: the same values in any key order give the same key. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** JSON text from the sandbox, or undefined when it is not JSON (checked by a schema next). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

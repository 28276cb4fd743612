import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, SweepSetup, ToWorker, VariantOutcome, VariantTask } from './protocol.js';
import type { MachineCapacity } from './worker-limit.js';

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Estimated time left, from the pace so far; null before the first variant is done. */
  readonly etaMs: number | null;
}

export interface PoolOptions {
  /** The bundled worker script (dist/bundles/sweep-worker.mjs). */
  readonly workerFile: string;
  /** Worker threads; default: every core (`os.availableParallelism()`), never more than there are variants. */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SweepProgress) => void;
  /** The machine the workers must fit on (default: this one, as the sweep starts): see worker-limit.ts. */
  readonly machine?: MachineCapacity;
  /** Backtests each variant is besides its own (walk-forward: a train and a test span's per fold); progress counts them all. Default 0. */
  readonly spanRuns?: number;
}

export class SweepCanceled extends Error {
  override readonly name = 'SweepCanceled';
  constructor() {
    super('the sweep was canceled');
  }
}

/** Variants handed to a worker at a time: small, so the last ones spread over every worker. */
const BATCH = 2;

/** The most worker threads a sweep starts (as `backtest.sweep` takes): each holds a strategy and a risk gate of its own. */
export const MAX_WORKERS = 256;

/** The default thread count: all cores. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Runs the variants on worker threads: each worker gets the setup once (the candles as shared
 * memory), then batches of variants as it finishes the previous one. Cancel (the signal) stops every
 * worker at once; a worker that fails stops the sweep with its message.
 */
export function runVariants(setup: SweepSetup, tasks: readonly VariantTask[], options: PoolOptions): Promise<VariantOutcome[]> {
  const count = Math.max(1, Math.min(options.workers ?? defaultWorkers(), tasks.length));
  const outcomes: VariantOutcome[] = [];
  const perVariant = 1 + (options.spanRuns ?? 0);
  const total = tasks.length * perVariant;
  /** Span runs finished of the variants not yet answered for (an answered variant counts whole). */
  let spansRan = 0;
  const started = performance.now();
  /** When the first worker was ready: the pace (and so the time left) leaves out loading the strategy and the market state. */
  let working: number | null = null;
  let next = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve(outcomes.sort((a, b) => a.index - b.index));
    };
    const onAbort = () => finish(new SweepCanceled());
    if (options.signal?.aborted) return finish(new SweepCanceled());
    options.signal?.addEventListener('abort', onAbort);
    const report = () => {
      const done = outcomes.length * perVariant + spansRan;
      const now = performance.now();
      const pace = (now - (working ?? started)) / done;
      options.onProgress?.({ done, total, elapsedMs: now - started, etaMs: pace * (total - done) });
    };
    const feed = (worker: Worker) => {
      if (next >= tasks.length) return;
      const batch = tasks.slice(next, next + BATCH);
      next += batch.length;
      worker.postMessage({ type: 'run', tasks: batch } satisfies ToWorker);
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(options.workerFile, { workerData: setup });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (settled) return;
        if (message.type === 'failed') return finish(new Error(message.message));
        if (message.type === 'ready') working ??= performance.now();
        if (message.type === 'ran') {
          spansRan++;
          return report();
        }
        if (message.type === 'results') {
          outcomes.push(...message.outcomes);
          spansRan -= message.outcomes.length * (perVariant - 1);
          report();
          if (outcomes.length === tasks.length) return finish(null);
        }
        feed(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (code !== 0) finish(new Error(`a sweep worker stopped unexpectedly (exit code ${code})`));
      });
    }
  });
}

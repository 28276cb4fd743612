import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LeakageError, type FilterExample } from './dataset.js';
import type { TrainedFilter, TrainOptions } from './train-filter.js';

/** The bundled worker next to the Electron main bundle (electron/vite.config.ts builds it). */
const BUNDLED_WORKER = 'trainer-worker.cjs';

/**
 * Starts the training thread. Bundled (the desktop app), the worker is its own file next to the main
 * bundle; from source (`npm run serve`, tests) the worker loads the TypeScript file through tsx.
 */
function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  const bundled = join(dirname(here), BUNDLED_WORKER);
  if (!here.endsWith('.ts') && existsSync(bundled)) return new Worker(bundled);
  const source = pathToFileURL(join(dirname(here), 'trainer-worker.ts')).href;
  // tsx's ESM entry, resolved from here (the worker may start in any working directory).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true });
}

interface WorkerAnswer {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: TrainedFilter;
  readonly error?: string;
  readonly leakage?: boolean;
}

/**
 * Trains the learned filter off the trading thread: each job runs in a fresh worker that ends with it,
 * so a long training never delays a bar, an order or the emergency stop.
 */
export class FilterTrainer {
  private next = 1;

  train(examples: readonly FilterExample[], options: TrainOptions): Promise<TrainedFilter> {
    const id = this.next++;
    const worker = startWorker();
    return new Promise<TrainedFilter>((resolve, reject) => {
      const finish = (settle: () => void) => {
        worker.removeAllListeners();
        void worker.terminate();
        settle();
      };
      worker.on('message', (answer: WorkerAnswer) => {
        if (answer.id !== id && answer.id !== -1) return;
        if (answer.ok && answer.result) finish(() => resolve(answer.result!));
        else finish(() => reject(answer.leakage ? new LeakageError(answer.error ?? 'leakage') : new Error(answer.error ?? 'training failed')));
      });
      worker.on('error', (error) => finish(() => reject(error)));
      worker.on('exit', (code) => finish(() => reject(new Error(`the training thread stopped (exit code ${code})`))));
      worker.postMessage({ id, examples, options: { features: [...options.features], blend: options.blend, ...(options.folds ? { folds: options.folds } : {}), ...(options.minTrain ? { minTrain: options.minTrain } : {}), ...(options.minExamples ? { minExamples: options.minExamples } : {}) } });
    });
  }
}

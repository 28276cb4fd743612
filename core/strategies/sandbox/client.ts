import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { SANDBOX_LIMITS, WATCHDOG_GRACE_MS } from './limits.js';
import { SandboxCallError, sandboxResponseSchema, type SandboxOperation, type SandboxRequest } from './protocol.js';

type Pending = { readonly request: SandboxRequest; readonly resolve: (text: string) => void; readonly reject: (error: SandboxCallError) => void };
type Outgoing = SandboxRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The bundled worker next to the bundle running this (Electron main, a CLI, a sweep worker), else the TypeScript source run through tsx (serve, tests). */
function workerEntry(): { file: string; workerData: unknown } {
  const here = dirname(fileURLToPath(import.meta.url));
  // strategy-sandbox.cjs: the Electron build; .mjs: the CLI and sweep-worker bundles (scripts/bundles.mjs).
  const bundled = ['strategy-sandbox.cjs', 'strategy-sandbox.mjs'].map((name) => join(here, name)).find((file) => existsSync(file));
  if (bundled !== undefined) return { file: bundled, workerData: null };
  return { file: join(here, 'dev-worker.mjs'), workerData: { entry: pathToFileURL(join(here, 'worker.ts')).href } };
}

/**
 * The host's side of one sandbox thread (worker.ts): requests go one at a time, in order; each has
 * the call's budget plus a short grace, after which the thread is terminated from outside and the
 * sandbox is stopped with the reason. Never blocks the caller's event loop.
 */
export class SandboxClient {
  private readonly worker: Worker;
  private readonly queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private nextId = 1;
  private stoppedWith: string | null = null;
  private terminated = false;
  private ready = false;

  constructor(private readonly label: string) {
    const entry = workerEntry();
    // Node's worker module is loaded when a sandbox starts, not with this file: a backtest of a built-in never starts one.
    const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
    this.worker = new WorkerThread(entry.file, {
      execArgv: [],
      workerData: entry.workerData,
      env: {},
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    // An idle sandbox never keeps the process alive (a CLI backtest exits when it is done).
    this.worker.unref();
    this.worker.on('message', (message: unknown) => this.answered(message));
    this.worker.on('error', (error) => this.stop(`the sandbox thread failed: ${error.message}`));
    this.worker.on('exit', () => this.stop('the sandbox thread ended'));
  }

  /** Why the sandbox is stopped (budget, memory, closed), or null while it works. */
  get stopped(): string | null {
    return this.stoppedWith;
  }

  /** Evaluates the libraries (their own budget) and the file (`budgetMs`) in the sandbox. */
  load(libraries: string, bundle: string, budgetMs: number): Promise<string> {
    return this.send({ kind: 'load', libraries, bundle, budgetMs });
  }

  call(operation: SandboxOperation, args: readonly string[], budgetMs: number): Promise<string> {
    return this.send({ kind: 'call', operation, args: [...args], budgetMs });
  }

  /** Ends the thread; whatever is queued fails with `reason`. */
  close(reason = 'the sandbox was closed'): void {
    this.stop(reason);
  }

  private send(request: Outgoing): Promise<string> {
    if (this.stoppedWith !== null) return Promise.reject(new SandboxCallError(this.stoppedWith, true));
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ request: { ...request, id: this.nextId++ } as SandboxRequest, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (!this.ready || this.inFlight !== null || this.stoppedWith !== null) return;
    const next = this.queue.shift();
    if (next === undefined) {
      this.worker.unref();
      return;
    }
    this.inFlight = next;
    this.worker.ref();
    this.worker.postMessage(next.request);
    const budget = next.request.budgetMs;
    // Loading also evaluates the libraries, which have a budget of their own.
    const wait = budget + (next.request.kind === 'load' ? SANDBOX_LIMITS.librariesMs : 0) + WATCHDOG_GRACE_MS;
    this.watchdog = setTimeout(() => {
      // Checked once more after pending messages are delivered: a late timer (this thread was busy) is not a late answer.
      setImmediate(() => {
        if (this.inFlight === next) this.stop(`exceeded its ${budget} ms time budget in ${phaseOf(next.request)} (stopped from outside); the sandbox is stopped`);
      });
    }, wait);
    this.watchdog.unref();
  }

  private answered(message: unknown): void {
    if (!this.ready) {
      this.ready = (message as { ready?: unknown } | null)?.ready === true;
      this.pump();
      return;
    }
    const parsed = sandboxResponseSchema().safeParse(message);
    const pending = this.inFlight;
    if (!parsed.success || pending === null || parsed.data.id !== pending.request.id) return;
    this.inFlight = null;
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    const response = parsed.data;
    if (response.ok) pending.resolve(response.text);
    else {
      pending.reject(new SandboxCallError(response.message, response.fatal));
      if (response.fatal) {
        this.stop(response.message);
        return;
      }
    }
    this.pump();
  }

  private stop(reason: string): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.stoppedWith ??= reason;
    const failed = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = null;
    for (const pending of failed) pending.reject(new SandboxCallError(this.stoppedWith, true));
    if (!this.terminated) {
      this.terminated = true;
      void this.worker.terminate();
    }
  }
}

/** The strategy's phase a request belongs to, in the words of its errors. */
function phaseOf(request: SandboxRequest): string {
  if (request.kind === 'load') return 'evaluating the file';
  return request.operation === 'candle' ? 'onCandle' : request.operation === 'closed' ? 'onPositionClosed' : request.operation;
}

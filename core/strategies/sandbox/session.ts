import * as singlefile from '@jitl/quickjs-singlefile-cjs-release-sync';
import { newQuickJSWASMModuleFromVariant, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSSyncVariant } from 'quickjs-emscripten-core';
import { SANDBOX_LIMITS } from './limits.js';
import { SANDBOX_PRELUDE } from './prelude.js';
import { BUNDLE_SCRIPT, BundleLocator } from './error-location.js';
import { SANDBOX_OPERATIONS, SandboxCallError, type SandboxOperation } from './protocol.js';
import { threadCpuClock, type ThreadClock } from './thread-clock.js';

/** One call's budget: its wall start, and its thread's CPU clock at the call's first interrupt check. */
interface CallBudget {
  readonly ms: number;
  readonly wallStart: number;
  cpuStart?: number | null;
}


/**
 * One QuickJS runtime (a JavaScript engine compiled to WebAssembly) holding one trader's file. The
 * engine has no host functions at all: no `process`, `require`, `import()` of anything, file system,
 * network, timers or environment — only the ECMAScript built-ins, the file's own code and the
 * libraries bundled into it. Every call has a time budget (checked by QuickJS's interrupt hook) and the
 * runtime a memory cap and a stack cap. Synchronous: it runs on the sandbox's own thread (worker.ts).
 * The budget counts the thread's own CPU time (thread-clock.ts), so a call is never charged for time
 * its thread was not running: a busy machine or a paused process changes nothing a strategy decides.
 */
export class StrategySandboxSession {
  private budget: CallBudget | null = null;
  private stopped: string | null = null;
  /** Takes an error's stack back to the trader's file and line (the bundle's source map). */
  private locator: BundleLocator | null = null;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly glue: ReadonlyMap<SandboxOperation, QuickJSHandle>,
    private readonly threadClock: ThreadClock,
  ) {}

  static async open(limits: { memoryBytes: number; stackBytes: number } = SANDBOX_LIMITS, threadClock: ThreadClock = threadCpuClock()): Promise<StrategySandboxSession> {
    const quickjs = await newQuickJSWASMModuleFromVariant(unwrapVariant(singlefile));
    const runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    const context = runtime.newContext();
    const result = context.evalCode(SANDBOX_PRELUDE, 'halyard-prelude.js');
    const prelude = context.unwrapResult(result);
    const glue = new Map<SandboxOperation, QuickJSHandle>();
    for (const name of SANDBOX_OPERATIONS) glue.set(name, context.getProp(prelude, name));
    prelude.dispose();
    const session = new StrategySandboxSession(runtime, context, glue, threadClock);
    runtime.setInterruptHandler(() => session.overBudget());
    return session;
  }

  /**
   * QuickJS asks this every ~10,000 steps of a call. The call's CPU time counts from its first check
   * (what comes before it is under one check's worth, ~1 ms); where no thread clock can be read, wall time.
   */
  private overBudget(): boolean {
    const budget = this.budget;
    if (budget === null) return false;
    if (budget.cpuStart === undefined) budget.cpuStart = this.threadClock();
    // A thread's CPU time never runs ahead of wall time: within the budget by the wall, nothing to read.
    if (Date.now() - budget.wallStart <= budget.ms) return false;
    if (budget.cpuStart === null) return true;
    const cpuNow = this.threadClock();
    return cpuNow === null || cpuNow - budget.cpuStart > budget.ms;
  }

  /**
   * Evaluates the libraries (the app's code, with a budget of its own), then the bundled file (its
   * top-level code, within the file's budget), and returns the file's description as JSON text.
   */
  load(libraries: string, bundle: string, budgetMs: number): string {
    this.evaluate(libraries, 'halyard-libraries.js', 'loading the libraries', SANDBOX_LIMITS.librariesMs);
    this.locator = BundleLocator.of(bundle);
    this.evaluate(bundle, BUNDLE_SCRIPT, 'evaluating the file', budgetMs);
    return this.call('load', [], budgetMs);
  }

  private evaluate(code: string, fileName: string, where: string, budgetMs: number): void {
    this.guard();
    this.budget = { ms: budgetMs, wallStart: Date.now() };
    try {
      const result = this.context.evalCode(code, fileName);
      if (result.error) throw this.failure(result.error, where, budgetMs);
      result.value.dispose();
    } finally {
      this.budget = null;
    }
  }

  /** Calls one glue function with string arguments; returns its string answer. */
  call(operation: SandboxOperation, args: readonly string[], budgetMs: number): string {
    this.guard();
    const fn = this.glue.get(operation)!;
    const handles = args.map((arg) => this.context.newString(arg));
    this.budget = { ms: budgetMs, wallStart: Date.now() };
    try {
      const result = this.context.callFunction(fn, this.context.undefined, ...handles);
      if (result.error) throw this.failure(result.error, operation, budgetMs);
      const answer = result.value;
      try {
        const text = this.context.typeof(answer) === 'string' ? this.context.getString(answer) : '';
        if (text.length > SANDBOX_LIMITS.answerChars) throw new SandboxCallError(`answered with ${text.length} characters (at most ${SANDBOX_LIMITS.answerChars})`, false);
        return text;
      } finally {
        answer.dispose();
      }
    } finally {
      this.budget = null;
      for (const handle of handles) handle.dispose();
    }
  }

  private guard(): void {
    if (this.stopped !== null) throw new SandboxCallError(this.stopped, true);
  }

  /** The error as the trader should read it; budget, memory and stack failures stop the sandbox for good. */
  private failure(handle: QuickJSHandle, where: string, budgetMs: number): SandboxCallError {
    let name = 'Error';
    let message = 'unknown error';
    let stack = '';
    try {
      const dumped = this.context.dump(handle) as { name?: unknown; message?: unknown; stack?: unknown } | string | null;
      if (dumped !== null && typeof dumped === 'object') {
        name = typeof dumped.name === 'string' ? dumped.name : name;
        message = typeof dumped.message === 'string' ? dumped.message : String(dumped.message);
        stack = typeof dumped.stack === 'string' ? dumped.stack : '';
      } else message = String(dumped);
    } catch {
      message = 'an error that could not be read';
    } finally {
      handle.dispose();
    }
    const phase = where === 'candle' ? 'onCandle' : where;
    // Where in the trader's files it was: the throw, or the loop a budget stopped.
    const at = this.locator?.locate(stack);
    const located = at ? ` (at ${at})` : '';
    let fatal: string | null = null;
    if (name === 'InternalError' && message === 'interrupted') fatal = `exceeded its ${budgetMs} ms time budget in ${phase}${located}`;
    else if (message === 'out of memory' || /allocation failed|out of memory/i.test(message)) fatal = `ran out of its ${SANDBOX_LIMITS.memoryBytes / 1024 / 1024} MiB memory in ${phase}${located}`;
    else if (/stack overflow/i.test(message)) fatal = `overflowed its stack in ${phase}${located}`;
    if (fatal !== null) {
      this.stopped = `${fatal}; the sandbox is stopped`;
      return new SandboxCallError(this.stopped, true);
    }
    return new SandboxCallError(`${name === 'Error' ? '' : `${name}: `}${message.slice(0, 500)}${located}`, false);
  }
}

/** The QuickJS build (WASM embedded in the module), however the CommonJS package's default export arrives. */
function unwrapVariant(module: unknown): QuickJSSyncVariant {
  let value = module;
  for (let depth = 0; depth < 3 && value !== null && typeof value === 'object' && !('type' in value) && 'default' in value; depth++) value = (value as { default: unknown }).default;
  return value as QuickJSSyncVariant;
}

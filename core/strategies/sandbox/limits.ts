/**
 * What a trader's strategy file may spend inside its sandbox. Over a time budget or the memory cap,
 * the sandbox is stopped for good (its state can no longer be trusted) and so is the configuration,
 * backtest or shadow lane that runs it; nothing else is affected.
 */
export const SANDBOX_LIMITS = {
  /** Evaluating the bundled libraries (zod, trading-signals: the app's own code) in a new sandbox. */
  librariesMs: 30_000,
  /** Evaluating the file (its top-level code) and describing it: name, parameters, timeframes. */
  loadMs: 2_000,
  /** `create(params, symbol)` for one symbol, including the parameter check by the file's own schema. */
  createMs: 2_000,
  /** Checking parameters and `requirements(params)`. */
  validateMs: 500,
  /** Each `onCandle`, `readiness` and `onPositionClosed` call. */
  callMs: 50,
  /** The sandbox's whole heap (QuickJS allocations): parsed file, zod, indicators, state. */
  memoryBytes: 64 * 1024 * 1024,
  /** The sandbox's call stack: deep recursion fails as a stack overflow. */
  stackBytes: 1024 * 1024,
  /** The largest answer read back from one call (intents, description): more is refused. */
  answerChars: 1_000_000,
} as const;

/**
 * How much longer than a call's own budget the host waits before it stops the sandbox's thread from
 * outside (a budget is enforced inside QuickJS; this catches work the interrupt check cannot reach,
 * such as a garbage-collection storm near the memory cap). Generous: a budget counts the thread's CPU
 * time, and on a busy machine a call's wall time can be many times that.
 */
export const WATCHDOG_GRACE_MS = 5_000;

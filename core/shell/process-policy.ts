/**
 * What a host process (the web host `npm run serve`, Electron main) does with errors nobody caught.
 *
 * - An unhandled promise rejection is logged and the process KEEPS RUNNING. A rejection is one failed
 *   async operation (a lost request, a listener that threw in a promise chain); it has already unwound
 *   and left no half-done synchronous work behind. Node 20 would end the process for it by default —
 *   mid-trade, with strategies running and orders working — which is worse than the failure itself.
 * - An uncaught exception is logged and the process EXITS (code 1), without a clean shutdown. It means
 *   a synchronous throw escaped the event loop, possibly halfway through a mutation (a position, the
 *   paper ledger, a queue), so the in-memory state can no longer be trusted to decide orders. Exiting
 *   is the safe side because nothing depends on memory: every order intent is journaled before it is
 *   sent, HALTED is persisted, the next start reconciles with the exchanges before anything trades, and
 *   the venue's dead-man timer (kept armed while a live account is armed) cancels its orders if
 *   Halyard does not come back. A clean `terminal.close()` is deliberately skipped: it would switch
 *   that timer off. Nothing restarts the process on its own, so a crash cannot loop while unattended.
 *
 * Log lines never carry secrets: API keys, signatures, tokens and passwords are masked.
 */

export interface ProcessPolicyOptions {
  /** The host log (stderr for `serve`, main.log for Electron). */
  readonly log: (line: string) => void;
  /** For the last line before exiting: must be written before `exit` returns (default `log`). */
  readonly logFatal?: (line: string) => void;
  /** Ends the process after an uncaught exception (hosts pass `process.exit` / `app.exit`). */
  readonly exit: (code: number) => void;
  /** Rejections logged per minute before further ones are only counted (a rejection in a loop must not fill the disk). */
  readonly maxRejectionLogsPerMinute?: number;
  readonly now?: () => number;
}

/** The part of `process` the policy listens on. */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error, origin?: string) => void): unknown;
  removeListener(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  removeListener(event: 'uncaughtException', listener: (error: Error, origin?: string) => void): unknown;
}

/** Installs the policy on `target` (the real `process` in hosts); returns the uninstaller. */
export function installProcessPolicy(target: ProcessEvents, options: ProcessPolicyOptions): () => void {
  const now = options.now ?? Date.now;
  const perMinute = options.maxRejectionLogsPerMinute ?? 20;
  const window = { start: -Infinity, logged: 0, suppressed: 0 };
  let exiting = false;

  const onRejection = (reason: unknown): void => {
    const time = now();
    if (time - window.start >= 60_000) {
      if (window.suppressed > 0) options.log(`${window.suppressed} more unhandled rejection(s) in the last minute were not logged`);
      window.start = time;
      window.logged = 0;
      window.suppressed = 0;
    }
    if (window.logged >= perMinute) {
      window.suppressed++;
      return;
    }
    window.logged++;
    options.log(`unhandled promise rejection (Halyard keeps running): ${describeFailure(reason)}`);
  };

  const onException = (error: Error, origin?: string): void => {
    const line = `uncaught exception${origin && origin !== 'uncaughtException' ? ` (${origin})` : ''}; Halyard stops now (orders are journaled; the next start reconciles with the exchanges): ${describeFailure(error)}`;
    (options.logFatal ?? options.log)(line);
    if (exiting) return;
    exiting = true;
    options.exit(1);
  };

  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.removeListener('unhandledRejection', onRejection);
    target.removeListener('uncaughtException', onException);
  };
}

/** An error as one log entry: its stack (or message, or value), secrets masked. */
export function describeFailure(reason: unknown): string {
  let text: string;
  if (reason instanceof Error) text = reason.stack ?? `${reason.name}: ${reason.message}`;
  else if (typeof reason === 'string') text = reason;
  else {
    try {
      text = JSON.stringify(reason) ?? String(reason);
    } catch {
      text = String(reason);
    }
  }
  return redactSecrets(text);
}

// `name=value`, `"name":"value"`, `name: value` for names that carry credentials (ccxt errors can quote
// signed URLs and request headers; the web host's URL carries its session token).
const SECRET_FIELD = /((?:x-mbx-apikey|api[-_]?key|api[-_]?secret|api[-_]?sign|secret|signature|passphrase|password|token|authorization)["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^\s"'&,;}\]]+/gi;

/** Masks credential values in a log line. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_FIELD, '$1[redacted]');
}

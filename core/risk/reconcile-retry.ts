import { backoffDelay, type RetryPolicy } from '../exchange/retry.js';
import type { ReconcileReport } from './reports.js';
import { timeText } from './support/format.js';

/**
 * How a failed reconciliation of an account is tried again: soon at first (a venue's brief outage), then
 * less and less often, never less often than every 5 minutes — until it succeeds or the account goes.
 */
export const RECONCILE_RETRY: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'> = { baseDelayMs: 5_000, maxDelayMs: 5 * 60_000 };

/** An account whose last reconciliation failed, and when it is tried again. */
export interface ReconcileRetryState {
  readonly account: string;
  readonly error: string;
  /** Failed runs in a row (1: the first one failed, no retry yet). */
  readonly failures: number;
  readonly nextAt: number;
  readonly trigger: ReconcileReport['trigger'];
}

export interface ReconcileRetriesOptions {
  /** Reconciles these accounts again (a retry: its report says which attempt it is). */
  readonly retry: (accounts: ReadonlySet<string>, trigger: ReconcileReport['trigger'], attempt: number) => Promise<unknown>;
  /** The accounts still connected (a disarmed account is no longer retried). */
  readonly connected: (account: string) => boolean;
  readonly now: () => number;
  readonly policy?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  readonly random?: () => number;
}

/**
 * Failed reconciliations tried again on their own: each account whose run failed (a venue error or timeout
 * at start-up, after a reconnect, a manual run) gets a retry with bounded back-off. The retry's requests
 * take the account's own rate budget like every other read. A success (a retry's or any later run's) ends
 * the account's retries; what it means for the trader is said by `problem`.
 */
export class ReconcileRetries {
  private readonly failing = new Map<string, ReconcileRetryState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly options: ReconcileRetriesOptions) {}

  /** Takes a run's outcome: schedules a retry for each account that failed, ends the retries of each that succeeded. */
  after(report: ReconcileReport): void {
    for (const result of report.accounts) {
      if (result.ok) {
        this.forget(result.account);
        continue;
      }
      const failures = (this.failing.get(result.account)?.failures ?? 0) + 1;
      const delay = backoffDelay({ attempts: Number.POSITIVE_INFINITY, ...(this.options.policy ?? RECONCILE_RETRY) }, failures, (this.options.random ?? Math.random)());
      const state: ReconcileRetryState = { account: result.account, error: result.error ?? 'unknown error', failures, nextAt: this.options.now() + delay, trigger: report.trigger };
      this.failing.set(result.account, state);
      this.schedule(state, delay);
    }
  }

  /** The account's failed reconciliation waiting for its retry; null when its last run succeeded. */
  state(account: string): ReconcileRetryState | null {
    return this.failing.get(account) ?? null;
  }

  /** In the trader's words, why the account's journal may not match its venue yet; null when it does. */
  problem(account: string): string | null {
    const state = this.failing.get(account);
    return state ? `reconciliation with ${account} failed (${state.error}) — retrying at ${timeText(state.nextAt)}` : null;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(state: ReconcileRetryState, delay: number): void {
    clearTimeout(this.timers.get(state.account));
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(state.account);
      if (!this.options.connected(state.account)) return this.forget(state.account);
      void this.options.retry(new Set([state.account]), state.trigger, state.failures).catch(() => undefined);
    }, delay);
    timer.unref?.();
    this.timers.set(state.account, timer);
  }

  private forget(account: string): void {
    clearTimeout(this.timers.get(account));
    this.timers.delete(account);
    this.failing.delete(account);
  }
}

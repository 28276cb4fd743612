import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReconcileRetries } from '../../../core/risk/reconcile-retry.js';
import type { ReconcileReport } from '../../../core/risk/reports.js';

const report = (accounts: ReconcileReport['accounts'], retry?: number): ReconcileReport => ({
  trigger: 'start',
  startedAt: 0,
  finishedAt: 0,
  accounts,
  updated: [],
  differences: [],
  positions: [],
  ...(retry !== undefined ? { retry: { attempt: retry } } : {}),
});
const failed = (account: string) => ({ account, ok: false, error: 'Internal error' });

describe('retries of a failed reconciliation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('backs off from 5 s to at most 5 min, retrying only the account that failed, until it succeeds', async () => {
    vi.useFakeTimers();
    const asked: { accounts: string[]; attempt: number; at: number }[] = [];
    let succeedAt = 8;
    const retries: ReconcileRetries = new ReconcileRetries({
      now: () => Date.now(),
      connected: () => true,
      // The full jitter at its top (random → 1): each wait is the cap itself.
      random: () => 0.999_999,
      retry: async (accounts, _trigger, attempt) => {
        asked.push({ accounts: [...accounts], attempt, at: Date.now() });
        retries.after(report([...accounts].map((account) => (attempt >= succeedAt ? { account, ok: true, error: null } : failed(account))), attempt));
      },
    });
    const start = Date.now();
    retries.after(report([{ account: 'paper', ok: true, error: null }, failed('binance:main')]));
    expect(retries.state('paper')).toBeNull();
    expect(retries.problem('binance:main')).toMatch(/^reconciliation with binance:main failed \(Internal error\) — retrying at /);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    const waits = asked.map((call, i) => Math.round((call.at - (i === 0 ? start : asked[i - 1]!.at)) / 1000));
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
    expect(asked.every((call) => call.accounts.join() === 'binance:main')).toBe(true);
    expect(asked.map((call) => call.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Succeeded on the 8th retry: no more retries, nothing left to say.
    expect(retries.state('binance:main')).toBeNull();
    succeedAt = Number.POSITIVE_INFINITY;
    retries.stop();
  });

  it('stops retrying an account that is no longer connected, and after stop()', async () => {
    vi.useFakeTimers();
    const retry = vi.fn(async () => undefined);
    let connected = false;
    const retries = new ReconcileRetries({ now: () => Date.now(), connected: () => connected, retry });
    retries.after(report([failed('binance:gone')]));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(retry).not.toHaveBeenCalled();
    expect(retries.state('binance:gone')).toBeNull();
    connected = true;
    retries.after(report([failed('binance:main')]));
    retries.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(retry).not.toHaveBeenCalled();
  });
});

import { readFileSync } from 'node:fs';

/**
 * The calling thread's own CPU time in milliseconds, or null where it cannot be read. A sandbox call's
 * budget is counted in it rather than in wall time, so a call is never charged for time its thread
 * was not running: a busy machine (a sweep on every core), a laptop's sleep or a paused process would
 * otherwise stop a strategy that did nothing wrong, and make two backtests of one file differ.
 */
export type ThreadClock = () => number | null;

type ThreadCpuUsage = () => { user: number; system: number };

/** Node ≥ 23.9 (Electron's) reads it directly; Linux's Node 20 reads the scheduler's count for this thread. */
export function threadCpuClock(): ThreadClock {
  const direct = (process as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage;
  if (typeof direct === 'function') {
    return () => {
      const usage = direct.call(process);
      return (usage.user + usage.system) / 1000;
    };
  }
  if (process.platform === 'linux' && readSchedstat() !== null) return readSchedstat;
  return () => null;
}

/** `/proc/thread-self/schedstat`: nanoseconds on the CPU, then waiting, then time slices (~9 µs a read). */
function readSchedstat(): number | null {
  try {
    const onCpuNs = Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]);
    return Number.isFinite(onCpuNs) ? onCpuNs / 1e6 : null;
  } catch {
    return null;
  }
}

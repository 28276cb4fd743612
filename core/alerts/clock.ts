/** Time and timers, injected so tests can run queues, back-offs and report schedules on a fake clock. */
export interface Clock {
  now(): number;
  /** Calls `run` after `ms`; the returned function cancels it. */
  setTimer(run: () => void, ms: number): () => void;
}

/** setTimeout caps delays at 2^31 - 1 ms (about 24.8 days); longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(run, ms) {
    const timer = setTimeout(run, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
    // A pending alert timer must never keep a CLI or test process alive on its own.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** A clock whose time the caller sets: `now` from `now()`, timers from the system (tests pass their own clock). */
export function clockWithNow(now: () => number): Clock {
  return { now, setTimer: systemClock.setTimer };
}

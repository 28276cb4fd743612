/** What the time left is worked out from: the last estimate and when it came. */
export interface EtaReading {
  readonly total: number;
  readonly etaMs: number | null;
  /** When `etaMs` was estimated (the progress event's arrival). */
  readonly etaAt: number;
}

/** The time left now: the last estimate less the time since it came (a batch of slow variants can take minutes). */
export function timeLeft(running: EtaReading, now: number): number | null {
  if (running.total === 0 || running.etaMs === null) return null;
  return Math.max(0, running.etaMs - Math.max(0, now - running.etaAt));
}

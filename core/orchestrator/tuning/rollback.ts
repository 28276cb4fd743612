import { formatPct } from '../format.js';
import type { LaneReadout } from './evaluate.js';

const HOUR = 3_600_000;

/** The seed's rollback triggers: a fall of more than 15 % within 24 h, or trailing the previous version for 48 h. */
export const ROLLBACK_RULES = { dropPct: 15, dropWindowMs: 24 * HOUR, trailMs: 48 * HOUR, watchMs: 7 * 24 * HOUR } as const;

export interface RollbackInput {
  readonly appliedAt: number;
  readonly now: number;
  /** The lane running the adjusted parameters (the configuration's champion since the adjustment). */
  readonly adjusted: LaneReadout | null;
  /** The lane running the parameters the adjustment replaced (kept as a variant). */
  readonly previous: LaneReadout | null;
  readonly previousVersion: number;
  /** Since when the adjusted version has trailed the previous one without a break (null: it has not). */
  readonly trailingSince: number | null;
}

export interface RollbackVerdict {
  /** Why the adjustment must be rolled back; null while it holds. */
  readonly reason: string | null;
  readonly trailingSince: number | null;
  /** Watching is over (a week passed without a trigger). */
  readonly settled: boolean;
}

const returnOf = (lane: LaneReadout) => (lane.cash > 0 ? lane.value / lane.cash - 1 : 0);

/**
 * Watches an applied adjustment on the shadow lanes: the adjusted parameters (the champion) and the
 * replaced ones (kept as a variant) run on the same bars from the adjustment on. Rolls back when the
 * adjusted lane lost more than 15 % of its value within 24 h, or when it has trailed the previous
 * version's return for 48 h without a break.
 */
export function checkRollback(input: RollbackInput): RollbackVerdict {
  const { adjusted, previous, now, appliedAt } = input;
  if (adjusted === null || adjusted.since === null) return { reason: null, trailingSince: input.trailingSince, settled: false };
  const change = returnOf(adjusted);
  if (now - appliedAt <= ROLLBACK_RULES.dropWindowMs && change * 100 < -ROLLBACK_RULES.dropPct) {
    return { reason: `fell ${formatPct(-change * 100)} within 24 h of the adjustment (limit ${formatPct(ROLLBACK_RULES.dropPct)})`, trailingSince: input.trailingSince, settled: false };
  }
  let trailingSince = input.trailingSince;
  if (previous !== null && previous.since !== null) {
    const before = returnOf(previous);
    trailingSince = change < before ? (trailingSince ?? now) : null;
    if (trailingSince !== null && now - trailingSince >= ROLLBACK_RULES.trailMs) {
      return {
        reason: `trailed the previous version (v${input.previousVersion}) for 48 h: ${formatPct(change * 100)} against ${formatPct(before * 100)} since the adjustment`,
        trailingSince,
        settled: false,
      };
    }
  }
  return { reason: null, trailingSince, settled: trailingSince === null && now - appliedAt > ROLLBACK_RULES.watchMs };
}

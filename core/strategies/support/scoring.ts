/** Small, shared scoring arithmetic for readiness and validator scores (0..1 and 0..100 scales). */

export function clamp01(value: number): number {
  if (!(value > 0)) return 0; // also maps NaN to 0
  return value >= 1 ? 1 : value;
}

/**
 * 1 when `value` has reached `target` (from below), falling linearly to 0 at `target - span`.
 * Used for "how close is the close to the trigger price" style readiness parts.
 */
export function closenessFromBelow(value: number, target: number, span: number): number {
  if (value >= target) return 1;
  if (!(span > 0)) return 0;
  return clamp01(1 - (target - value) / span);
}

/**
 * Readiness 0–100 from weighted parts in 0..1. Only a strategy whose trigger fired reports 100;
 * anything short of that is capped at 99 so the watchlist never shows "ready" for a near miss.
 */
export function readinessScore(parts: readonly { readonly weight: number; readonly value: number }[], triggered: boolean): number {
  if (triggered) return 100;
  let sum = 0;
  let weights = 0;
  for (const part of parts) {
    sum += part.weight * clamp01(part.value);
    weights += part.weight;
  }
  if (weights <= 0) return 0;
  return Math.min(99, Math.round((100 * sum) / weights));
}

/** One named part of a readiness score (the Scanner shows each). */
export interface ReadinessPart {
  readonly label: string;
  readonly weight: number;
  /** 0..1. */
  readonly value: number;
}

/** A readiness worked out part by part, or a fixed score (100 in a position, 0 before enough bars). */
export type Readiness = number | { readonly parts: readonly ReadinessPart[]; readonly triggered: boolean };

export function scoreOf(readiness: Readiness): number {
  return typeof readiness === 'number' ? readiness : readinessScore(readiness.parts, readiness.triggered);
}

/** Each part as 0–100 (what the Scanner lists beside the score); none for a fixed score. */
export function componentsOf(readiness: Readiness): Record<string, number> {
  if (typeof readiness === 'number') return {};
  return Object.fromEntries(readiness.parts.map((part) => [part.label, Math.round(100 * clamp01(part.value))]));
}

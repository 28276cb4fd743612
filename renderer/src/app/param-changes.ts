/** A parameter whose value differs between two parameter sets (e.g. a configuration's and a variant's). */
export interface ParamChange {
  readonly key: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The parameters `next` gives a value `base` does not have (compared as JSON, so 5 and 5.0 are the same). */
export function changedParams(next: unknown, base: unknown): ParamChange[] {
  const own = (next ?? {}) as Record<string, unknown>;
  const before = (base ?? {}) as Record<string, unknown>;
  return Object.keys(own)
    .filter((key) => JSON.stringify(own[key]) !== JSON.stringify(before[key]))
    .map((key) => ({ key, from: before[key], to: own[key] }));
}

/** "fast 20 → 15 · stake 0.01 → 0.02": every change, before and after, so none goes unseen. */
export function describeChanges(changes: readonly ParamChange[]): string {
  return changes.map(({ key, from, to }) => `${key} ${from === undefined ? '(unset)' : String(from)} → ${String(to)}`).join(' · ');
}

/**
 * The paper exchange numbers its fills `<exchange order id>-<n>` with one counter per account that
 * survives restarts, so `n` orders the account's fills as they happened — unlike market time, which a
 * replayed market repeats. 0 for an id without a number (a fill from another venue).
 */
export function fillSequence(fillId: string): number {
  const match = /-(\d+)$/.exec(fillId);
  return match ? Number(match[1]) : 0;
}

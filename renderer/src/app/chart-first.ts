import { useEffect, useSyncExternalStore } from 'react';

/**
 * At start-up the chart comes first: the workspace's other panels (watchlist, order book, order ticket,
 * balances, the dock) mount once the chart has shown its first history, so building them (React's work,
 * the first layout of the whole desk) does not stand between the trader and the chart. Their places in
 * the grid are there from the start (sized by the layout, not by their content), so nothing moves when
 * they arrive. If the chart cannot show anything (no history, an error, another screen first), they
 * mount after FALLBACK_MS anyway.
 */
const FALLBACK_MS = 1_000;

let shown = false;
const listeners = new Set<() => void>();

function markShown(): void {
  if (shown) return;
  shown = true;
  for (const listener of listeners) listener();
}

/** The chart has drawn (or given up): the rest of the workspace mounts after the frame being drawn now. */
export function chartShown(): void {
  if (shown) return;
  requestAnimationFrame(() => setTimeout(markShown, 0));
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Whether the panels around the chart may mount (stays true once it is). */
export function useChartShown(): boolean {
  const value = useSyncExternalStore(subscribe, () => shown);
  useEffect(() => {
    if (value) return;
    const timer = setTimeout(markShown, FALLBACK_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return value;
}

import { useEffect, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import type { DepthView } from '../../../../core/api/contract/depth';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useHostStore } from '../../stores/host';

export type Grouping = 1 | 10 | 100 | 1000;

/** Book levels per side the panel shows. */
export const LEVELS = 14;

/**
 * The latest book outside React state: the ladder writes each new book into its rows itself (see
 * book-painter.ts); the depth chart and the tape, shown one at a time, re-render from it.
 */
export class DepthFeed {
  private latest: DepthView | null = null;
  private readonly listeners = new Set<(depth: DepthView) => void>();

  publish(depth: DepthView): void {
    this.latest = depth;
    for (const listener of this.listeners) listener(depth);
  }

  readonly subscribe = (listener: (depth: DepthView) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): DepthView | null => this.latest;
}

/**
 * What React renders of the book, as opposed to what a tick writes in place: which rows there are and
 * what the panel says instead of a book. It changes when the book thins or thickens, rarely on a tick.
 */
export interface DepthShape {
  readonly symbol: string;
  readonly grouping: number;
  readonly asks: number;
  readonly bids: number;
  readonly problem: string | null;
  readonly transport: DepthView['transport'];
}

const shapeOf = (depth: DepthView): DepthShape => ({ symbol: depth.symbol, grouping: depth.grouping, asks: depth.asks.length, bids: depth.bids.length, problem: depth.problem, transport: depth.transport });
const sameShape = (a: DepthShape | null, b: DepthShape) =>
  a !== null && a.symbol === b.symbol && a.grouping === b.grouping && a.asks === b.asks && a.bids === b.bids && a.problem === b.problem && a.transport === b.transport;

interface DepthState {
  readonly shape: DepthShape | null;
  readonly error: string | null;
}

/**
 * The depth of `symbol` grouped by `grouping` ticks: asked for when the symbol or grouping changes (which
 * also points the core's depth stream at it), then kept current from the `market.depth` events — in the
 * feed on every book, in React state only when the shape of the book changes.
 */
export function useDepth(symbol: string, grouping: Grouping): DepthState & { feed: DepthFeed } {
  const connected = useHostStore((s) => s.connected);
  const [feed] = useState(() => new DepthFeed());
  const [state, setState] = useState<DepthState>({ shape: null, error: null });
  useEffect(() => {
    if (!connected) return;
    let current = true;
    setState((s) => (s.shape?.symbol === symbol ? s : { shape: null, error: null }));
    const show = (depth: DepthView, sync: boolean) => {
      feed.publish(depth);
      const shape = shapeOf(depth);
      const next = (s: DepthState) => (s.error === null && sameShape(s.shape, shape) ? s : { shape, error: null });
      // A new shape renders at once, with the tick's other changes (the stores render synchronously): one
      // layout for the tick; a deferred render of the book came after the frame and laid the desk out again.
      if (sync) flushSync(() => setState(next));
      else setState(next);
    };
    api
      .call('market.depth', { symbol, grouping, levels: LEVELS })
      .then((depth) => current && show(depth, false))
      .catch((reason: unknown) => current && setState({ shape: null, error: describeError(reason) }));
    const off = api.on('market.depth', (depth) => {
      if (current && depth.symbol === symbol && depth.grouping === grouping) show(depth, true);
    });
    return () => {
      current = false;
      off();
    };
  }, [symbol, grouping, connected, feed]);
  return { ...state, feed };
}

/** The feed's latest book, re-rendering the caller on every one (for the views that draw the whole book). */
export function useDepthView(feed: DepthFeed): DepthView | null {
  return useSyncExternalStore(feed.subscribe, feed.snapshot);
}

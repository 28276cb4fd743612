import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { DepthView } from '../../../../core/api/contract/depth';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useHostStore } from '../../stores/host';

export type Grouping = 1 | 10 | 100 | 1000;

/** Book levels per side the panel shows. */
export const LEVELS = 14;

/**
 * The depth of `symbol` grouped by `grouping` ticks: asked for when the symbol or grouping changes (which
 * also points the core's depth stream at it), then kept current from the `market.depth` events.
 */
export function useDepth(symbol: string, grouping: Grouping): { depth: DepthView | null; error: string | null } {
  const connected = useHostStore((s) => s.connected);
  const [state, setState] = useState<{ depth: DepthView | null; error: string | null }>({ depth: null, error: null });
  useEffect(() => {
    if (!connected) return;
    let current = true;
    setState((s) => (s.depth?.symbol === symbol ? s : { depth: null, error: null }));
    api
      .call('market.depth', { symbol, grouping, levels: LEVELS })
      .then((depth) => current && setState({ depth, error: null }))
      .catch((reason: unknown) => current && setState({ depth: null, error: describeError(reason) }));
    // Rendered at once, with the tick's other changes (the stores render synchronously): one layout for
    // the tick; a deferred render of the book came after the frame and laid the desk out a second time.
    const off = api.on('market.depth', (depth) => {
      if (current && depth.symbol === symbol && depth.grouping === grouping) flushSync(() => setState({ depth, error: null }));
    });
    return () => {
      current = false;
      off();
    };
  }, [symbol, grouping, connected]);
  return state;
}

import { useEffect, useState } from 'react';
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
    const off = api.on('market.depth', (depth) => {
      if (current && depth.symbol === symbol && depth.grouping === grouping) setState({ depth, error: null });
    });
    return () => {
      current = false;
      off();
    };
  }, [symbol, grouping, connected]);
  return state;
}

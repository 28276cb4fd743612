import { useEffect, useState } from 'react';
import type { EventName } from '../../../core/api/contract/index';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { useHostStore } from '../stores/host';

/** Events arrive in bursts (a market order's partial fills): one request per burst. */
const BURST_MS = 250;

export interface LiveQuery<T> {
  readonly data: T | null;
  readonly error: string | null;
}

/**
 * A core answer kept current while the component is mounted: loaded on connect, again after each burst
 * of the named events, and every `refreshMs` if given. One request at a time; the last answer stays on
 * screen while the next loads. `key` reloads at once when what is asked changes (a filter).
 */
export function useLiveQuery<T>(load: () => Promise<T>, options: { readonly events: readonly EventName[]; readonly refreshMs?: number; readonly key?: string }): LiveQuery<T> {
  const connected = useHostStore((s) => s.connected);
  const [state, setState] = useState<LiveQuery<T>>({ data: null, error: null });
  const events = options.events.join(',');
  useEffect(() => {
    if (!connected) return;
    let disposed = false;
    let inFlight = false;
    let again = false;
    let burst: ReturnType<typeof setTimeout> | null = null;
    const run = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        do {
          again = false;
          const data = await load();
          if (!disposed) setState({ data, error: null });
        } while (again && !disposed);
      } catch (reason) {
        if (!disposed) setState((s) => ({ data: s.data, error: describeError(reason) }));
      } finally {
        inFlight = false;
      }
    };
    const soon = () => {
      burst ??= setTimeout(() => {
        burst = null;
        void run();
      }, BURST_MS);
    };
    void run();
    const offs = (events ? (events.split(',') as EventName[]) : []).map((name) => api.on(name, soon));
    const timer = options.refreshMs ? setInterval(() => void run(), options.refreshMs) : null;
    return () => {
      disposed = true;
      offs.forEach((off) => off());
      if (timer) clearInterval(timer);
      if (burst) clearTimeout(burst);
    };
    // `load` is a fresh closure each render; what it asks for is in `key`.
  }, [connected, events, options.refreshMs, options.key]);
  return state;
}

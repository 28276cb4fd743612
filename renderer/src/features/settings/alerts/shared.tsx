import { useCallback, useEffect, useState } from 'react';
import type { DeliveryView } from '../../../../../core/api/contract/alerts';
import { api } from '../../../api/client';
import { describeError } from '../../../api/errors';

export type PanelMessage = { kind: 'ok' | 'error'; text: string } | null;

/** The line under a panel: what just happened, or what went wrong (read out by screen readers). */
export function PanelNote({ message }: { message: PanelMessage }) {
  if (!message) return null;
  return (
    <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'form-error small' : 'ok small'}>
      {message.text}
    </p>
  );
}

/**
 * A list the core serves, loaded on mount and again whenever a delivery that `concerns` it is logged
 * (a channel's problem and backlog, a price alert that fired). Load errors become the panel's message.
 */
export function useAlertsList<T>(load: () => Promise<T[]>, concerns: (entry: DeliveryView) => boolean) {
  const [items, setItems] = useState<T[]>([]);
  const [message, setMessage] = useState<PanelMessage>(null);
  const refresh = useCallback(async () => {
    try {
      setItems(await load());
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
    // `load` is read once: callers pass a fixed API call.
  }, []);
  useEffect(() => {
    void refresh();
    return api.on('alerts.delivery', (entry) => {
      if (concerns(entry)) void refresh();
    });
  }, [refresh]);
  return { items, refresh, message, setMessage };
}

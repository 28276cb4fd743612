import { createApiClient, type ApiClient } from '../../../core/api/client';
import { connectTransport } from './transport';
import { useHostStore } from '../stores/host';

/**
 * The renderer's one API client. Components call `api.call('domain.verb', args)` and `api.on(event, cb)`.
 * The timeout is long because a backtest is one call that answers when it is done (progress arrives
 * as events meanwhile); ordinary commands answer in milliseconds.
 */
export const api: ApiClient = createApiClient(
  connectTransport((state) => (state === 'stale' ? useHostStore.getState().setStale() : useHostStore.getState().setConnected(state === 'open'))),
  { timeoutMs: 15 * 60_000 },
);

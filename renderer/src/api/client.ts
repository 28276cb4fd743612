import { createApiClient, type ApiClient } from '../../../core/api/client';
import { connectTransport } from './transport';
import { useHostStore } from '../stores/host';

/** The renderer's one API client. Components call `api.call('domain.verb', args)` and `api.on(event, cb)`. */
export const api: ApiClient = createApiClient(
  connectTransport((state) => useHostStore.getState().setConnected(state === 'open')),
);

import { listExchanges } from '../exchange/exchange-catalog.js';
import type { HandlerMap } from './handlers/merge.js';

/** `exchanges.*`: what the exchange picker offers. */
export function exchangesHandlers(): HandlerMap {
  const listing = listExchanges();
  return {
    'exchanges.list': async () => listing,
  };
}

import { hasWebsocketSupport, supportedExchangeIds } from './ccxt-client.js';

/** The venues a trader most likely wants, in this order, ahead of everything else ccxt supports. */
export const FEATURED_EXCHANGES: readonly { id: string; name: string }[] = [
  { id: 'binance', name: 'Binance' },
  { id: 'kraken', name: 'Kraken' },
  { id: 'coinbase', name: 'Coinbase' },
  { id: 'bybit', name: 'Bybit' },
  { id: 'okx', name: 'OKX' },
];

export interface ExchangeListing {
  readonly id: string;
  readonly name: string;
  readonly featured: boolean;
  /** ccxt.pro streams exist for it (live candles over a websocket; otherwise REST polling). */
  readonly websocket: boolean;
}

/**
 * Every exchange Halyard can talk to through ccxt: the featured five first, then the rest by id.
 * Built from ccxt's own registry (no exchange is instantiated, so this is cheap).
 */
export function listExchanges(): ExchangeListing[] {
  const ids = new Set(supportedExchangeIds());
  const featured = FEATURED_EXCHANGES.filter((entry) => ids.has(entry.id)).map((entry) => ({ ...entry, featured: true, websocket: hasWebsocketSupport(entry.id) }));
  const featuredIds = new Set(featured.map((entry) => entry.id));
  const rest = [...ids]
    .filter((id) => !featuredIds.has(id))
    .sort()
    .map((id) => ({ id, name: id, featured: false, websocket: hasWebsocketSupport(id) }));
  return [...featured, ...rest];
}

/** True when ccxt has an exchange with this id (accounts are only ever made for those). */
export function isKnownExchange(id: string): boolean {
  return supportedExchangeIds().includes(id);
}

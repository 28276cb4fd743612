import type { AccountStreamStatus } from '../exchange/ccxt-account-stream.js';
import type { Balance, ExchangePort } from '../exchange/port.js';
import type { TierVolumes } from '../exchange/volume-tiers.js';
import type { OrderBook } from '../market/order-book.js';

/** A live account's connection to its venue, as the composition root opens it (ccxt adapter + private stream). */
export interface LiveVenue {
  readonly exchange: ExchangePort;
  /** Order and balance updates (websocket where the venue has one, REST polling otherwise). */
  readonly stream: {
    start(): void;
    stop(): Promise<void>;
    status(): AccountStreamStatus;
    currentBalances(): readonly Balance[] | null;
  };
  /** The venue's order book for `symbol` now, asked for over REST (the order check's book when no feed streams it). */
  orderBook?(symbol: string): Promise<OrderBook>;
  /** The venue's last prices of these markets, batched within its rate limits (the account's unwatched holdings). */
  lastPrices?(symbols: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Sets the venue's liquidity tiers from its markets' 24 h volumes; returns how many markets got one. */
  refreshTiers?(volumes: TierVolumes): Promise<number>;
  /** While armed: keeps `wanted()` connections to the venue open ahead of need (the emergency stop's cancels); returns the stop. */
  keepConnectionsWarm?(wanted: () => number): () => void;
  /** What the venue says the key may do: `unknown` where its API does not tell (Kraken). */
  keyPermissions(): Promise<{ readonly withdrawals: boolean | 'unknown'; readonly source: string | null }>;
}

/** The account row and its keychain credentials, as the venue needs them. */
export interface LiveVenueRequest {
  readonly exchange: string;
  readonly label: string;
  readonly sandbox: boolean;
  readonly baseUrl: string | null;
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
  /** The stream's status changed (the status bar shows it). */
  readonly onStatus: () => void;
  /** The stream is back after a drop (its socket lost, the venue unreachable): updates may have been missed meanwhile. */
  readonly onReconnected?: () => void;
}

export type OpenLiveVenue = (request: LiveVenueRequest) => LiveVenue;

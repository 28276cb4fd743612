import type { FeedSource } from '../market/feed.js';

/**
 * A strategy on a live account trades real money on the bars the terminal watches: only that
 * account's own exchange may supply them. A simulated or replayed market (or another venue's prices)
 * must never drive live orders.
 */

/** The exchange id of a live account key `<exchange>:<label>`. */
export function accountExchange(account: string): string {
  const colon = account.indexOf(':');
  return colon < 0 ? account : account.slice(0, colon);
}

/** True when the market data comes from the live account's exchange. */
export function marketDrives(source: FeedSource, account: string): boolean {
  return source.kind === 'exchange' && source.exchange === accountExchange(account);
}

/** What the trader must do before configuration `name` can run on `account`. */
export function watchMarketsFirst(account: string, name: string): string {
  return `Watch ${accountExchange(account)} markets (Settings → Market data) before running ${name} live`;
}

/**
 * A strategy on a live account trades real money on its own exchange's bars: the runner opens that
 * venue's feed for it (core/market/venue-feeds.ts), whatever market the chart shows.
 */

/** The exchange id of a live account key `<exchange>:<label>`. */
export function accountExchange(account: string): string {
  const colon = account.indexOf(':');
  return colon < 0 ? account : account.slice(0, colon);
}

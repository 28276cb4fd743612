/**
 * Names an exchange or account the way the trader reads it beside a symbol ("BTC/USDT · Kraken"): shown
 * only where it could be ambiguous — a table or list that holds more than one account or exchange.
 */
const KNOWN: Readonly<Record<string, string>> = { binance: 'Binance', kraken: 'Kraken', bybit: 'Bybit', okx: 'OKX', coinbase: 'Coinbase', binanceus: 'Binance.US' };

/** "Binance" for `binance`; other ccxt ids capitalised. */
export function exchangeName(exchange: string): string {
  return KNOWN[exchange] ?? exchange.charAt(0).toUpperCase() + exchange.slice(1);
}

/** The venue part of an account key: "Paper", "Kraken", or "Kraken main" when `accounts` hold two Kraken accounts. */
export function venueName(account: string, accounts: readonly string[] = []): string {
  if (account === 'paper') return 'Paper';
  const colon = account.indexOf(':');
  const exchange = colon < 0 ? account : account.slice(0, colon);
  const sameExchange = new Set(accounts.filter((other) => other.startsWith(`${exchange}:`)));
  return sameExchange.size > 1 ? `${exchangeName(exchange)} ${account.slice(colon + 1)}` : exchangeName(exchange);
}

/** The tag to put after a symbol in a list of rows on these accounts: null when they are all on one account. */
export function venueTags(accounts: readonly string[]): (account: string) => string | null {
  const distinct = [...new Set(accounts)];
  return distinct.length > 1 ? (account) => venueName(account, distinct) : () => null;
}

/** Every account but the paper one trades real money. */
export function isLiveAccount(account: string): boolean {
  return account !== 'paper';
}

/**
 * The tag for rows of orders or positions: as `venueTags`, except that a live account's rows always name it,
 * even when it is the only account with rows — a lone live order or position must never read like a paper one.
 */
export function orderVenueTags(accounts: readonly string[]): (account: string) => string | null {
  const distinct = [...new Set(accounts)];
  const ambiguous = venueTags(distinct);
  return (account) => ambiguous(account) ?? (isLiveAccount(account) ? venueName(account, distinct) : null);
}

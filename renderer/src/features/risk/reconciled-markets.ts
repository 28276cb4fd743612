// With extensions: the unit tests (Node's module resolution) read this file too.
import type { LiveAccountHealth } from '../../../../core/api/contract/app.js';
import { formatClockOrDateTime } from '../../app/format.js';

/** "A", "A and B", "A, B and C". */
function listed(markets: readonly string[]): string {
  return markets.length < 2 ? markets.join('') : `${markets.slice(0, -1).join(', ')} and ${markets.at(-1)!}`;
}

/**
 * Which markets an account's last reconciliation read trades on, in the trader's words: most venues list trades per
 * market (Kraken lists every market's in one listing), so this is what says whether a trade made on the venue's
 * website was found (README: "Connecting an exchange safely", step 5). One sentence, and one more for markets left
 * for the next run.
 */
export function reconciledMarketsText(account: string, reconciled: NonNullable<LiveAccountHealth['reconciled']>, now: number): string[] {
  const when = `${account}, reconciled at ${formatClockOrDateTime(reconciled.at, now)}`;
  const later = reconciled.marketsLater ?? [];
  const read = reconciled.everyMarket === true ? everyMarketText(when, reconciled.marketsChecked) : perMarketText(when, reconciled.marketsChecked, later);
  if (later.length === 0) return [read];
  return [read, `${account}: trades on ${listed(later)} are read at the next run (more markets than one run reads): a trade made there on the venue’s website is not found yet.`];
}

/** Venues that list trades per market (Binance): the markets asked, which are what says whether a website trade was found. */
function perMarketText(when: string, checked: readonly string[], later: readonly string[]): string {
  return checked.length > 0
    ? `${when}: trades read on ${listed(checked)} — the markets Halyard trades there and those of every coin whose balance changed (the first time: every coin held), so a trade made on the venue’s website${later.length > 0 ? ' on them' : ''} would have been found.`
    : later.length > 0
      ? `${when}: no trades read — the markets of every coin whose balance changed are left for the next run.`
      : `${when}: no market’s trades to read — Halyard has not traded there and no coin’s balance changed since the run before, so no trade was made on the venue’s website.`;
}

/** Venues whose one listing holds every market's trades (Kraken): it was read whole, so every market was checked. */
function everyMarketText(when: string, checked: readonly string[]): string {
  const all = `${when}: trades read on every market, in the one listing that holds them all`;
  if (checked.length === 0) return `${all}: there were none, and Halyard has not traded there, so no trade was made on the venue’s website.`;
  return `${all}: ${listed(checked)} — the markets Halyard trades there and those with trades in it, so a trade made on the venue’s website would have been found.`;
}

import { TERMINAL_ORDER_STATUSES, type Balance, type ExchangeOrder } from './port.js';

/**
 * Reports about an account arrive out of order: a REST read taken at the venue before a websocket push
 * can be answered after it. These rules keep the newer news.
 */

/**
 * An order only moves forward: its filled amount never falls, and once it ended (filled, canceled,
 * rejected, expired) it never reopens. A report saying less than what is known is older; it is ignored.
 */
export function isOlderReport(known: Pick<ExchangeOrder, 'status' | 'filled'>, report: Pick<ExchangeOrder, 'status' | 'filled'>): boolean {
  if (report.filled < known.filled) return true;
  return TERMINAL_ORDER_STATUSES.has(known.status) && !TERMINAL_ORDER_STATUSES.has(report.status);
}

/**
 * The report as news about a known order, or null when it is older (see `isOlderReport`). An order's end
 * reported without its cumulative fill (a venue's cancel push that carries only the status) is news:
 * the order ended, with the filled amount already known — never a cancel left unseen until the next read.
 */
export function newerReport<T extends Pick<ExchangeOrder, 'status' | 'filled'>>(known: Pick<ExchangeOrder, 'status' | 'filled'> | undefined, report: T): T | null {
  if (known === undefined) return report;
  const ends = TERMINAL_ORDER_STATUSES.has(report.status) && !TERMINAL_ORDER_STATUSES.has(known.status);
  if (ends && report.filled < known.filled) return { ...report, filled: known.filled };
  return isOlderReport(known, report) ? null : report;
}

/**
 * A REST balance read laid over the balances known now: a currency the websocket pushed after the read
 * was sent keeps its pushed figures (the read may describe the account before that change — and a
 * currency pushed to zero stays gone); every other currency takes the read's figures, or is gone if the
 * read no longer lists it.
 */
export function mergeBalanceRead(read: readonly Balance[], known: readonly Balance[], pushedSinceSent: (currency: string) => boolean): Balance[] {
  const knownBy = new Map(known.map((entry) => [entry.currency, entry]));
  const merged = new Map<string, Balance>();
  for (const entry of read) {
    const kept = pushedSinceSent(entry.currency) ? knownBy.get(entry.currency) : entry;
    if (kept) merged.set(entry.currency, kept);
  }
  for (const entry of known) if (!merged.has(entry.currency) && pushedSinceSent(entry.currency)) merged.set(entry.currency, entry);
  return [...merged.values()];
}

/**
 * Display formatting only: every value arrives computed (and rounded to market precision) by the core.
 * Direction never depends on colour alone: signed values carry a sign and an arrow.
 *
 * One rule for signs, in every figure a trader reads: a negative one starts with the minus sign "−"
 * (U+2212), never the hyphen "-"; one that rounds to zero at the decimals shown reads 0.00, with no
 * sign. (CSV exports keep plain numbers: features/history/csv.ts.)
 */
const formatters = new Map<number, Intl.NumberFormat>();
const MINUS = '\u2212';

function fixed(decimals: number): Intl.NumberFormat {
  let formatter = formatters.get(decimals);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter;
}

/** Intl's text with the sign rule: "-0.00" (a tiny negative, or −0) reads "0.00", "-1.50" reads "−1.50". */
function signRule(text: string): string {
  if (!text.startsWith('-')) return text;
  return /[1-9]/.test(text) ? `${MINUS}${text.slice(1)}` : text.slice(1);
}

/** A price, or any figure at a fixed number of decimals (an indicator's value, a percentage). */
export function formatPrice(value: number, decimals: number): string {
  return signRule(fixed(decimals).format(value));
}

/**
 * A number as the core sent it, as a plain decimal a form field and the core take back: no binary noise (15
 * significant digits: what a double holds) and no exponent (String() writes 0.00000099 as 9.9e-7).
 */
export function plainDecimal(value: number): string {
  const rounded = Number(value.toPrecision(15));
  if (Math.abs(rounded) >= 1e-6 || rounded === 0) return String(rounded);
  const text = rounded.toFixed(12);
  return (text.includes('.') ? text.replace(/\.?0+$/, '') : text).replace(/^-0$/, '0');
}

/** Amounts: up to 8 decimals, trailing zeros dropped (the core already rounded them to the market's step). */
const amountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 8 });
export function formatAmount(value: number): string {
  return signRule(amountFormat.format(value));
}

/**
 * Decimals of money in the quote currency — P&L and fees alike, so a row's Realized, Fees and Net are
 * read to the same cent (the quote's precision on the markets traded: a 0.01 USDT step).
 */
export const QUOTE_DECIMALS = 2;

/** A fee (or another unsigned money amount) in the quote currency, always at the quote's decimals. */
export function formatFee(value: number): string {
  return formatPrice(value, QUOTE_DECIMALS);
}

export type Direction = 'up' | 'down' | 'flat';
/** Direction of a value as shown: one that rounds to zero at the shown decimals is flat, not "▼ −0.00". */
export function direction(value: number | null | undefined, decimals = 8): Direction {
  if (value === null || value === undefined || Number.isNaN(value)) return 'flat';
  const shown = Number(value.toFixed(decimals));
  return shown === 0 ? 'flat' : shown > 0 ? 'up' : 'down';
}

const ARROWS: Record<Direction, string> = { up: '▲', down: '▼', flat: '•' };

/** A figure with "+" on a gain (the sign rule gives "−" on a loss), e.g. "+1.25", "−0.40", "0.00". */
export function formatChange(value: number, decimals = 2): string {
  return `${direction(value, decimals) === 'up' ? '+' : ''}${formatPrice(value, decimals)}`;
}

/** Signed with an arrow, so direction never depends on colour alone. */
export function formatPercent(value: number): string {
  return `${ARROWS[direction(value, 2)]} ${formatChange(value, 2)}%`;
}

/** A win rate (a fraction of trades) as a percentage with one decimal, "57.1%": the same in a single run, Compare variants and a sweep. */
export function formatWinRate(fraction: number): string {
  return `${formatPrice(fraction * 100, 1)}%`;
}

/** Exposure (the share of bars in a position) as a percentage with two decimals, "37.25%", like the other percentages of a run: the same in a single run and a sweep. */
export function formatExposure(fraction: number): string {
  return `${formatPrice(fraction * 100, 2)}%`;
}

/** A signed money amount in the quote currency, e.g. "▲ +12.40". */
export function formatSigned(value: number, decimals = QUOTE_DECIMALS): string {
  return `${ARROWS[direction(value, decimals)]} ${formatChange(value, decimals)}`;
}

export function formatClock(time: number): string {
  return new Date(time).toISOString().slice(11, 19) + ' UTC';
}

/** "2026-11-23 08:35:47" in UTC: sortable and unambiguous in exports and tables. */
export function formatDateTime(time: number): string {
  return new Date(time).toISOString().replace('T', ' ').slice(0, 19);
}

const DAY_MS = 86_400_000;

/** The clock time alone when `time` falls on `now`'s UTC day, else with its date: "21:04:00 UTC", "2026-11-22 21:04:00 UTC". */
export function formatClockOrDateTime(time: number, now: number): string {
  return Math.floor(time / DAY_MS) === Math.floor(now / DAY_MS) ? formatClock(time) : `${formatDateTime(time)} UTC`;
}

/** "3h 05m", "2d 4h", "45s": how long a position has been open. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds}s`;
}

/**
 * A fill's fee as charged and, when charged in another currency than the quote (BNB, the coin bought),
 * its value in quote as the core worked it out: "0.00083333 BNB (≈ 0.50 USDT)".
 */
export function formatFillFee(fill: { readonly symbol: string; readonly fee: number; readonly feeCurrency: string; readonly feeInQuote: number | null }): string {
  const quote = (fill.symbol.split('/')[1] ?? '').split(':')[0] ?? '';
  // In the quote: money at the quote's decimals; in another coin: that coin's amount as charged.
  if (fill.fee === 0 || fill.feeCurrency === '' || fill.feeCurrency === quote) return `${formatFee(fill.fee)} ${quote}`;
  const charged = `${formatAmount(fill.fee)} ${fill.feeCurrency}`;
  return fill.feeInQuote === null ? `${charged} (no venue price to value it in ${quote})` : `${charged} (≈ ${formatFee(fill.feeInQuote)} ${quote})`;
}

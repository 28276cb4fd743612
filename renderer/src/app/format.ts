/**
 * Display formatting only: every value arrives computed (and rounded to market precision) by the core.
 * Direction never depends on colour alone: signed values carry a sign and an arrow.
 */
const formatters = new Map<number, Intl.NumberFormat>();

function fixed(decimals: number): Intl.NumberFormat {
  let formatter = formatters.get(decimals);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter;
}

export function formatPrice(value: number, decimals: number): string {
  return fixed(decimals).format(value);
}

/** Amounts: up to 8 decimals, trailing zeros dropped (the core already rounded them to the market's step). */
const amountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 8 });
export function formatAmount(value: number): string {
  return amountFormat.format(value);
}

/** Fees and other small money amounts: 2 decimals, up to 4 when they are tiny. */
const feeFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
export function formatFee(value: number): string {
  return feeFormat.format(value);
}

export type Direction = 'up' | 'down' | 'flat';
/** Direction of a value as shown: one that rounds to zero at the shown decimals is flat, not "▼ −0.00". */
export function direction(value: number | null | undefined, decimals = 8): Direction {
  if (value === null || value === undefined || Number.isNaN(value)) return 'flat';
  const shown = Number(value.toFixed(decimals));
  return shown === 0 ? 'flat' : shown > 0 ? 'up' : 'down';
}

const ARROWS: Record<Direction, string> = { up: '▲', down: '▼', flat: '•' };

/** Signed with an arrow, so direction never depends on colour alone. */
export function formatPercent(value: number): string {
  const tone = direction(value, 2);
  return `${ARROWS[tone]} ${tone === 'up' ? '+' : ''}${tone === 'flat' ? '0.00' : value.toFixed(2)}%`;
}

/** A signed money amount in the quote currency, e.g. "▲ +12.40". */
export function formatSigned(value: number, decimals = 2): string {
  const tone = direction(value, decimals);
  const sign = tone === 'up' ? '+' : tone === 'down' ? '−' : '';
  return `${ARROWS[tone]} ${sign}${fixed(decimals).format(tone === 'flat' ? 0 : Math.abs(value))}`;
}

export function formatClock(time: number): string {
  return new Date(time).toISOString().slice(11, 19) + ' UTC';
}

/** "2026-11-23 08:35:47" in UTC: sortable and unambiguous in exports and tables. */
export function formatDateTime(time: number): string {
  return new Date(time).toISOString().replace('T', ' ').slice(0, 19);
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
  const charged = `${formatAmount(fill.fee)} ${fill.feeCurrency || quote}`;
  if (fill.fee === 0 || fill.feeCurrency === '' || fill.feeCurrency === quote) return charged;
  return fill.feeInQuote === null ? `${charged} (no venue price to value it in ${quote})` : `${charged} (≈ ${formatFee(fill.feeInQuote)} ${quote})`;
}

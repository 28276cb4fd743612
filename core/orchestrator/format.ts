/** Numbers in the orchestrator's refusals and views, rounded for reading (never float noise). */

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `1,234.50 USDT`. */
export function formatMoney(value: number, currency: string): string {
  const text = money.format(Number.isFinite(value) ? value : 0);
  return `${text === '-0.00' ? '0.00' : text} ${currency}`;
}

const percentTo = new Map<number, Intl.NumberFormat>();

/** `32 %`, `12.5 %` (at most two decimals, or `digits`). */
export function formatPct(value: number, digits = 2): string {
  let format = digits === 2 ? percent : percentTo.get(digits);
  if (!format) percentTo.set(digits, (format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  const text = format.format(Number.isFinite(value) ? value : 0);
  return `${text === '-0' ? '0' : text} %`;
}

/** The fewest decimals (2 to 6) at which `difference` does not read as 0: so "lower them by 0 %" is never said. */
export function decimalsShowing(difference: number): number {
  for (let digits = 2; digits < 6; digits++) if (Math.abs(difference) >= 0.5 * 10 ** -digits) return digits;
  return 6;
}

/** A value rounded to `digits` significant decimals for storage and views (no 0.30000000000000004). */
export function round(value: number, digits = 10): number {
  if (!Number.isFinite(value)) return value;
  return Number(value.toFixed(digits));
}

/** Numbers in the orchestrator's refusals and views, rounded for reading (never float noise). */

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `1,234.50 USDT`. */
export function formatMoney(value: number, currency: string): string {
  const text = money.format(Number.isFinite(value) ? value : 0);
  return `${text === '-0.00' ? '0.00' : text} ${currency}`;
}

/** `32 %`, `12.5 %` (at most two decimals). */
export function formatPct(value: number): string {
  const text = percent.format(Number.isFinite(value) ? value : 0);
  return `${text === '-0' ? '0' : text} %`;
}

/** A value rounded to `digits` significant decimals for storage and views (no 0.30000000000000004). */
export function round(value: number, digits = 10): number {
  if (!Number.isFinite(value)) return value;
  return Number(value.toFixed(digits));
}

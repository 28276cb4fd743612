/** Display formatting only; values arrive already computed by the core. */
export function formatPrice(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Signed with an arrow, so direction never depends on colour alone. */
export function formatPercent(value: number): string {
  const arrow = value > 0 ? '▲' : value < 0 ? '▼' : '•';
  const sign = value > 0 ? '+' : '';
  return `${arrow} ${sign}${value.toFixed(2)}%`;
}

export function formatClock(time: number): string {
  return new Date(time).toISOString().slice(11, 19) + ' UTC';
}

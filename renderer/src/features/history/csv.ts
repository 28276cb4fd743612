import type { TradeGroup } from './group';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const iso = (time: number) => new Date(time).toISOString();

/** One row per fill, with the trade it belongs to and, for exits, the reason. Numbers exactly as the core sent them. */
export function fillsCsv(trades: readonly TradeGroup[]): string {
  const rows: (string | number | null)[][] = [];
  for (const trade of trades) {
    const exitReasons = new Map(trade.exits.map((e) => [e.fill.id, e.reason]));
    for (const fill of [...trade.entries, ...trade.exits.map((e) => e.fill)].sort((a, b) => a.time - b.time)) {
      rows.push([iso(fill.time), trade.id, fill.id, fill.clientOrderId, fill.account, fill.symbol, fill.side, !trade.grouped ? 'unknown' : exitReasons.has(fill.id) ? 'exit' : 'entry', fill.price, fill.amount, fill.fee, fill.feeCurrency, fill.liquidity, fill.source, exitReasons.get(fill.id) ?? null]);
    }
  }
  return toCsv(['time', 'trade_id', 'fill_id', 'client_order_id', 'account', 'symbol', 'side', 'role', 'price', 'amount', 'fee', 'fee_currency', 'liquidity', 'source', 'exit_reason'], rows);
}

/** One row per trade: when, what, how many entries and exits, and why it was exited. */
export function tradesCsv(trades: readonly TradeGroup[]): string {
  return toCsv(
    ['trade_id', 'symbol', 'source', 'direction', 'opened_at', 'last_fill_at', 'entries', 'exits', 'exit_reasons'],
    trades.filter((t) => t.grouped).map((t) => [t.id, t.symbol, t.source, t.entrySide === 'buy' ? 'long' : 'short', iso(t.openedAt), iso(t.lastAt), t.entries.length, t.exits.length, [...new Set(t.exits.map((e) => e.reason ?? 'unknown'))].join(' ')]),
  );
}

/** Saves text as a file through the browser's download (works in Electron and serve mode alike). */
export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { TradeView } from '../../../../core/api/contract/trades';
import type { TradeGroup } from './group';
import { plainDecimal } from '../../app/format';

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for
 * spreadsheets — but not a plain negative number (a loss, "-0.1888"), which no spreadsheet runs and
 * which must stay a number there.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const iso = (time: number) => new Date(time).toISOString();

/** A decimal for a spreadsheet: at most `decimals` places, no float noise, no trailing zeros. */
export function csvNumber(value: number | null, decimals: number): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  const text = value.toFixed(decimals);
  return (text.includes('.') ? text.replace(/\.?0+$/, '') : text).replace(/^-0$/, '0');
}


/** One row per fill, with the trade it belongs to and, for exits, the reason. */
export function fillsCsv(trades: readonly TradeGroup[]): string {
  const rows: (string | number | null)[][] = [];
  for (const trade of trades) {
    const exitReasons = new Map(trade.exits.map((e) => [e.fill.id, e.reason]));
    for (const fill of [...trade.entries, ...trade.exits.map((e) => e.fill)].sort((a, b) => a.time - b.time)) {
      rows.push([iso(fill.time), trade.id, fill.id, fill.clientOrderId, fill.account, fill.symbol, fill.side, !trade.grouped ? 'unknown' : exitReasons.has(fill.id) ? 'exit' : 'entry', plainDecimal(fill.price), plainDecimal(fill.amount), plainDecimal(fill.fee), fill.feeCurrency, fill.liquidity, fill.source, exitReasons.get(fill.id) ?? null]);
    }
  }
  return toCsv(['time', 'trade_id', 'fill_id', 'client_order_id', 'account', 'symbol', 'side', 'role', 'price', 'amount', 'fee', 'fee_currency', 'liquidity', 'source', 'exit_reason'], rows);
}

export const TRADES_CSV_HEADER = [
  'trade_id', 'symbol', 'source', 'direction', 'status', 'closed_pct', 'opened_at', 'closed_at', 'duration_s', 'entries', 'exits',
  'entry_avg', 'exit_avg', 'quantity', 'pnl', 'pnl_pct', 'fees', 'r_multiple', 'exit_reasons',
] as const;

/**
 * One row per trade, as Trade History shows it: averages at the market's precision, money to 4 places
 * (fees of small orders are fractions of a cent), percentages and R to 2.
 */
export function tradesCsv(trades: readonly TradeView[]): string {
  return toCsv(
    TRADES_CSV_HEADER,
    trades.map((t) => [
      t.id,
      t.symbol,
      t.source,
      'long',
      t.status,
      csvNumber(t.closedPct, 1),
      iso(t.openedAt),
      t.closedAt === null ? null : iso(t.closedAt),
      Math.round(t.durationMs / 1000),
      t.entries,
      t.exits,
      csvNumber(t.entryAverage, t.priceDecimals),
      csvNumber(t.exitAverage, t.priceDecimals),
      csvNumber(t.entryQuantity, 8),
      csvNumber(t.pnl, 4),
      csvNumber(t.pnlPct, 2),
      csvNumber(t.fees, 4),
      csvNumber(t.rMultiple, 2),
      t.exitReasons.join(' '),
    ]),
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

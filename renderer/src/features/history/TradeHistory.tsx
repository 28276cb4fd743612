import { useMemo, useState } from 'react';
import type { TradeView } from '../../../../core/api/contract/trades';
import { api } from '../../api/client';
import { EmptyState } from '../../app/EmptyState';
import { TableHead, type Column } from '../../app/TableHead';
import { formatAmount, formatDateTime, formatPrice } from '../../app/format';
import { useLiveQuery } from '../../app/useLiveQuery';
import { useMarketStore } from '../../stores/market';
import { useTradingStore } from '../../stores/trading';
import { download, fillsCsv, tradesCsv } from './csv';
import { groupTrades } from './group';
import { TradeRow } from './TradeRow';
import { VenueTag } from '../../app/VenueTag';
import { venueTags } from '../../app/venue';

const TRADE_COLUMNS: readonly Column[] = [
  { label: 'Trade' },
  { label: 'Symbol' },
  { label: 'Strategy' },
  { label: 'Opened (UTC)' },
  { label: 'Duration', numeric: true },
  { label: 'Entry avg', numeric: true },
  { label: 'Exit avg', numeric: true },
  { label: 'P&L', numeric: true, title: 'Realized on the part sold, net of its fees' },
  { label: 'P&L %', numeric: true, title: 'Of what the sold part cost' },
  { label: 'Fees', numeric: true, title: 'Every fee of the trade’s fills, entries and exits' },
  { label: 'R', numeric: true, title: 'P&L in units of the risk taken (entry − first stop); needs a stop' },
  { label: 'Exit reason' },
  { label: 'Status' },
];

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/** Case-insensitive match on symbol, strategy, trade id or exit reason. */
function matches(trade: TradeView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const haystack = [trade.symbol, trade.source, trade.id, ...trade.exitReasons].join(' ').toLowerCase();
  return q.split(/\s+/).every((word) => haystack.includes(word));
}

/**
 * Every trade (all entries and exits of one position) with the core's review of it — averages, P&L,
 * P&L %, fees, duration and R — searchable and exportable; fills the core could not tie to a trade
 * are listed by their order.
 */
export function TradeHistory() {
  const fills = useTradingStore((s) => s.fills);
  const loaded = useTradingStore((s) => s.loaded);
  const loadError = useTradingStore((s) => s.error);
  const rows = useMarketStore((s) => s.rows);
  const [query, setQuery] = useState('');
  const [symbol, setSymbol] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const { data: trades, error } = useLiveQuery(() => api.call('trades.list', { limit: 5_000 }), { events: ['fills.new', 'positions.updated'], refreshMs: 5_000 });
  const fillsByTrade = useMemo(() => {
    const map = new Map<string, typeof fills>();
    for (const fill of fills) if (fill.tradeId) map.set(fill.tradeId, [...(map.get(fill.tradeId) ?? []), fill].sort((a, b) => a.time - b.time));
    return map;
  }, [fills]);
  const loose = useMemo(() => groupTrades(fills).filter((group) => !group.grouped), [fills]);
  const all = trades ?? [];
  const shown = useMemo(() => all.filter((t) => (!symbol || t.symbol === symbol) && matches(t, query)), [all, symbol, query]);
  const symbols = useMemo(() => [...new Set(all.map((t) => t.symbol))].sort(), [all]);

  if (loadError || (error && !trades)) return <EmptyState tone="error" title="Trade history is unavailable" detail={loadError ?? error ?? ''} />;
  if (!loaded || !trades) return <EmptyState title="Loading history…" />;

  const toggle = (id: string) => setExpanded((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const venueTag = venueTags(all.map((trade) => trade.account));
  const decimalsOf = (sym: string) => rows.find((r) => r.symbol === sym)?.priceDecimals ?? 2;
  const shownIds = new Set(shown.map((t) => t.id));

  return (
    <div className="table-wrap">
      <div className="table-toolbar">
        <input type="search" aria-label="Search trades" placeholder="Search symbol, strategy, reason…" value={query} onChange={(e) => setQuery(e.target.value)} />
        <select aria-label="Filter by symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)}>
          <option value="">All symbols</option>
          {symbols.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="muted small">
          {shown.length} of {all.length} trades · {fills.length} fills
        </span>
        <span className="spacer" />
        <button type="button" className="small-btn" disabled={shown.length === 0} onClick={() => download(`halyard-trades-${stamp()}.csv`, tradesCsv(shown))}>
          Export trades (CSV)
        </button>
        <button type="button" className="small-btn" disabled={fills.length === 0} onClick={() => download(`halyard-fills-${stamp()}.csv`, fillsCsv(groupTrades(fills).filter((g) => !g.grouped || shownIds.has(g.id))))}>
          Export fills (CSV)
        </button>
      </div>
      {all.length === 0 && loose.length === 0 ? (
        <EmptyState title="No trades yet" detail="Every fill — from the order ticket or a strategy — is recorded here, grouped by position, with its P&L, fees, duration and the reason for each exit." />
      ) : (
        <table className="data-table" aria-label="Trade history">
          <TableHead columns={TRADE_COLUMNS} />
          <tbody>
            {shown.map((trade) => (
              <TradeRow key={`${trade.account}:${trade.id}`} venue={venueTag(trade.account)} trade={trade} fills={fillsByTrade.get(trade.id) ?? []} expanded={expanded.has(trade.id)} onToggle={() => toggle(trade.id)} />
            ))}
            {loose
              .filter((group) => (!symbol || group.symbol === symbol) && (!query.trim() || group.symbol.toLowerCase().includes(query.trim().toLowerCase())))
              .flatMap((group) => [...group.entries, ...group.exits.map((e) => e.fill)])
              .map((fill) => (
                <tr key={fill.id} data-fill={fill.id} data-symbol={fill.symbol}>
                  <th scope="row" className="mono">{fill.clientOrderId}</th>
                  <td>
                    {fill.symbol}
                    <VenueTag name={venueTag(fill.account)} />
                  </td>
                  <td>{fill.source}</td>
                  <td className="mono muted">{formatDateTime(fill.time)}</td>
                  <td />
                  <td className="num" colSpan={2}>
                    {fill.side === 'buy' ? '▲ Buy' : '▼ Sell'} {formatAmount(fill.amount)} @ {formatPrice(fill.price, fill.priceDecimals ?? decimalsOf(fill.symbol))}
                  </td>
                  <td colSpan={5} className="muted small">a fill that moved no position (sold beyond what Halyard saw bought)</td>
                  <td>
                    <span className="pill">Order only</span>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

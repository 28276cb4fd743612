import { Fragment, useMemo, useState } from 'react';
import { EmptyState } from '../../app/EmptyState';
import { TableHead, type Column } from '../../app/TableHead';
import { formatAmount, formatDateTime, formatFillFee, formatPrice } from '../../app/format';
import { useMarketStore } from '../../stores/market';
import { useTradingStore } from '../../stores/trading';
import { download, fillsCsv, tradesCsv } from './csv';
import { groupTrades, matchesQuery, type TradeGroup } from './group';

const REASON_LABEL: Record<string, string> = {
  take_profit: 'Take profit',
  stop_loss: 'Stop loss',
  trailing_stop: 'Trailing stop',
  time_exit: 'Time exit',
  signal: 'Signal',
  emergency_stop: 'Emergency stop',
  manual: 'Manual',
};

const TRADE_COLUMNS: readonly Column[] = [
  { label: 'Trade' },
  { label: 'Symbol' },
  { label: 'Strategy' },
  { label: 'Opened (UTC)' },
  { label: 'Last fill (UTC)' },
  { label: 'Entries', numeric: true },
  { label: 'Exits', numeric: true },
  { label: 'Exit reason' },
  { label: 'Status' },
];

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/** Fills grouped by trade (all entries and exits of one position), searchable, exportable as CSV. */
export function TradeHistory() {
  const fills = useTradingStore((s) => s.fills);
  const positions = useTradingStore((s) => s.positions);
  const loaded = useTradingStore((s) => s.loaded);
  const loadError = useTradingStore((s) => s.error);
  const rows = useMarketStore((s) => s.rows);
  const [query, setQuery] = useState('');
  const [symbol, setSymbol] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const trades = useMemo(() => groupTrades(fills), [fills]);
  const shown = useMemo(() => trades.filter((t) => (!symbol || t.symbol === symbol) && matchesQuery(t, query)), [trades, symbol, query]);
  const symbols = useMemo(() => [...new Set(trades.map((t) => t.symbol))].sort(), [trades]);
  const openIds = useMemo(() => new Set(positions.map((p) => p.id)), [positions]);

  if (loadError) return <EmptyState tone="error" title="Trade history is unavailable" detail={loadError} />;
  if (!loaded) return <EmptyState title="Loading history…" />;

  const toggle = (id: string) => setExpanded((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const decimalsOf = (sym: string) => rows.find((r) => r.symbol === sym)?.priceDecimals ?? 2;
  const reasons = (trade: TradeGroup) => [...new Set(trade.exits.map((e) => (e.reason ? (REASON_LABEL[e.reason] ?? e.reason) : 'unknown')))].join(', ');

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
          {shown.length} of {trades.length} trades · {fills.length} fills
        </span>
        <span className="spacer" />
        <button type="button" className="small-btn" disabled={shown.length === 0} onClick={() => download(`halyard-trades-${stamp()}.csv`, tradesCsv(shown))}>
          Export trades (CSV)
        </button>
        <button type="button" className="small-btn" disabled={shown.length === 0} onClick={() => download(`halyard-fills-${stamp()}.csv`, fillsCsv(shown))}>
          Export fills (CSV)
        </button>
      </div>
      {trades.length === 0 ? (
        <EmptyState title="No trades yet" detail="Every fill — from the order ticket or a strategy — is recorded here, grouped by position, with the reason for each exit." />
      ) : (
        <table className="data-table" aria-label="Trade history">
          <TableHead columns={TRADE_COLUMNS} />
          <tbody>
            {shown.map((trade) => {
              const open = expanded.has(trade.id);
              const decimals = decimalsOf(trade.symbol);
              const exitIds = new Map(trade.exits.map((e) => [e.fill.id, e.reason]));
              const legs = [...trade.entries, ...trade.exits.map((e) => e.fill)].sort((a, b) => a.time - b.time);
              return (
                <Fragment key={trade.id}>
                  <tr data-trade={trade.id} data-symbol={trade.symbol}>
                    <th scope="row">
                      <button type="button" className="disclosure" aria-expanded={open} aria-label={`Fills of trade ${trade.id}`} onClick={() => toggle(trade.id)}>
                        {open ? '▾' : '▸'}
                      </button>
                      <span className="mono">{trade.id.replace(/^order:/, '')}</span>
                    </th>
                    <td>{trade.symbol}</td>
                    <td>{trade.source}</td>
                    <td className="mono muted">{formatDateTime(trade.openedAt)}</td>
                    <td className="mono muted">{formatDateTime(trade.lastAt)}</td>
                    <td className="num">{trade.grouped ? trade.entries.length : '—'}</td>
                    <td className="num">{trade.grouped ? trade.exits.length : '—'}</td>
                    <td>{trade.exits.length ? reasons(trade) : <span className="muted">—</span>}</td>
                    <td>
                      {!trade.grouped ? (
                        <span className="pill" title="The core sent this fill without a trade id, so it is listed by its order">
                          Order only
                        </span>
                      ) : openIds.has(trade.id) ? (
                        <span className="pill open">Open</span>
                      ) : trade.exits.length ? (
                        <span className="pill">Closed</span>
                      ) : (
                        <span className="pill open">Open</span>
                      )}
                    </td>
                  </tr>
                  {open
                    ? legs.map((fill) => (
                        <tr key={fill.id} className="tranche-row" data-fill={fill.id}>
                          <td className="muted">{!trade.grouped ? 'Fill' : exitIds.has(fill.id) ? 'Exit' : 'Entry'}</td>
                          <td className={fill.side === 'buy' ? 'up' : 'down'}>{fill.side === 'buy' ? '▲ Buy' : '▼ Sell'}</td>
                          <td className="num">{formatAmount(fill.amount)}</td>
                          <td className="num">@ {formatPrice(fill.price, decimals)}</td>
                          <td className="mono muted">{formatDateTime(fill.time)}</td>
                          <td className="num muted" colSpan={2}>
                            fee {formatFillFee(fill)} · {fill.liquidity}
                          </td>
                          <td>{exitIds.has(fill.id) ? (REASON_LABEL[exitIds.get(fill.id) ?? ''] ?? exitIds.get(fill.id) ?? 'unknown') : ''}</td>
                          <td />
                        </tr>
                      ))
                    : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

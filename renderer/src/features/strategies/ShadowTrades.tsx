import type { LiveShadowRow } from '../../../../core/api/contract/strategy-shadows';
import { direction, formatAmount, formatDateTime, formatPrice, formatSigned } from '../../app/format';
import { RiskEventRows } from '../../app/RiskEventRows';
import { TableHead, type Column } from '../../app/TableHead';
import { useMarketStore } from '../../stores/market';

const TRADE_COLUMNS: readonly Column[] = [
  { label: 'Entry (UTC)' },
  { label: 'Exit (UTC)' },
  { label: 'Side' },
  { label: 'Qty', numeric: true },
  { label: 'Entry price', numeric: true },
  { label: 'Exit price', numeric: true },
  { label: 'Fees', numeric: true },
  { label: 'P&L', numeric: true, title: 'After fees: the entry and exit fees are taken off' },
  { label: 'Exit reason' },
];
const SYMBOL_COLUMN: Column = { label: 'Symbol' };

const RISK_COLUMNS: readonly Column[] = [{ label: 'Time (UTC)' }, { label: 'Kind' }, { label: 'Detail' }];

/**
 * The trades and risk events of one shadow lane (champion or variant), newest first, so a trader can
 * see why its figures differ from the champion's. Rows carry the most recent 200 of each; metrics count all.
 * Fees and P&L read to `moneyDecimals`, its configuration's (satoshis for a BTC quote).
 */
export function ShadowTrades({ row, label, id, multiSymbol, moneyDecimals }: { row: LiveShadowRow; label: string; id: string; multiSymbol: boolean; moneyDecimals: number }) {
  const markets = useMarketStore((s) => s.rows);
  // The market's own precision when it is in the watchlist, else a sensible default for the size of the price.
  const price = (symbol: string, value: number) => formatPrice(value, markets.find((m) => m.symbol === symbol)?.priceDecimals ?? (value >= 1000 ? 2 : value >= 1 ? 4 : 6));
  const trades = [...row.trades].reverse();
  const events = [...row.riskEvents].reverse();
  const since = row.since === null ? '' : ` since ${formatDateTime(row.since)} UTC`;
  const columns = multiSymbol ? [SYMBOL_COLUMN, ...TRADE_COLUMNS] : TRADE_COLUMNS;

  return (
    <div className="shadow-trades" id={id}>
      {trades.length === 0 ? (
        <p className="muted small" data-testid="shadow-trades-empty">
          No trades yet{since}.
        </p>
      ) : (
        <>
          {row.metrics.trades > trades.length ? (
            <p className="muted small">
              The most recent {trades.length} of {row.metrics.trades} trades.
            </p>
          ) : null}
          <table className="mini-table" aria-label={`Trades of ${label}`}>
            <TableHead columns={columns} />
            <tbody>
              {trades.map((t) => (
                <tr key={t.id} data-shadow-trade={t.id}>
                  {multiSymbol ? <td>{t.symbol}</td> : null}
                  <td className="mono muted">{formatDateTime(t.entryTime)}</td>
                  <td className="mono muted">{formatDateTime(t.exitTime)}</td>
                  <td>{t.side}</td>
                  <td className="num">{formatAmount(t.qty)}</td>
                  <td className="num">{price(t.symbol, t.entryPrice)}</td>
                  <td className="num">{price(t.symbol, t.exitPrice)}</td>
                  <td className="num muted">{formatPrice(t.fees, moneyDecimals)}</td>
                  <td className={`num ${direction(t.pnl, moneyDecimals)}`}>{formatSigned(t.pnl, moneyDecimals)}</td>
                  <td data-testid="exit-reason">{t.reason.replace(/_/g, ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {events.length === 0 ? (
        <p className="muted small">No risk events{since}.</p>
      ) : (
        <table className="mini-table" aria-label={`Risk events of ${label}`}>
          <TableHead columns={RISK_COLUMNS} />
          <tbody>
            <RiskEventRows events={events} />
          </tbody>
        </table>
      )}
    </div>
  );
}

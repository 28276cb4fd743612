import { Fragment } from 'react';
import type { TradeView } from '../../../../core/api/contract/trades';
import type { FillView } from '../../../../core/api/contract/trading';
import { VenueTag } from '../../app/VenueTag';
import { direction, formatAmount, formatChange, formatDateTime, formatDuration, formatFillFee, formatPercent, formatPrice, formatSigned, QUOTE_DECIMALS } from '../../app/format';

export const REASON_LABEL: Record<string, string> = {
  take_profit: 'Take profit',
  stop_loss: 'Stop loss',
  trailing_stop: 'Trailing stop',
  time_exit: 'Time exit',
  signal: 'Signal',
  emergency_stop: 'Emergency stop',
  manual: 'Manual',
};

/** "+1.25 R", "−0.80 R". */
export function formatR(value: number): string {
  return `${formatChange(value, 2)} R`;
}

/** "Open", "Closed", or "Open — 50 % closed" for a trade partly sold. */
export function statusText(trade: Pick<TradeView, 'status' | 'closedPct'>): string {
  if (trade.status === 'closed') return 'Closed';
  if (trade.status === 'open') return 'Open';
  return `Open — ${Math.max(1, Math.min(99, Math.round(trade.closedPct)))} % closed`;
}

/** One trade of Trade History and, expanded, its fills (entries and exits with their reasons). */
/** `venue`: the account's exchange, where the history holds more than one ("BTC/USDT · Kraken"). */
export function TradeRow({ trade, fills, expanded, onToggle, venue = null }: { trade: TradeView; fills: readonly FillView[]; expanded: boolean; onToggle(): void; venue?: string | null }) {
  const decimals = trade.priceDecimals;
  // Money in the market's quote, to the core's decimals (satoshis for ETH/BTC).
  const money = trade.moneyDecimals ?? QUOTE_DECIMALS;
  const reasons = trade.exitReasons.map((r) => REASON_LABEL[r] ?? r).join(', ');
  return (
    <Fragment>
      <tr data-trade={trade.id} data-symbol={trade.symbol} data-status={trade.status}>
        <th scope="row">
          <button type="button" className="disclosure" aria-expanded={expanded} aria-label={`Fills of trade ${trade.id}`} onClick={onToggle}>
            {expanded ? '▾' : '▸'}
          </button>
          <span className="mono">{trade.id}</span>
        </th>
        <td>
          {trade.symbol}
          <VenueTag name={venue} />
        </td>
        <td>{trade.source}</td>
        <td className="mono muted">{formatDateTime(trade.openedAt)}</td>
        <td className="num" data-testid="trade-duration">{formatDuration(trade.durationMs)}</td>
        <td className="num" data-testid="trade-entry">{formatPrice(trade.entryAverage, decimals)}</td>
        <td className="num" data-testid="trade-exit">{trade.exitAverage === null ? '—' : formatPrice(trade.exitAverage, decimals)}</td>
        <td className={`num ${direction(trade.pnl, money)}`} data-testid="trade-pnl">{trade.exits ? formatSigned(trade.pnl, money) : '—'}</td>
        <td className={`num ${direction(trade.pnlPct, 2)}`} data-testid="trade-pnl-pct">{trade.pnlPct === null ? '—' : formatPercent(trade.pnlPct)}</td>
        <td className="num muted" data-testid="trade-fees">{formatPrice(trade.fees, money)}</td>
        <td className="num" data-testid="trade-r" title={trade.initialStop === null ? 'No stop was set: R needs the risk the trade was opened with' : `1 R = entry − first stop ${formatPrice(trade.initialStop, decimals)}`}>
          {trade.rMultiple === null ? '—' : formatR(trade.rMultiple)}
        </td>
        <td>{reasons || <span className="muted">—</span>}</td>
        <td>
          <span className={trade.status === 'closed' ? 'pill' : 'pill open'} data-testid="trade-status">
            {statusText(trade)}
          </span>
        </td>
      </tr>
      {expanded
        ? fills.map((fill) => (
            <tr key={fill.id} className="tranche-row" data-fill={fill.id}>
              <td className="muted">{fill.side === 'sell' ? 'Exit' : 'Entry'}</td>
              <td className={fill.side === 'buy' ? 'up' : 'down'}>{fill.side === 'buy' ? '▲ Buy' : '▼ Sell'}</td>
              <td className="num">{formatAmount(fill.amount)}</td>
              <td className="mono muted">{formatDateTime(fill.time)}</td>
              <td />
              <td className="num">@ {formatPrice(fill.price, decimals)}</td>
              <td />
              <td className="num muted" colSpan={3}>
                fee {formatFillFee(fill)} · {fill.liquidity}
              </td>
              <td />
              <td>{fill.exitReason ? (REASON_LABEL[fill.exitReason] ?? fill.exitReason) : ''}</td>
              <td />
            </tr>
          ))
        : null}
    </Fragment>
  );
}

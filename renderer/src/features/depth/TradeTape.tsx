import type { DepthView } from '../../../../core/api/contract/depth';
import { formatAmount, formatPrice } from '../../app/format';

/** The market's latest trades, newest first: time (UTC), price coloured by the taker's side, amount. */
export function TradeTape({ depth, decimals }: { depth: DepthView; decimals: number }) {
  if (depth.trades.length === 0) return <p className="muted small pad">No trades yet — they print here as the market trades.</p>;
  return (
    <table className="mini-table trade-tape" aria-label="Trades">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col" className="num">Price</th>
          <th scope="col" className="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        {depth.trades.map((trade) => (
          <tr key={trade.id} data-side={trade.side}>
            <td className="mono muted">{new Date(trade.time).toISOString().slice(11, 19)}</td>
            <td className={`num ${trade.side === 'buy' ? 'up' : 'down'}`}>
              {trade.side === 'buy' ? '▲' : '▼'} {formatPrice(trade.price, decimals)}
            </td>
            <td className="num">{formatAmount(trade.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { memo } from 'react';
import type { DepthView } from '../../../../core/api/contract/depth';
import { formatPercent, formatPrice } from '../../app/format';

/** One price level; memoised: a tick re-renders only the levels whose figures changed. */
const Level = memo(function Level({ side, price, amount, total, max, decimals, amountDecimals }: { side: 'bid' | 'ask'; price: number; amount: number; total: number; max: number; decimals: number; amountDecimals: number }) {
  const width = max > 0 ? Math.min(100, (total / max) * 100) : 0;
  return (
    <tr className={`book-level ${side}`} data-price={price} style={{ backgroundSize: `${width.toFixed(1)}% 100%` }}>
      <td className={`num ${side === 'bid' ? 'up' : 'down'}`}>
        {formatPrice(price, decimals)}
      </td>
      <td className="num">{formatPrice(amount, amountDecimals)}</td>
      <td className="num muted">{formatPrice(total, amountDecimals)}</td>
    </tr>
  );
});

/** Asks above (best nearest the middle), the spread and last price, bids below; bars show the cumulative depth. */
export function OrderBookLadder({ depth, base, quote }: { depth: DepthView; base: string; quote: string }) {
  const max = Math.max(depth.bids.at(-1)?.total ?? 0, depth.asks.at(-1)?.total ?? 0);
  const decimals = depth.priceDecimals;
  // Amounts in one column line up: as many places as the largest total leaves room for (4 significant digits).
  const amountDecimals = Math.max(0, Math.min(6, 3 - Math.floor(Math.log10(Math.max(max, 1e-9)))));
  return (
    <table className="mini-table book-ladder" aria-label="Order book">
      <thead>
        <tr>
          <th scope="col" className="num">Price ({quote})</th>
          <th scope="col" className="num">Amount ({base})</th>
          <th scope="col" className="num">Total</th>
        </tr>
      </thead>
      <tbody>
        {/* Rows keyed by distance from the spread: a moving price updates them in place, not row by row anew. */}
        {[...depth.asks].reverse().map((level, i, asks) => (
          <Level key={`a${asks.length - 1 - i}`} side="ask" {...level} max={max} decimals={decimals} amountDecimals={amountDecimals} />
        ))}
        <tr className="book-spread" data-testid="book-spread">
          <td className="num strong">{depth.last === null ? '—' : formatPrice(depth.last, Math.max(decimals, 0))}</td>
          <td className="num muted" colSpan={2}>
            spread {depth.spread === null ? '—' : formatPrice(depth.spread, decimals)}
            {depth.spreadPct === null ? '' : ` (${formatPercent(depth.spreadPct).replace(/^[▲▼•] \+?/, '')})`}
          </td>
        </tr>
        {depth.bids.map((level, i) => (
          <Level key={`b${i}`} side="bid" {...level} max={max} decimals={decimals} amountDecimals={amountDecimals} />
        ))}
      </tbody>
    </table>
  );
}

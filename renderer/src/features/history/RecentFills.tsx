import { formatAmount, formatDateTime, formatFillFee, formatPrice } from '../../app/format';
import { useMarketStore } from '../../stores/market';
import { useTradingStore } from '../../stores/trading';
import { VenueTag } from '../../app/VenueTag';
import { venueTags } from '../../app/venue';

const SHOWN = 40;

/** The latest fills (the trader's and the bot's), newest first: the terminal's tape of own trades. */
export function RecentFillsList() {
  const fills = useTradingStore((s) => s.fills);
  const rows = useMarketStore((s) => s.rows);
  const select = useMarketStore((s) => s.select);
  const venueTag = venueTags(fills.slice(0, SHOWN).map((fill) => fill.account));
  if (fills.length === 0) return <p className="muted small pad">No fills yet. Orders from the ticket and the strategies show here as they fill.</p>;
  return (
    <table className="mini-table fills-table" aria-label="Recent fills">
      <tbody>
        {fills.slice(0, SHOWN).map((fill) => (
          <tr key={fill.id} data-fill={fill.id} onClick={() => select(fill.symbol)} title={`${fill.source} · fee ${formatFillFee(fill)}`}>
            <td className="mono muted">{formatDateTime(fill.time).slice(11, 16)}</td>
            <td>
              {fill.symbol.split('/')[0]}
              <VenueTag name={venueTag(fill.account)} />
            </td>
            <td className={fill.side === 'buy' ? 'up' : 'down'}>{fill.side === 'buy' ? '▲ B' : '▼ S'}</td>
            <td className="num">{formatAmount(fill.amount)}</td>
            <td className="num">{formatPrice(fill.price, fill.priceDecimals ?? rows.find((r) => r.symbol === fill.symbol)?.priceDecimals ?? 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

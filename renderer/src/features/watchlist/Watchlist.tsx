import type { WatchRow } from '../../../../core/api/contract/market';
import { useMarketStore } from '../../stores/market';
import { formatPercent, formatPrice } from '../../app/format';

function Sparkline({ values, rising }: { values: readonly number[]; rising: boolean }) {
  if (values.length < 2) return <svg className="sparkline" aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values.map((v, i) => `${((i / (values.length - 1)) * 60).toFixed(1)},${(18 - ((v - min) / span) * 16).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" viewBox="0 0 60 20" aria-hidden="true">
      <polyline points={points} className={rising ? 'up-stroke' : 'down-stroke'} />
    </svg>
  );
}

function Row({ row, selected, onSelect }: { row: WatchRow; selected: boolean; onSelect(): void }) {
  const change = row.changePct ?? 0;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  return (
    <tr className={selected ? 'selected' : undefined} aria-selected={selected} onClick={onSelect} data-symbol={row.symbol}>
      <th scope="row">
        <button type="button" className="link" onClick={onSelect} aria-label={`Show ${row.symbol}`}>
          {row.symbol}
        </button>
      </th>
      <td className="num" data-testid="last-price">{row.last === null ? '—' : formatPrice(row.last, row.priceDecimals)}</td>
      <td className={`num ${direction}`}>{row.changePct === null ? '—' : formatPercent(row.changePct)}</td>
      <td>
        <Sparkline values={row.sparkline} rising={change >= 0} />
      </td>
    </tr>
  );
}

export function Watchlist() {
  const rows = useMarketStore((s) => s.rows);
  const selected = useMarketStore((s) => s.selectedSymbol);
  const select = useMarketStore((s) => s.select);
  return (
    <section className="watchlist" aria-label="Watchlist">
      <header className="panel-header">
        <h2>Watchlist</h2>
      </header>
      <table>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">Last</th>
            <th scope="col" className="num">24h</th>
            <th scope="col"><span className="visually-hidden">Trend</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.symbol} row={row} selected={row.symbol === selected} onSelect={() => select(row.symbol)} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">Waiting for market data…</p> : null}
    </section>
  );
}

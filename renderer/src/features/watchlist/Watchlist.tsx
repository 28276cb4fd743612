import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { WatchRow } from '../../../../core/api/contract/market';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useMarketStore } from '../../stores/market';
import { readinessBySymbol, useStrategiesStore } from '../../stores/strategies';
import { WatchlistEditor } from './WatchlistEditor';
import { rowKey, WatchPainter } from './watch-painter';
import { useLivePaint } from '../live/useLivePaint';
import { exchangeName } from '../../app/venue';
import './watchlist.css';

type Readiness = { value: number; strategy: string } | undefined;

/** What React renders of a row: which market it is. Its figures are the WatchPainter's. */
type WatchSlot = Pick<WatchRow, 'symbol' | 'exchange' | 'elsewhere'>;

/**
 * The list's markets as one string: a primitive the store's selector compares by value, so a tick (new
 * row objects, same markets) does not re-render the list.
 */
const slotsKey = (rows: readonly WatchRow[]) => JSON.stringify(rows.map((row): WatchSlot => ({ symbol: row.symbol, exchange: row.exchange ?? null, elsewhere: row.elsewhere ?? false })));

/** The row's venue, shown when the list holds more than one ("BTC/USDT · Kraken"). */
function venueOf(row: WatchSlot): string {
  return row.exchange ? exchangeName(row.exchange) : 'Simulated';
}

interface RowProps {
  row: WatchSlot;
  selected: boolean;
  /** Stable across renders (memoised rows compare it by identity). */
  onPick(row: WatchSlot): void;
  readiness: Readiness;
  showReadiness: boolean;
  tagged: boolean;
}

/** The cells a tick writes into (see watch-painter.ts): rendered empty, never re-rendered with figures. */
function LiveCells() {
  return (
    <>
      <td className="num" data-testid="last-price" />
      <td className="num" data-live="change" />
    </>
  );
}

function Sparkline() {
  return (
    <td className="spark-cell">
      <svg className="sparkline" viewBox="0 0 60 20" preserveAspectRatio="none" aria-hidden="true">
        <polyline />
      </svg>
    </td>
  );
}

const Row = memo(function Row({ row, selected, onPick, readiness, showReadiness, tagged }: RowProps) {
  const onSelect = () => onPick(row);
  const [base, quote] = row.symbol.split('/');
  const name = (
    <>
      <span className="base">{base}</span>
      <span className="quote">/{quote}</span>
      {tagged ? <span className="venue-tag" data-testid="venue-tag">{` · ${venueOf(row)}`}</span> : null}
    </>
  );
  if (row.elsewhere) {
    // Another exchange's symbol, watched from its own venue's feed: a click charts that exchange's market.
    return (
      <tr className="elsewhere" onClick={onSelect} data-symbol={row.symbol} data-exchange={row.exchange ?? ''} title={`${row.symbol} on ${venueOf(row)}: click to chart ${venueOf(row)}'s market`}>
        <th scope="row">
          <button type="button" className="link" onClick={onSelect} aria-label={`Chart ${row.symbol} on ${venueOf(row)}`}>
            {name}
          </button>
        </th>
        <LiveCells />
        {showReadiness ? <td className="num ready-cell muted">—</td> : null}
        <Sparkline />
      </tr>
    );
  }
  return (
    <tr className={selected ? 'selected' : undefined} aria-selected={selected} onClick={onSelect} data-symbol={row.symbol} data-exchange={row.exchange ?? ''}>
      <th scope="row">
        <button type="button" className="link" onClick={onSelect} aria-label={`Show ${row.symbol}`}>
          {name}
        </button>
      </th>
      <LiveCells />
      {showReadiness ? (
        <td className="num ready-cell" data-testid="readiness" title={readiness ? `${readiness.strategy}: readiness ${Math.round(readiness.value)} of 100` : 'no enabled strategy reports readiness here'}>
          {readiness ? <span className={readiness.value >= 75 ? 'up strong' : readiness.value >= 50 ? 'warn-text' : 'muted'}>{Math.round(readiness.value)}</span> : <span className="muted">—</span>}
        </td>
      ) : null}
      <Sparkline />
    </tr>
  );
});

/** Markets with last price, 24 h change, readiness of the enabled strategies (sortable) and a sparkline. */
export function Watchlist() {
  const rowsKey = useMarketStore((s) => slotsKey(s.rows));
  const elsewhereKey = useMarketStore((s) => slotsKey(s.elsewhere));
  const rows = useMemo(() => JSON.parse(rowsKey) as WatchSlot[], [rowsKey]);
  const elsewhere = useMemo(() => JSON.parse(elsewhereKey) as WatchSlot[], [elsewhereKey]);
  const selected = useMarketStore((s) => s.selectedSymbol);
  const select = useMarketStore((s) => s.select);
  const configs = useStrategiesStore((s) => s.configs);
  const [sortByReadiness, setSortByReadiness] = useState(false);
  const [editing, setEditing] = useState(false);
  const readiness = useMemo(() => readinessBySymbol(configs), [configs]);
  const [switching, setSwitching] = useState<{ kind: 'busy' | 'error'; text: string } | null>(null);
  // Another exchange's row: the chart's market becomes that exchange's (the core refuses while paper positions or orders are open).
  const chartElsewhere = async (row: WatchSlot) => {
    if (!row.exchange || switching?.kind === 'busy') return;
    setSwitching({ kind: 'busy', text: `Switching the chart to ${venueOf(row)}…` });
    try {
      await api.call('market.chartElsewhere', { exchange: row.exchange, symbol: row.symbol });
      select(row.symbol);
      setSwitching(null);
    } catch (reason) {
      setSwitching({ kind: 'error', text: `${row.symbol} on ${venueOf(row)} could not be charted: ${describeError(reason)}` });
    }
  };
  const pick = useCallback((row: WatchSlot) => select(row.symbol), [select]);
  // The latest chartElsewhere behind a stable callback (it reads `switching`), so memoised rows stay put.
  const elsewhereNow = useRef(chartElsewhere);
  elsewhereNow.current = chartElsewhere;
  const pickElsewhere = useCallback((row: WatchSlot) => void elsewhereNow.current(row), []);
  const showReadiness = readiness.size > 0;
  const shown = useMemo(
    () => (sortByReadiness && showReadiness ? [...rows].sort((a, b) => (readiness.get(b.symbol)?.value ?? -1) - (readiness.get(a.symbol)?.value ?? -1)) : rows),
    [rows, readiness, sortByReadiness, showReadiness],
  );
  // The figures: written into the rows React rendered, now and on every new set of rows from the core.
  const body = useLivePaint(useMarketStore, (element: HTMLTableSectionElement) => new WatchPainter(element), [shown, elsewhere, showReadiness]);
  return (
    <section className="watchlist panel" aria-label="Watchlist">
      <header className="panel-header">
        <h2>Watchlist</h2>
        <span className="muted small">{rows.length ? `${rows.length + elsewhere.length} markets` : ''}</span>
        <span className="spacer" />
        <button type="button" className="small-btn" aria-pressed={editing} onClick={() => setEditing(!editing)} aria-label={editing ? 'Done editing the watchlist' : 'Edit watchlist'} title="Add, remove and reorder symbols">
          {editing ? 'Done' : 'Edit'}
        </button>
      </header>
      <div className="panel-scroll">
        {editing ? <WatchlistEditor /> : null}
        <table hidden={editing}>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">Last</th>
              <th scope="col" className="num">24h</th>
              {showReadiness ? (
                <th scope="col" className="num" aria-sort={sortByReadiness ? 'descending' : 'none'}>
                  <button type="button" className="th-sort" onClick={() => setSortByReadiness(!sortByReadiness)} title="Readiness of the enabled strategies (0–100): click to sort">
                    Ready{sortByReadiness ? ' ▼' : ''}
                  </button>
                </th>
              ) : null}
              <th scope="col">
                <span className="visually-hidden">Trend</span>
              </th>
            </tr>
          </thead>
          <tbody ref={body}>
            {shown.map((row) => (
              <Row key={row.symbol} row={row} selected={row.symbol === selected} onPick={pick} readiness={readiness.get(row.symbol)} showReadiness={showReadiness} tagged={elsewhere.length > 0} />
            ))}
            {elsewhere.map((row) => (
              <Row key={rowKey(row)} row={row} selected={false} onPick={pickElsewhere} readiness={undefined} showReadiness={showReadiness} tagged />
            ))}
          </tbody>
        </table>
        {switching ? (
          <p className={switching.kind === 'error' ? 'form-error inline' : 'muted small pad'} role={switching.kind === 'error' ? 'alert' : 'status'}>
            {switching.text}
          </p>
        ) : null}
        {rows.length === 0 ? <p className="muted pad">Waiting for market data…</p> : null}
      </div>
    </section>
  );
}

import { useState } from 'react';
import { formatPrice } from '../../app/format';
import { RecentFillsList } from '../history/RecentFills';
import { useMarketStore, usePriceDecimals } from '../../stores/market';
import { DepthChart } from './DepthChart';
import { OrderBookLadder } from './OrderBookLadder';
import { TradeTape } from './TradeTape';
import { useDepth, useDepthView, type DepthFeed, type Grouping } from './useDepth';
import './depth.css';

type View = 'book' | 'depth' | 'trades' | 'fills';
const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'book', label: 'Book' },
  { id: 'depth', label: 'Depth' },
  { id: 'trades', label: 'Trades' },
  { id: 'fills', label: 'My fills' },
];
const GROUPINGS: readonly Grouping[] = [1, 10, 100, 1000];
const TRANSPORT: Record<string, string> = { simulated: 'simulated book', websocket: 'live (websocket)', polling: 'live (polling)' };

/**
 * The selected market's depth beside the watchlist: the order book ladder (grouped by tick multiples),
 * the depth chart, the trade tape — and the trader's own recent fills.
 */
export function MarketPanel() {
  const symbol = useMarketStore((s) => s.selectedSymbol);
  const [view, setView] = useState<View>('book');
  const [grouping, setGrouping] = useState<Grouping>(1);
  const { feed, shape, error } = useDepth(symbol, grouping);
  const [base = symbol, quote = ''] = symbol.split('/');
  const decimals = usePriceDecimals(symbol);
  const tick = 10 ** -decimals;
  return (
    <section className="market-panel panel" aria-label="Market depth">
      <header className="panel-header">
        <div className="segmented" role="group" aria-label="Market view">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" aria-pressed={view === v.id} onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {view === 'book' || view === 'depth' ? (
          <select aria-label="Group price levels" value={grouping} onChange={(e) => setGrouping(Number(e.target.value) as Grouping)} title="Group the book's levels by this price step">
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {formatPrice(tick * g, Math.max(0, decimals - Math.log10(g)))}
              </option>
            ))}
          </select>
        ) : null}
      </header>
      <div className="panel-scroll">
        {view === 'fills' ? (
          <RecentFillsList />
        ) : error ? (
          <p className="form-error small pad" role="alert">
            {error}
          </p>
        ) : !shape ? (
          <p className="muted small pad">Loading the book…</p>
        ) : shape.problem ? (
          <p className="muted small pad">{shape.problem}</p>
        ) : view === 'book' ? (
          <OrderBookLadder feed={feed} shape={shape} base={base} quote={quote} />
        ) : (
          <WholeBook feed={feed} view={view} base={base} decimals={decimals} />
        )}
      </div>
      {shape && view !== 'fills' ? <footer className="market-panel-footer muted small">{TRANSPORT[shape.transport]}</footer> : null}
    </section>
  );
}

/** The depth chart or the tape: drawn from the whole book, re-rendered with each one while shown. */
function WholeBook({ feed, view, base, decimals }: { feed: DepthFeed; view: 'depth' | 'trades'; base: string; decimals: number }) {
  const depth = useDepthView(feed);
  if (!depth) return null;
  return view === 'depth' ? <DepthChart depth={depth} base={base} /> : <TradeTape depth={depth} decimals={decimals} />;
}

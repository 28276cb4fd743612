import { useEffect, useState, type DragEvent } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useMarketStore } from '../../stores/market';
import { ElsewhereEditor } from './ElsewhereEditor';

/**
 * Edits the watchlist: search the source's markets to add one, remove, and reorder (buttons, or drag a
 * row). Every change is the whole list in order (`market.watchlist.set`); the core checks it, streams
 * the new symbols and keeps the list for this source across restarts. A refusal (a symbol still in use)
 * is shown here, the list unchanged.
 */
export function WatchlistEditor() {
  const rows = useMarketStore((s) => s.rows);
  const symbols = rows.map((row) => row.symbol);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ symbol: string; watched: boolean }[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragged, setDragged] = useState<number | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .call('market.markets', { query, limit: 30 })
        .then((markets) => current && setFound(markets))
        .catch((reason: unknown) => current && setProblem(describeError(reason)));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, rows.length]);

  const save = async (next: string[]) => {
    setBusy(true);
    setProblem(null);
    try {
      useMarketStore.getState().setRows(await api.call('market.watchlist.set', { symbols: next }));
    } catch (reason) {
      setProblem(describeError(reason).replace(/^symbols: /, ''));
    } finally {
      setBusy(false);
    }
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= symbols.length || from === to) return;
    const next = [...symbols];
    const [symbol] = next.splice(from, 1);
    next.splice(to, 0, symbol!);
    void save(next);
  };
  const onDrop = (event: DragEvent, to: number) => {
    event.preventDefault();
    if (dragged !== null) move(dragged, to);
    setDragged(null);
  };

  return (
    <div className="watchlist-editor">
      <label className="field-label" htmlFor="watchlist-search">
        Add symbol
      </label>
      <input id="watchlist-search" type="search" placeholder="Search this source’s markets, e.g. ADA" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" spellCheck={false} />
      <ul className="watchlist-found" aria-label="Markets found">
        {found.map((market) => (
          <li key={market.symbol}>
            <span>{market.symbol}</span>
            {market.watched ? (
              <span className="muted small">in the list</span>
            ) : (
              <button type="button" className="small-btn" disabled={busy} onClick={() => void save([...symbols, market.symbol])} aria-label={`Add ${market.symbol}`}>
                Add
              </button>
            )}
          </li>
        ))}
        {found.length === 0 ? <li className="muted small">No market matches “{query}”.</li> : null}
      </ul>
      {problem ? (
        <p className="form-error small" role="alert">
          {problem}
        </p>
      ) : null}
      <ol className="watchlist-order" aria-label="Watchlist order">
        {symbols.map((symbol, index) => (
          <li key={symbol} draggable onDragStart={() => setDragged(index)} onDragOver={(e) => e.preventDefault()} onDrop={(e) => onDrop(e, index)} className={dragged === index ? 'dragging' : undefined} data-symbol={symbol}>
            <span className="grip" aria-hidden="true">
              ⋮⋮
            </span>
            <span className="order-symbol">{symbol}</span>
            <button type="button" className="icon" disabled={busy || index === 0} onClick={() => move(index, index - 1)} aria-label={`Move ${symbol} up`} title="Move up">
              ↑
            </button>
            <button type="button" className="icon" disabled={busy || index === symbols.length - 1} onClick={() => move(index, index + 1)} aria-label={`Move ${symbol} down`} title="Move down">
              ↓
            </button>
            <button type="button" className="icon" disabled={busy || symbols.length === 1} onClick={() => void save(symbols.filter((s) => s !== symbol))} aria-label={`Remove ${symbol}`} title="Remove from the watchlist">
              ×
            </button>
          </li>
        ))}
      </ol>
      <ElsewhereEditor />
    </div>
  );
}

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { direction, formatPercent, formatPrice } from '../../app/format';
import { useMarketStore } from '../../stores/market';
import { useUiStore } from '../../stores/ui';

/** Ctrl/Cmd+K: type to filter the markets, arrows to move, Enter to show one on the chart. */
export function SymbolSearch() {
  const rows = useMarketStore((s) => s.rows);
  const select = useMarketStore((s) => s.select);
  const close = () => useUiStore.getState().setOverlay('none');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const q = query.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');
    return q ? rows.filter((r) => r.symbol.replace('/', '').includes(q)).sort((a, b) => Number(!a.symbol.startsWith(q)) - Number(!b.symbol.startsWith(q))) : rows;
  }, [rows, query]);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);

  const choose = (symbol: string | undefined) => {
    if (!symbol) return;
    select(symbol);
    useUiStore.getState().setScreen('trade');
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(matches.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (event.key === 'Enter') choose(matches[active]?.symbol);
    else if (event.key === 'Escape') close();
    else return;
    event.preventDefault();
  };

  return (
    <div className="overlay-backdrop" onMouseDown={close}>
      <div className="dialog search-dialog" role="dialog" aria-modal="true" aria-label="Symbol search" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          role="combobox"
          aria-label="Search symbols"
          aria-expanded="true"
          aria-controls="symbol-search-results"
          aria-activedescendant={matches[active] ? `symbol-option-${active}` : undefined}
          placeholder="Search symbol, e.g. ETH"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
        <ul id="symbol-search-results" role="listbox" aria-label="Markets">
          {matches.map((row, i) => (
            <li
              key={row.symbol}
              id={`symbol-option-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(row.symbol)}
            >
              <strong>{row.symbol}</strong>
              <span className="num">{row.last === null ? '—' : formatPrice(row.last, row.priceDecimals)}</span>
              <span className={`num ${direction(row.changePct, 2)}`}>{row.changePct === null ? '—' : formatPercent(row.changePct)}</span>
            </li>
          ))}
          {matches.length === 0 ? <li className="muted">No market matches “{query}”.</li> : null}
        </ul>
        <p className="dialog-hint muted small">↑↓ to move · Enter to open · Esc to close</p>
      </div>
    </div>
  );
}

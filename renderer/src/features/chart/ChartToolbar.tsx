import { useEffect, useRef, useState } from 'react';
import { TIMEFRAMES } from '../../../../core/market/candle';
import { INDICATOR_LABELS, INDICATORS, usePreferencesStore } from '../../stores/preferences';

/** Timeframe switcher and indicator picker above the chart (TradingView's top toolbar). */
export function ChartToolbar() {
  const timeframe = usePreferencesStore((s) => s.timeframe);
  const setTimeframe = usePreferencesStore((s) => s.setTimeframe);
  const indicators = usePreferencesStore((s) => s.indicators);
  const toggle = usePreferencesStore((s) => s.toggleIndicator);
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  return (
    <div className="chart-toolbar">
      <div role="group" aria-label="Timeframe" className="segmented">
        {TIMEFRAMES.map((tf) => (
          <button key={tf} type="button" aria-pressed={tf === timeframe} onClick={() => setTimeframe(tf)}>
            {tf}
          </button>
        ))}
      </div>
      <span className="toolbar-sep" aria-hidden="true" />
      <div className="menu-anchor" ref={menu}>
        <button type="button" className="ghost" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">ƒx </span>Indicators{indicators.length ? ` (${indicators.length})` : ''}
        </button>
        {open ? (
          <div className="menu" role="group" aria-label="Indicators">
            {INDICATORS.map((id) => (
              <label key={id} className="menu-item">
                <input type="checkbox" checked={indicators.includes(id)} onChange={() => toggle(id)} />
                {INDICATOR_LABELS[id]}
              </label>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}

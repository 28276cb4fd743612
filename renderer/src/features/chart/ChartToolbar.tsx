import { TIMEFRAMES } from '../../../../core/market/candle';
import { useDropdown } from '../../app/useDropdown';
import { INDICATORS, usePreferencesStore } from '../../stores/preferences';
import { indicatorLabel, useChartSettingsStore } from './chart-settings';
import { ChartTools } from './DrawingTools';

/** Timeframe switcher and indicator picker above the chart (TradingView's top toolbar). */
export function ChartToolbar() {
  const timeframe = usePreferencesStore((s) => s.timeframe);
  const setTimeframe = usePreferencesStore((s) => s.setTimeframe);
  const indicators = usePreferencesStore((s) => s.indicators);
  const toggle = usePreferencesStore((s) => s.toggleIndicator);
  const settings = useChartSettingsStore((s) => s.indicators);
  const { open, setOpen, anchor } = useDropdown<HTMLDivElement>();

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
      <div className="menu-anchor" ref={anchor}>
        <button type="button" className="ghost" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">ƒx </span>Indicators{indicators.length ? ` (${indicators.length})` : ''}
        </button>
        {open ? (
          <div className="menu" role="group" aria-label="Indicators">
            {INDICATORS.map((id) => (
              <label key={id} className="menu-item">
                <input type="checkbox" checked={indicators.includes(id)} onChange={() => toggle(id)} />
                {indicatorLabel(id, settings[id])}
              </label>
            ))}
          </div>
        ) : null}
      </div>
      <ChartTools />
    </div>
  );
}

import { direction, formatPercent, formatPrice } from './format';
import { IS_MAC } from './shortcuts';
import { EmergencyStopButton } from '../features/risk/EmergencyStop';
import { LiveText, LiveTone, part } from '../features/live/live-dom';
import { useLivePaint } from '../features/live/useLivePaint';
import { useHostStore } from '../stores/host';
import { selectedRow, useMarketStore, useSelectedSymbolShown } from '../stores/market';
import { usePreferencesStore } from '../stores/preferences';
import { useUiStore } from '../stores/ui';

/** Brand, the selected market's ticker, symbol search, screens, theme, help — and the red button. */
export function TopBar() {
  const symbol = useSelectedSymbolShown();
  const screen = useUiStore((s) => s.screen);
  const setScreen = useUiStore((s) => s.setScreen);
  const setOverlay = useUiStore((s) => s.setOverlay);
  const theme = usePreferencesStore((s) => s.theme);
  const setTheme = usePreferencesStore((s) => s.setTheme);
  const simulated = useHostStore((s) => s.status?.dataSource.kind === 'simulated');
  return (
    <header className="top-bar">
      <span className="brand">
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M8 1 L8 15 M8 2 L14 11 L8 11 Z" fill="currentColor" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />
        </svg>
        Halyard
      </span>
      <button type="button" className="symbol-button" onClick={() => setOverlay('symbol-search')} aria-label="Search symbols" title={`Search symbols (${IS_MAC ? '⌘' : 'Ctrl'}+K)`}>
        <span className="symbol-name">{symbol ?? '—'}</span>
        <span className="search-hint">
          <kbd>{IS_MAC ? '⌘' : 'Ctrl'}</kbd>
          <kbd>K</kbd>
        </span>
      </button>
      <Ticker />
      {simulated ? <span className="badge simulated">Simulated market — no real prices</span> : null}
      <span className="spacer" />
      <nav aria-label="Screens" className="segmented">
        <button type="button" aria-current={screen === 'trade' ? 'page' : undefined} onClick={() => setScreen('trade')}>
          Trade
        </button>
        <button type="button" aria-current={screen === 'settings' ? 'page' : undefined} onClick={() => setScreen('settings')}>
          Settings
        </button>
      </nav>
      <button
        type="button"
        className="icon-button"
        aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
      <button type="button" className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setOverlay('help')}>
        ?
      </button>
      <EmergencyStopButton />
    </header>
  );
}

/** Writes the selected market's last price and 24 h change (text and tone) into the ticker on each tick. */
function tickerPainter(root: HTMLSpanElement) {
  const lastCell = part(root, '.ticker-last');
  const changeCell = part(root, '.ticker-change');
  const [last, lastTone, change, changeTone] = [new LiveText(lastCell), new LiveTone(lastCell), new LiveText(changeCell), new LiveTone(changeCell)];
  return {
    paint(state: Parameters<typeof selectedRow>[0]) {
      const row = selectedRow(state);
      const tone = direction(row?.changePct ?? null, 2);
      last.set(row?.last === null || row?.last === undefined ? '—' : formatPrice(row.last, row.priceDecimals));
      change.set(row?.changePct === null || row?.changePct === undefined ? '' : formatPercent(row.changePct));
      lastTone.set(tone);
      changeTone.set(tone);
    },
  };
}

/** The selected market's last price and 24 h change: the only part of the bar that moves with every tick (written in place). */
function Ticker() {
  const symbol = useSelectedSymbolShown();
  const root = useLivePaint(useMarketStore, tickerPainter, [symbol]);
  if (symbol === null) return null;
  return (
    <span ref={root} className="ticker" aria-label={`${symbol} last price`}>
      <span className="ticker-last" data-testid="ticker-last" />
      <span className="ticker-change" />
      <span className="muted small">24h</span>
    </span>
  );
}

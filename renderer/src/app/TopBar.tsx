import { direction, formatPercent, formatPrice } from './format';
import { IS_MAC } from './shortcuts';
import { EmergencyStopButton } from '../features/risk/EmergencyStop';
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

/** The selected market's last price and 24 h change: the only part of the bar that moves with every tick. */
function Ticker() {
  const last = useMarketStore((s) => selectedRow(s)?.last ?? null);
  const changePct = useMarketStore((s) => selectedRow(s)?.changePct ?? null);
  const decimals = useMarketStore((s) => selectedRow(s)?.priceDecimals ?? 2);
  const symbol = useSelectedSymbolShown();
  if (symbol === null) return null;
  const tone = direction(changePct, 2);
  return (
    <span className="ticker" aria-label={`${symbol} last price`}>
      <span className={`ticker-last ${tone}`} data-testid="ticker-last">
        {last === null ? '—' : formatPrice(last, decimals)}
      </span>
      <span className={`ticker-change ${tone}`}>{changePct === null ? '' : formatPercent(changePct)}</span>
      <span className="muted small">24h</span>
    </span>
  );
}

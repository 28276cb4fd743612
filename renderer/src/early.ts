/**
 * The page's first script, tiny and separate from the workspace's bundle: in the browser (`npm run
 * serve`) it opens the API WebSocket and asks for the chart's first history right away, so the core
 * answers while the rest of the page's code loads and React builds the workspace (api/early-socket.ts).
 * The symbol and timeframe are the ones the stores will start with (their localStorage cache); when the
 * stores disagree, the chart asks for its history itself. Electron's window has its own transport: nothing to do.
 */
import { openEarlySocket } from './api/early-socket';
import { HISTORY_BARS } from './features/chart/history-size';
import { DEFAULT_SYMBOL, DEFAULT_TIMEFRAME, MARKET_STORAGE_KEY, PREFERENCES_STORAGE_KEY } from './stores/storage-keys';

/** A string field of a zustand-persisted entry ({ state: { … } }), or the fallback. */
function stored(key: string, field: string, fallback: string): string {
  try {
    const entry = JSON.parse(localStorage.getItem(key) ?? 'null') as { state?: Record<string, unknown> } | null;
    const value = entry?.state?.[field];
    return typeof value === 'string' && value !== '' ? value : fallback;
  } catch {
    return fallback;
  }
}

if (!window.halyard) {
  openEarlySocket({
    symbol: stored(MARKET_STORAGE_KEY, 'selectedSymbol', DEFAULT_SYMBOL),
    timeframe: stored(PREFERENCES_STORAGE_KEY, 'timeframe', DEFAULT_TIMEFRAME),
    limit: HISTORY_BARS,
  });
}

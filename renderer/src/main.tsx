import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bindTheme } from './app/theme';
import { prefetchHistory } from './features/chart/first-history';
import { useMarketStore } from './stores/market';
import { usePreferencesStore } from './stores/preferences';
import './styles.css';
import './app/desk.css';

// The chart's history is the largest answer of the start: asked for first, it arrives while React builds the page.
prefetchHistory(useMarketStore.getState().selectedSymbol, usePreferencesStore.getState().timeframe);
bindTheme();
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

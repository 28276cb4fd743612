import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { Chart } from '../features/chart/Chart';
import { EmergencyStopButton, HaltedBanner } from '../features/risk/EmergencyStop';
import { StatusBar } from '../features/status/StatusBar';
import { Watchlist } from '../features/watchlist/Watchlist';
import { useHostStore } from '../stores/host';
import { useMarketStore } from '../stores/market';

type Screen = 'trade' | 'settings';

/** Loads host status and market rows, keeps them current from pushed events. */
function useHostSubscriptions() {
  const connected = useHostStore((s) => s.connected);
  useEffect(() => {
    const offStatus = api.on('app.status', (status) => useHostStore.getState().setStatus(status));
    const offRows = api.on('market.watchlist', ({ rows }) => useMarketStore.getState().setRows(rows));
    return () => {
      offStatus();
      offRows();
    };
  }, []);
  useEffect(() => {
    if (!connected) return;
    void api.call('app.status', {}).then((status) => useHostStore.getState().setStatus(status));
    void api.call('market.watchlist', {}).then((rows) => {
      const market = useMarketStore.getState();
      market.setRows(rows);
      if (rows.length > 0 && !rows.some((row) => row.symbol === market.selectedSymbol)) market.select(rows[0]!.symbol);
    });
  }, [connected]);
}

export function App() {
  useHostSubscriptions();
  const [screen, setScreen] = useState<Screen>('trade');
  const halted = useHostStore((s) => s.status?.halt.halted ?? false);
  const simulated = useHostStore((s) => s.status?.dataSource.kind === 'simulated');
  return (
    <div className={halted ? 'app halted' : 'app'}>
      <header className="top-bar">
        <span className="brand">Halyard</span>
        <nav aria-label="Screens">
          <button type="button" aria-current={screen === 'trade' ? 'page' : undefined} onClick={() => setScreen('trade')}>
            Trade
          </button>
          <button type="button" aria-current={screen === 'settings' ? 'page' : undefined} onClick={() => setScreen('settings')}>
            Settings
          </button>
        </nav>
        {simulated ? <span className="badge simulated">Simulated market — no real prices</span> : null}
        <span className="spacer" />
        <EmergencyStopButton />
      </header>
      <HaltedBanner />
      <main className="workspace">
        {screen === 'trade' ? (
          <>
            <Watchlist />
            <Chart />
          </>
        ) : (
          <section className="settings" aria-label="Settings">
            <h2>Settings</h2>
          </section>
        )}
      </main>
      <StatusBar />
    </div>
  );
}

import { lazy, Suspense } from 'react';
import { HaltedBanner } from '../features/risk/EmergencyStop';
import { StatusBar } from '../features/status/StatusBar';
import { useHostStore } from '../stores/host';
import { useUiStore } from '../stores/ui';
import { NoticeBar } from './NoticeBar';
import { PanelBoundary } from './PanelBoundary';
import { useShortcuts } from './shortcuts';
import { useHostSubscriptions } from './subscriptions';
import { TopBar } from './TopBar';
import { Workspace } from './Workspace';
import { StaleTab } from './StaleTab';

// Screens and overlays not shown at start-up load when first opened (less code to parse before the chart).
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const SymbolSearch = lazy(() => import('../features/search/SymbolSearch').then((m) => ({ default: m.SymbolSearch })));
const HelpOverlay = lazy(() => import('../features/help/HelpOverlay').then((m) => ({ default: m.HelpOverlay })));

export function App() {
  useHostSubscriptions();
  useShortcuts();
  const screen = useUiStore((s) => s.screen);
  const overlay = useUiStore((s) => s.overlay);
  const halted = useHostStore((s) => s.status?.halt.halted ?? false);
  const stale = useHostStore((s) => s.stale);
  if (stale) return <StaleTab />;
  return (
    <div className={halted ? 'app halted' : 'app'}>
      <TopBar />
      <HaltedBanner />
      <NoticeBar />
      {/* The top bar (Emergency Stop) and the banner stay outside: a failing screen never takes them down. */}
      <PanelBoundary what={screen === 'trade' ? 'The workspace' : 'The Settings screen'} resetKey={screen}>
        {screen === 'trade' ? (
          <Workspace />
        ) : (
          <Suspense fallback={<main className="settings muted pad">Loading…</main>}>
            <SettingsScreen />
          </Suspense>
        )}
      </PanelBoundary>
      <StatusBar />
      <PanelBoundary what="This window" resetKey={overlay}>
        <Suspense fallback={null}>
          {overlay === 'symbol-search' ? <SymbolSearch /> : null}
          {overlay === 'help' ? <HelpOverlay /> : null}
        </Suspense>
      </PanelBoundary>
    </div>
  );
}

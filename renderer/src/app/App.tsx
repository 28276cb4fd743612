import { HelpOverlay } from '../features/help/HelpOverlay';
import { HaltedBanner } from '../features/risk/EmergencyStop';
import { SymbolSearch } from '../features/search/SymbolSearch';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { StatusBar } from '../features/status/StatusBar';
import { useHostStore } from '../stores/host';
import { useUiStore } from '../stores/ui';
import { NoticeBar } from './NoticeBar';
import { useShortcuts } from './shortcuts';
import { useHostSubscriptions } from './subscriptions';
import { TopBar } from './TopBar';
import { Workspace } from './Workspace';
import { StaleTab } from './StaleTab';

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
      {screen === 'trade' ? <Workspace /> : <SettingsScreen />}
      <StatusBar />
      {overlay === 'symbol-search' ? <SymbolSearch /> : null}
      {overlay === 'help' ? <HelpOverlay /> : null}
    </div>
  );
}

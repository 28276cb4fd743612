import { useHostStore } from '../stores/host';
import { useUiStore } from '../stores/ui';

/**
 * Problems the trader must know about and can fix, one line each with the way out: the host is
 * unreachable, the keychain or database is unusable.
 */
export function NoticeBar() {
  const connected = useHostStore((s) => s.connected);
  const status = useHostStore((s) => s.status);
  const openSettings = () => useUiStore.getState().setScreen('settings');
  const notices: { id: string; text: string; action?: { label: string; run(): void } }[] = [];
  if (!connected && status) notices.push({ id: 'host', text: 'Lost the connection to the Halyard core — reconnecting. Prices and orders shown may be stale.' });
  if (status && !status.keychain.ok) notices.push({ id: 'keychain', text: `Paper trading only: ${status.keychain.message ?? 'the OS keychain is unavailable.'}`, action: { label: 'Settings', run: openSettings } });
  if (status && !status.database.ok) notices.push({ id: 'database', text: status.database.message ?? 'The database cannot be opened.' });
  if (notices.length === 0) return null;
  return (
    <div className="notice-bar" role="alert">
      {notices.map((n) => (
        <p key={n.id} data-testid={`notice-${n.id}`}>
          {n.text}
          {n.action ? (
            <button type="button" className="link-button" onClick={n.action.run}>
              {n.action.label}
            </button>
          ) : null}
        </p>
      ))}
    </div>
  );
}

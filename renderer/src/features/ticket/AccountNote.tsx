import { useEffect } from 'react';
import { useAccountsStore } from '../../stores/accounts';
import { useHostStore } from '../../stores/host';
import { useUiStore } from '../../stores/ui';

/** Under the ticket: which account orders go to, and what to do to change that. */
export function AccountNote() {
  const mode = useHostStore((s) => s.status?.mode);
  const connected = useHostStore((s) => s.connected);
  const accounts = useAccountsStore((s) => s.accounts);
  const refresh = useAccountsStore((s) => s.refresh);
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);
  const openSettings = () => useUiStore.getState().setScreen('settings');
  if (mode?.kind === 'live') {
    return (
      <p className="ticket-footer live-note" data-testid="account-note">
        <strong>LIVE</strong> on {mode.account} — orders use real money.
      </p>
    );
  }
  return (
    <p className="ticket-footer" data-testid="account-note">
      {accounts && accounts.length > 0 ? (
        <>Paper trading: orders fill against the market here, no real money moves. Live trading is armed per account.</>
      ) : (
        <>
          No exchange account — trading on paper.{' '}
          <button type="button" className="link-button" onClick={openSettings}>
            Add an account in Settings
          </button>
        </>
      )}
    </p>
  );
}

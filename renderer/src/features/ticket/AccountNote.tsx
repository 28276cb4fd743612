import { useAccountsStore } from '../../stores/accounts';
import { useUiStore } from '../../stores/ui';
import { PAPER } from './useTicketAccount';

/** Under the ticket: the account the next order goes to — always the one the `Account` selector shows. */
export function AccountNote({ account, armed }: { account: string; armed: readonly string[] }) {
  const accounts = useAccountsStore((s) => s.accounts);
  const openSettings = () => useUiStore.getState().setScreen('settings');
  if (account !== PAPER) {
    return (
      <p className="ticket-footer live-note" data-testid="account-note">
        <strong>LIVE</strong> on {account} — orders use real money.
      </p>
    );
  }
  return (
    <p className="ticket-footer" data-testid="account-note">
      Orders go to <strong>Paper</strong>: they fill against the market here, no real money moves.{' '}
      {armed.length > 0 ? (
        <>To trade an armed live account, choose it under Account.</>
      ) : accounts && accounts.length > 0 ? (
        <>Live trading is armed per account in Settings → Accounts.</>
      ) : (
        <>
          No exchange account.{' '}
          <button type="button" className="link-button" onClick={openSettings}>
            Add an account in Settings
          </button>
        </>
      )}
    </p>
  );
}

import { useState } from 'react';
import type { AccountView } from '../../../../core/api/contract/accounts';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

/**
 * Going live is deliberate: the trader types the account's label to arm it. The core refuses when
 * credentials, limits or key permissions are not right, and says why.
 */
export function ArmAccount({
  account,
  onChanged,
  onStarted,
}: {
  account: AccountView;
  onChanged(message: { kind: 'ok' | 'error'; text: string }): void;
  /** An attempt went out: what the last one said no longer holds (arming may take seconds at the venue). */
  onStarted(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<AccountView>, done: string) => {
    setBusy(true);
    onStarted();
    try {
      await action();
      setConfirming(false);
      setTyped('');
      onChanged({ kind: 'ok', text: done });
    } catch (reason) {
      onChanged({ kind: 'error', text: describeError(reason) });
    } finally {
      setBusy(false);
    }
  };
  if (account.mode === 'live') {
    return (
      <button type="button" disabled={busy} onClick={() => void run(() => api.call('accounts.disarm', { id: account.id }), `${account.label} is back on paper: no new live orders.`)}>
        Disarm (back to paper)
      </button>
    );
  }
  if (!confirming) {
    return (
      <button type="button" className="danger" disabled={!account.hasKey} title={account.hasKey ? 'Trade this account with real money' : 'Add API keys first'} onClick={() => setConfirming(true)}>
        Arm live…
      </button>
    );
  }
  const inputId = `arm-${account.id}`;
  return (
    <form
      className="inline-form arm-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => api.call('accounts.arm', { id: account.id, confirmLabel: typed }), `${account.label} is LIVE: orders from now on use real money.`);
      }}
    >
      {account.keyPermissions === 'unknown' ? (
        <p className="warn small" role="note">
          Permissions unknown: {account.exchange} does not report what an API key may do, so Halyard cannot check that this key cannot withdraw. Arm it only
          with a trade-only key (no withdrawals, ideally IP-restricted); typing the label confirms it is one.
        </p>
      ) : null}
      <label htmlFor={inputId}>Type “{account.label}” to trade it live</label>
      <input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
      <button type="submit" className="danger" disabled={busy || typed !== account.label}>
        Arm live trading
      </button>
      <button
        type="button"
        onClick={() => {
          // Backing out forgets the typed label: arming later takes typing it again, not one click.
          setConfirming(false);
          setTyped('');
        }}
      >
        Cancel
      </button>
    </form>
  );
}

import { useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatPrice } from '../../app/format';

/**
 * The paper account is saved with everything else and survives restarts; "Reset paper account"
 * starts it over at its starting balance, after a confirmation. The core refuses while paper orders
 * are open or positions are held, and says what to close first.
 */
export function PaperAccount() {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const reset = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await api.call('accounts.resetPaper', {});
      const cash = result.balances.map((b) => `${formatPrice(b.total, 2)} ${b.currency}`).join(', ');
      setMessage({ kind: 'ok', text: `Paper account reset: ${cash || 'no balance'}.` });
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <div className="settings-form" aria-label="Paper account">
      <p className="muted small">Balances, open orders, fills and positions of the paper account are saved and come back after a restart. Order and fill history stays after a reset.</p>
      {confirming ? (
        <div className="inline-form" role="group" aria-label="Confirm paper account reset">
          <span>Start the paper account over at its starting balance?</span>
          <button type="button" className="danger" disabled={busy} onClick={() => void reset()}>
            {busy ? 'Resetting…' : 'Yes, reset paper account'}
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" onClick={() => setConfirming(true)}>
            Reset paper account
          </button>
        </div>
      )}
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'ok' ? 'ok small' : 'form-error small'}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

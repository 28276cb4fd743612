import { useState } from 'react';
import { api } from '../../api/client';
import { useHostStore } from '../../stores/host';

/** The red button on every screen. One click halts; the core does the rest. */
export function EmergencyStopButton() {
  const [error, setError] = useState<string | null>(null);
  const halted = useHostStore((s) => s.status?.halt.halted ?? false);
  const stop = async () => {
    setError(null);
    try {
      await api.call('risk.emergencyStop', { source: 'button' });
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  return (
    <div className="estop-wrap">
      <button type="button" className="estop" aria-label="Emergency Stop" onClick={() => void stop()} aria-pressed={halted}>
        Emergency Stop
      </button>
      {error ? <span role="alert" className="error">{error}</span> : null}
    </div>
  );
}

/** Shown everywhere while halted, with the deliberate way back. */
export function HaltedBanner() {
  const halt = useHostStore((s) => s.status?.halt);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!halt?.halted) return null;
  const rearm = async () => {
    try {
      await api.call('risk.rearm', { confirm: true });
      setConfirming(false);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  return (
    <div className="halted-banner" role="alert" data-testid="halted-banner">
      <strong>HALTED</strong>
      <span>
        Trading stopped {halt.since ? `at ${new Date(halt.since).toISOString().replace('T', ' ').slice(0, 19)} UTC` : ''} by {halt.source ?? 'unknown'}
        {halt.reason ? ` — ${halt.reason}` : ''}. No orders will be sent until you re-arm.
      </span>
      {confirming ? (
        <span className="confirm">
          Re-arming lets strategies place orders again.
          <button type="button" onClick={() => void rearm()}>
            Confirm re-arm
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep halted
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Re-arm…
        </button>
      )}
      {error ? <span className="error">{error}</span> : null}
    </div>
  );
}

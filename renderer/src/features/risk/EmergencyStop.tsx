import { useEffect, useRef, useState } from 'react';
import { isCommandName, type CommandResult } from '../../../../core/api/contract/index';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
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
      setError(describeError(reason));
    }
  };
  return (
    <div className="estop-wrap">
      <button type="button" className="estop" aria-label="Emergency Stop" onClick={() => void stop()} data-halted={halted}>
        Emergency Stop
      </button>
      {error ? <span role="alert" className="error">{error}</span> : null}
    </div>
  );
}

type ResumePreview = CommandResult<'risk.resumePreview'>;

/** What re-arming will start again, in one line (from the core's resume preview). */
function describeResume(preview: ResumePreview): string {
  const parts: string[] = [];
  parts.push(preview.strategies.length ? `strategies ${preview.strategies.map((s) => `${s.name} (${s.symbols.join(', ')})`).join('; ')}` : 'no strategies');
  const accounts = preview.accounts.length;
  parts.push(`${accounts || 'no'} ${accounts === 1 ? 'account' : 'accounts'}: ${preview.accounts.map((a) => `${a.label} ${a.mode.toUpperCase()}`).join(', ') || '—'}`);
  const positions = preview.openPositions.length;
  if (positions) parts.push(`${positions} open ${positions === 1 ? 'position' : 'positions'}`);
  const locks = preview.locks.length;
  if (locks) parts.push(locks === 1 ? '1 risk lock stays in force' : `${locks} risk locks stay in force`);
  return parts.join(' · ');
}

/** Shown everywhere while halted, with the deliberate way back: it says what will resume first. */
export function HaltedBanner() {
  const halt = useHostStore((s) => s.status?.halt);
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Keyboard users stay where they were: the button they pressed is replaced by the confirmation and back.
  const rearmButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming || !returnFocus.current) return;
    returnFocus.current = false;
    rearmButton.current?.focus();
  }, [confirming]);
  if (!halt?.halted) return null;
  const rearm = async () => {
    try {
      await api.call('risk.rearm', { confirm: true });
      setConfirming(false);
    } catch (reason) {
      setError(describeError(reason));
    }
  };
  const askToRearm = () => {
    setConfirming(true);
    setPreview(null);
    if (!isCommandName('risk.resumePreview')) return;
    api
      .call('risk.resumePreview', {})
      .then((p) => setPreview(describeResume(p)))
      .catch((reason: unknown) => setPreview(`(could not read what will resume: ${describeError(reason)})`));
  };
  const keepHalted = () => {
    returnFocus.current = true;
    setConfirming(false);
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
          <span data-testid="resume-preview">Re-arming resumes: {preview ?? '…'}</span>
          <button type="button" onClick={() => void rearm()}>
            Confirm re-arm
          </button>
          {/* Focus lands on the safe answer. */}
          <button type="button" autoFocus onClick={keepHalted}>
            Keep halted
          </button>
        </span>
      ) : (
        <button type="button" ref={rearmButton} onClick={askToRearm}>
          Re-arm…
        </button>
      )}
      {error ? <span className="error">{error}</span> : null}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { focusIfLost } from './focus-kept';
import { formatDuration } from './format';

/**
 * Progress of long work (backtests, backfills): a bar, the fraction done, an estimate of the time
 * left from the rate so far, and a Cancel button when the work can be cancelled.
 */
export function Progress({ label, done, total, startedAt, now, onCancel, etaMs }: { label: string; done: number; total: number; startedAt: number; now: number; onCancel?: () => void; etaMs?: number | null }) {
  const cancel = useRef<HTMLButtonElement>(null);
  // The button that started the work is gone: the keyboard lands on Cancel, not at the page's top.
  useEffect(() => focusIfLost(cancel.current), []);
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const elapsed = now - startedAt;
  const eta = etaMs !== undefined ? etaMs : fraction > 0.02 && fraction < 1 ? (elapsed / fraction) * (1 - fraction) : null;
  // Rounded up: 0.4 s left reads "about 1s", not "about 0s".
  return (
    <div className="progress">
      <div className="progress-head">
        <span>{label}</span>
        <span className="num muted">
          {Math.round(fraction * 100)}%{eta !== null && eta > 0 ? ` · about ${formatDuration(Math.ceil(eta / 1000) * 1000)} left` : ''}
        </span>
        {onCancel ? (
          <button ref={cancel} type="button" className="small-btn" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <div className="usage-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <span style={{ width: `${fraction * 100}%` }} className="accent" />
      </div>
    </div>
  );
}

import type { StrategyConfigView } from '../../../../core/api/contract/live-strategies';

type WarmupProgress = NonNullable<StrategyConfigView['warmup']>[string];

/**
 * Readiness 0–100 as a small bar with the number (how close a strategy is to acting on a symbol); while the
 * strategy still lacks the history it requires, its warm-up instead ("warming up 50/333 1h"): a readiness
 * of 0 then says nothing about the market.
 */
export function Readiness({ value, label, warmup }: { value: number | null; label?: string; warmup?: WarmupProgress | undefined }) {
  if (warmup) {
    const title = `${label ? `${label}: ` : ''}warming up: ${warmup.have} of ${warmup.need} ${warmup.timeframe} bars of history (readiness counts once it has them)`;
    return (
      <span className="readiness warming" title={title} data-testid="readiness-warmup">
        {label ? <span className="readiness-label">{label}</span> : null}
        <span className="readiness-bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, (100 * warmup.have) / Math.max(1, warmup.need))}%` }} />
        </span>
        <span className="num">
          warming up {warmup.have}/{warmup.need} {warmup.timeframe}
        </span>
      </span>
    );
  }
  if (value === null) return <span className="muted small" title="warming up">{label ? `${label} ` : ''}…</span>;
  const tone = value >= 75 ? 'hot' : value >= 50 ? 'warm' : 'cold';
  return (
    <span className={`readiness ${tone}`} title={`${label ?? ''} readiness ${Math.round(value)} of 100`}>
      {label ? <span className="readiness-label">{label}</span> : null}
      <span className="readiness-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </span>
      <span className="num">{Math.round(value)}</span>
    </span>
  );
}

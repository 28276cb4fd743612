/** Readiness 0–100 as a small bar with the number (how close a strategy is to acting on a symbol). */
export function Readiness({ value, label }: { value: number | null; label?: string }) {
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

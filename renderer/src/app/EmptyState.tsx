import type { ReactNode } from 'react';

/** What an empty or failed panel says: what is going on, and what the trader can do about it. */
export function EmptyState({ title, detail, tone = 'info', children }: { title: string; detail?: string; tone?: 'info' | 'error'; children?: ReactNode }) {
  return (
    <div className={`empty-state ${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <p className="empty-title">{title}</p>
      {detail ? <p className="empty-detail">{detail}</p> : null}
      {children}
    </div>
  );
}

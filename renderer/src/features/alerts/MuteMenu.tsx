import { useDropdown } from '../../app/useDropdown';
import { ALERT_KINDS, ALERT_LABELS, usePreferencesStore } from '../../stores/preferences';

/** A compact menu of per-kind desktop-notification switches. */
export function MuteMenu() {
  const muted = usePreferencesStore((s) => s.muted);
  const toggleMuted = usePreferencesStore((s) => s.toggleMuted);
  const { open, setOpen, anchor } = useDropdown<HTMLDivElement>();
  return (
    <div className="menu-anchor" ref={anchor}>
      <button type="button" className="small-btn" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        Notify: {ALERT_KINDS.length - muted.length}/{ALERT_KINDS.length} kinds ▾
      </button>
      {open ? (
        <div className="menu menu-right" role="group" aria-label="Desktop notifications by kind">
          {ALERT_KINDS.map((kind) => (
            <label key={kind} className="menu-item">
              <input type="checkbox" checked={!muted.includes(kind)} onChange={() => toggleMuted(kind)} aria-label={`Notify: ${ALERT_LABELS[kind]}`} />
              {ALERT_LABELS[kind]}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}

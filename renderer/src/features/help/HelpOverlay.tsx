import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../app/shortcuts';
import { useUiStore } from '../../stores/ui';

/** "?" — every keyboard shortcut, from the same list the key handler uses. */
export function HelpOverlay() {
  const close = () => useUiStore.getState().setOverlay('none');
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="overlay-backdrop" onMouseDown={close}>
      <div className="dialog help-dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onMouseDown={(e) => e.stopPropagation()}>
        <header className="dialog-header">
          <h2>Keyboard shortcuts</h2>
          <button ref={button} type="button" className="icon" aria-label="Close" onClick={close}>
            ×
          </button>
        </header>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  {s.keys.split('+').map((k, i) => (
                    <span key={i}>
                      {i > 0 ? '+' : ''}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

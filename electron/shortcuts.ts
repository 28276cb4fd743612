/** Ctrl+Shift+X (Cmd+Shift+X on macOS), registered in main so it works while the renderer is busy. */
export const EMERGENCY_STOP_ACCELERATOR = 'CommandOrControl+Shift+X';

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/**
 * Registers the emergency-stop shortcut. Another application may already own the combination;
 * then the stop stays reachable from the button and the tray, and the log says why.
 * Returns whether it was registered and how to release it.
 */
export function registerEmergencyStopShortcut(
  globalShortcut: GlobalShortcutLike,
  trigger: () => void,
  log: (line: string) => void,
): { registered: boolean; release: () => void } {
  const registered = globalShortcut.register(EMERGENCY_STOP_ACCELERATOR, trigger);
  if (!registered) log(`could not register ${EMERGENCY_STOP_ACCELERATOR} for Emergency Stop (another application holds it); use the button or the tray`);
  return {
    registered,
    release: () => {
      if (registered) globalShortcut.unregister(EMERGENCY_STOP_ACCELERATOR);
    },
  };
}

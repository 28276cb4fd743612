/** The slice of Electron's `app` the single-instance lock uses. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** The slice of a BrowserWindow we need to bring it forward. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function focusWindow(window: FocusableWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * Two instances must never trade the same account. The first instance holds the lock; a second
 * launch gets false (and must quit before opening the database) and the first one comes forward.
 */
export function acquireSingleInstance(app: SingleInstanceApp, currentWindow: () => FocusableWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => focusWindow(currentWindow()));
  return true;
}
